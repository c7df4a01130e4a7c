/**
 * Keeps the CLI's memory flat on multi-GB streams. Every frame of a stream is a fresh
 * Buffer from node:crypto, outside V8's heap: V8 frees such buffers when it collects their small
 * JS objects, and on its own starts that only once the dead buffers add up to 64 MiB more than
 * after the last full collection, so the peak grows by that much.
 *
 * So the CLI asks for a scavenge (a minor collection: the young generation only) every
 * {@link GC_EVERY} bytes of input. The output is copied into pooled batches
 * (internal/file_pump.ts), so by then every frame before the last one or two is dead, and none
 * lives long enough to be promoted: no full collection is needed while streaming. What the
 * scavenges cost follows the garbage, not their number, down to an interval where it starts to
 * rise; 512 KiB is the shortest before that, so the least dead memory is held (the measurements are
 * in bench/README.md § Figures behind source choices).
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

/** Input bytes between two forced scavenges. */
export const GC_EVERY = 512 * 1024;
let since = 0;

/** Call with the byte count of each chunk that went through. */
export function noteBytes(n: number): void {
  since += n;
  if (since >= GC_EVERY && gc) {
    since = 0;
    gc({ type: 'minor' });
  }
}

/** A full collection before a stream starts: what loading the modules and the keyring left behind goes back first. */
export function collectBeforeStreaming(): void {
  gc?.({ type: 'major' });
}
