/**
 * The worker's side of a hash ring (hash_ring.ts): the calling thread copies the bytes to hash into
 * slots of the shared data and counts them in ctrl[0] (bit 30 set: abandoned); this thread hashes
 * them in order and counts them in ctrl[1]. ctrl[3 + slot]: the slot's byte count, or the end:
 * -1 sign, -(1 + n) verify the n-byte signature in the slot. Blocks this thread (Atomics.wait on
 * ctrl[0]) until then.
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
      Atomics.wait(c, RING.WRITTEN, read); // wakes on the next slot or on abandon, which both change ctrl[0]
      continue;
    }
    if ((w & ~RING.ABANDONED) === read) return { session: m.session, ring: true, abandoned: true };
    const at = (read % count) * size;
    const n = c[RING.COUNTS + (read % count)]!;
    let r: RingAnswer | undefined;
    if (n >= 0) h.update(new Uint8Array(m.data, at, n));
    else if (signer) r = { session: m.session, ring: true, signature: now(signer.sign()) };
    else r = { session: m.session, ring: true, ok: verdict(verifier!, new Uint8Array(m.data, at, -n - 1)) };
    Atomics.store(c, RING.READ, ++read);
    Atomics.notify(c, RING.READ);
    if (r) return r;
  }
}

function verdict(v: Verifier, signature: Uint8Array): boolean {
  try {
    return now(v.verify(signature));
  } catch {
    return false;
  }
}
