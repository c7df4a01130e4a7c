/**
 * A long WHATWG stream through encryptStream→decryptStream in the page, generated and checked
 * byte for byte as it flows (nothing of it is kept), for the renderer's memory.
 */
import { RawAesKeyring, decryptStream, encryptStream } from '@envelope/client';
import { expose } from './page_bytes.js';

const MiB = 1024 * 1024;
const block = new Uint8Array(MiB);
for (let o = 0; o < MiB; o += 65536) crypto.getRandomValues(block.subarray(o, o + 65536));

/** Chunk i of the source: the random MiB with i in its first 4 bytes. */
function chunk(i: number): Uint8Array {
  const c = block.slice();
  new DataView(c.buffer).setUint32(0, i);
  return c;
}

async function check(readable: ReadableStream<Uint8Array>): Promise<number> {
  const reader = readable.getReader();
  let at = 0;
  let expected = chunk(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return at;
    for (let o = 0; o < value.length; ) {
      const inBlock = at % MiB;
      if (inBlock === 0 && at > 0) expected = chunk(at / MiB);
      const n = Math.min(value.length - o, MiB - inBlock);
      const got = value.subarray(o, o + n);
      const want = expected.subarray(inBlock, inBlock + n);
      for (let k = 0; k < n; k++) if (got[k] !== want[k]) throw new Error(`byte ${at + k} differs`);
      at += n;
      o += n;
    }
  }
}

expose({
  roundTrip: async (totalMiB: number, frameLength: number) => {
    const keyring = new RawAesKeyring({ keyNamespace: 'page', keyName: 'aes', wrappingKey: crypto.getRandomValues(new Uint8Array(32)) });
    let i = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(c) {
        if (i === totalMiB) c.close();
        else c.enqueue(chunk(i++));
      },
    }, { highWaterMark: 1 });
    return check(source.pipeThrough(encryptStream(keyring, { frameLength })).pipeThrough(decryptStream(keyring)));
  },
});
