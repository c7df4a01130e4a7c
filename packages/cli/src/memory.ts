/**
 * Keeps the CLI's memory flat on multi-GB streams. Every frame of a stream is a fresh Buffer from
 * node:crypto; V8 frees them only when its young generation fills, which lets tens of MiB of dead
 * frames pile up. A minor collection every 512 KiB of input returns them promptly (a scavenge of a
 * mostly-dead young generation costs well under a millisecond); the output is copied into pooled
 * batches (internal/file_pump.ts) so that the frames are dead by then and none gets old.
 *
 * Measured on 512 MiB under load (issue 21): without these collections the peak is 88-106 MiB
 * (V8 counts the dead frames' memory only against its 64 MiB external-memory limit), with them
 * 62-63.5 MiB, of which ~58 MiB is the process after loading its modules.
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

const EVERY = 512 * 1024;
const MAJOR_EVERY = 128; // one full collection every 64 MiB
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

/** A full collection before a stream starts: what loading the modules and the keyring left behind goes back first. */
export function collectBeforeStreaming(): void {
  gc?.({ type: 'major' });
}
