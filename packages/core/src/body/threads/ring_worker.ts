/**
 * The worker's side of a hash ring (hash_ring.ts): the calling thread copies the bytes to hash into
 * slots of the shared data and counts them in ctrl[0] (bit 30 set: abandoned); this thread hashes
 * them in order and counts them in ctrl[1]. ctrl[4 + slot]: the slot's byte count, or the end:
 * -1 sign, -(1 + n) verify the n-byte signature in the slot. Blocks this thread (Atomics.wait on
 * ctrl[0]) until then; ring_layout.ts says when each side wakes the other.
 */
import { backend } from '#crypto-backend';
import { now } from '../../crypto/maybe.js';
import type { Verifier } from '../../crypto/backend.js';
import type { RingAnswer, RingMessage } from './worker_protocol.js';
import { RING } from './ring_layout.js';

export function runRing(m: RingMessage): RingAnswer {
  let signer;
  let verifier;
  if (m.kind === 'sign') {
    try {
      signer = backend.signer(now(backend.importSigningKey(m.curve, m.key)), m.hash);
    } finally {
      m.key.fill(0);
    }
  } else verifier = backend.verifier(now(backend.importVerificationKey(m.curve, m.key)), m.hash);
  const h = signer ?? verifier!;
  h.update(m.first);
  const c = new Int32Array(m.ctrl);
  const count = c.length - RING.COUNTS;
  const size = m.data.byteLength / count;
  for (let read = 0; ; ) {
    const w = Atomics.load(c, RING.WRITTEN);
    if (w === read) {
      sleep(c, read);
      continue;
    }
    if ((w & ~RING.ABANDONED) === read) return { session: m.session, ring: true, abandoned: true };
    const first = read % count;
    const n = c[RING.COUNTS + first]!;
    let r: RingAnswer | undefined;
    if (n >= 0) {
      // Whole slots that follow in memory are hashed in one update (fewer, larger updates hash faster).
      const written = w & ~RING.ABANDONED;
      let bytes = n;
      let k = 1;
      for (let next; bytes === k * size && first + k < count && read + k < written && (next = c[RING.COUNTS + first + k]!) >= 0; k++) bytes += next;
      h.update(new Uint8Array(m.data, first * size, bytes));
      read += k;
    } else {
      if (signer) r = { session: m.session, ring: true, signature: now(signer.sign()) };
      else r = { session: m.session, ring: true, ok: verdict(verifier!, new Uint8Array(m.data, first * size, -n - 1)) };
      read++;
    }
    Atomics.store(c, RING.READ, read);
    if (r || roomFor(c, read, count)) Atomics.notify(c, RING.READ);
    if (r) return r;
  }
}

/** Waits for the stream's next slots, saying so first (the stream wakes a sleeping worker only). */
function sleep(c: Int32Array, read: number): void {
  Atomics.store(c, RING.ASLEEP, 1);
  // Checked again after saying so: a slot written before the stream could see the flag is not missed.
  if (Atomics.load(c, RING.WRITTEN) === read) Atomics.wait(c, RING.WRITTEN, read); // wakes on slots or on abandon, which both change ctrl[0]
  Atomics.store(c, RING.ASLEEP, 0);
}

/** Whether the stream waits for room and has enough now to be woken for. */
function roomFor(c: Int32Array, read: number, count: number): boolean {
  if (Atomics.load(c, RING.WAITING) === 0) return false;
  const written = Atomics.load(c, RING.WRITTEN) & ~RING.ABANDONED;
  return count - (written - read) >= Math.min(RING.ROOM_AT, count);
}

function verdict(v: Verifier, signature: Uint8Array): boolean {
  try {
    return now(v.verify(signature));
  } catch {
    return false;
  }
}
