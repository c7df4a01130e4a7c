/**
 * The shared memory of a hash ring, as both threads read it. ctrl: [WRITTEN] slots written, with
 * ABANDONED set once the stream gave up (in the word the worker waits on, so that it cannot miss it
 * between a check and its wait); [READ] slots hashed; [COUNTS + i] slot i's byte count or end code.
 */
export const RING = Object.freeze({
  WRITTEN: 0,
  READ: 1,
  COUNTS: 3,
  ABANDONED: 1 << 30,
  /** Bytes per slot. */
  SLOT: 128 * 1024,
  /** Slots in the ring (the memory bound: SLOTS × SLOT, plus what one write adds while it is full). */
  SLOTS: 8,
});
