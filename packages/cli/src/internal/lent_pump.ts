/**
 * The CLI's data path from a regular file to a regular file without a Transform: reads with
 * readSync into one reused buffer, hands each read to the core's lending writer or reader, and
 * writes the views it lends with writeSync before they go back to it. Nothing is allocated per
 * read; the event loop still turns every {@link YIELD_EVERY} bytes, for signals and the progress bar.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { readSync } from 'node:fs';
import type { LentSink } from '@envelope/core';
import { YIELD_EVERY, writeAll } from './file_pump.js';

/** Bytes per read (the codecs copy what they keep past a write, so one buffer does). */
export const LENT_READ_SIZE = 256 * 1024;

/** What the pump drives: `startMessageWriter`'s writer or `messageReader`'s reader. */
export interface LentCodec {
  write(chunk: Uint8Array, sink: LentSink): Promise<void> | undefined;
  end(sink: LentSink): Promise<void> | undefined;
}

/**
 * Writes `first`, then runs the whole of `inFd` through `codec` into `outFd` (a new file: written
 * from its start). The read buffer is zeroed either way (it held plaintext on encrypt).
 */
export async function pumpLent(codec: LentCodec, inFd: number, outFd: number, onBytes: (n: number) => void, first?: Uint8Array): Promise<void> {
  const buf = Buffer.allocUnsafeSlow(LENT_READ_SIZE);
  let position = 0;
  const sink: LentSink = (b) => {
    writeAll(outFd, b, b.length, position);
    position += b.length;
  };
  try {
    if (first) sink(Buffer.from(first.buffer, first.byteOffset, first.byteLength));
    let since = 0;
    for (;;) {
      const n = readSync(inFd, buf, 0, buf.length, null);
      if (n === 0) break;
      onBytes(n);
      const wait = codec.write(buf.subarray(0, n), sink);
      if (wait) await wait;
      since += n;
      if (since >= YIELD_EVERY) {
        since = 0;
        await nextTurn();
      }
    }
    const wait = codec.end(sink);
    if (wait) await wait;
  } finally {
    buf.fill(0);
  }
}
