/**
 * The shared memory of a hash ring, as both threads read it. ctrl: [WRITTEN] slots written, with
 * ABANDONED set once the stream gave up (in the word the worker waits on, so that it cannot miss it
 * between a check and its wait); [READ] slots hashed; [ASLEEP] 1 while the worker waits for slots;
 * [WAITING] 1 while the stream waits for room; [COUNTS + i] slot i's byte count or end code.
 *
 * Each side wakes the other only when a batch is ready (WAKE_AT slots to hash, ROOM_AT slots free)
 * or at the end: waking per slot cost more than the hashing it handed over (every wake can
 * switch a core between the two threads), and the side that waits has nothing else to do.
 */
export const RING = Object.freeze({
  WRITTEN: 0,
  READ: 1,
  ASLEEP: 2,
  WAITING: 3,
  COUNTS: 4,
  ABANDONED: 1 << 30,
  /** Bytes per slot. */
  SLOT: 128 * 1024,
  /** Slots in the ring (the memory bound: SLOTS × SLOT, plus what one write adds while it is full). */
  SLOTS: 8,
  /** Slots written before a sleeping worker is woken (the end wakes it whatever the count). */
  WAKE_AT: 4,
  /** Slots free before a stream waiting for room is woken. */
  ROOM_AT: 4,
});
