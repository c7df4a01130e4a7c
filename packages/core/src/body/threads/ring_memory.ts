/**
 * The shared memory of hash rings, kept for the next ring once a worker has left it: a fresh
 * SharedArrayBuffer per stream, handed to another thread, made V8 collect the old generation
 * several times per 64 MiB stream (the collections' helper threads then took as much CPU as the
 * calling thread's frames, on the cores the hash needs). The memory holds only what is hashed
 * (header and body as written) and a signature, never a key or plaintext.
 */
import { RING } from './ring_layout.js';

const { SLOT, SLOTS, COUNTS } = RING;

/** One ring's memory: the slots' bytes, the control words, and private memory to align pieces in. */
export interface RingMemory {
  readonly data: SharedArrayBuffer;
  readonly ctrl: Int32Array;
  readonly slots: readonly Uint8Array[];
  readonly stage: Uint8Array;
}

/** Rings kept for reuse: as many as streams commonly hash at once, so the bound stays small. */
const KEPT = 2;
const free: RingMemory[] = [];

/** Memory for a new ring, its control words zero. */
export function takeRingMemory(): RingMemory {
  const kept = free.pop();
  if (kept) {
    for (let i = 0; i < kept.ctrl.length; i++) Atomics.store(kept.ctrl, i, 0);
    return kept;
  }
  const data = new SharedArrayBuffer(SLOT * SLOTS);
  const slots = Array.from({ length: SLOTS }, (_, i) => new Uint8Array(data, i * SLOT, SLOT));
  return { data, ctrl: new Int32Array(new SharedArrayBuffer(4 * (COUNTS + SLOTS))), slots, stage: new Uint8Array(SLOT + 8) };
}

/** Gives back the memory of a ring that no worker reads any more (its session answered). */
export function giveRingMemory(m: RingMemory): void {
  if (free.length < KEPT) free.push(m);
}
