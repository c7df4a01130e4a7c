/**
 * Keeps the CLI's memory flat on multi-GB streams. Every frame of a stream is a fresh Buffer from
 * node:crypto; V8 frees them only when its young generation fills, which lets tens of MiB of dead
 * frames pile up. A minor collection every few MiB of input returns them promptly (a scavenge of a
 * mostly-dead young generation costs well under a millisecond).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options?: { type?: 'minor' | 'major' }) => void;
let gc: Gc | undefined;
try {
  setFlagsFromString('--expose-gc');
  gc = runInNewContext('gc') as Gc;
} catch {
  gc = undefined;
}

const EVERY = 256 * 1024;
const MAJOR_EVERY = 128;
let since = 0;
let minors = 0;

/** Call with the byte count of each chunk that went through. */
export function noteBytes(n: number): void {
  since += n;
  if (since >= EVERY && gc) {
    since = 0;
    // Now and then a full collection too: buffers that survived a scavenge live in old space.
    gc({ type: ++minors % MAJOR_EVERY === 0 ? 'major' : 'minor' });
  }
}
