// Input cut at random and run through a stream: what the stream interop tests share.
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** `b` cut into views of 1 to `most` bytes, at random. */
export function chunks(b: Buffer, most: number): Buffer[] {
  const out: Buffer[] = [];
  for (let o = 0; o < b.length; ) {
    const n = 1 + Math.floor(Math.random() * most);
    out.push(b.subarray(o, o + n));
    o += n;
  }
  return out;
}

/** Everything `t` writes when `input` is written to it, in one buffer. */
export async function through(input: Buffer[], t: NodeJS.ReadWriteStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  await pipeline(Readable.from(input), t, new Writable({ write(c: Buffer, _e, cb) { parts.push(c); cb(); } }));
  return Buffer.concat(parts);
}
