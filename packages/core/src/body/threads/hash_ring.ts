/**
 * A signed suite's hash on a worker of its own, beside a stream whose frames stay on the calling
 * thread, or beside the frame workers of one with smaller frames when the machine has a core left.
 *
 * The bytes go through a ring of slots in shared memory, not messages (ring_layout.ts): the calling
 * thread copies into the next free slot and counts it, the worker (held by this stream alone,
 * ring_worker.ts) waits on the count, hashes and counts back. Handing each batch over as a
 * transferred ArrayBuffer made enough garbage in both threads that, on 2 cores, the stream was no
 * faster than hashing on the calling thread.
 */
import { backend } from '#crypto-backend';
import type { AlgorithmSuite } from '../../suites.js';
import type { SigningKey, VerificationKey } from '../../crypto/backend.js';
import { now } from '../../crypto/maybe.js';
import type { SessionSink, WorkerPool } from './worker_pool.js';
import type { RingAnswer } from './worker_protocol.js';
import type { SigningHash, VerifyingHash } from '../seams.js';
import { RING } from './ring_layout.js';
import { giveRingMemory, takeRingMemory } from './ring_memory.js';

type WaitAsync = (a: Int32Array, index: number, value: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
const { SLOT, SLOTS, WRITTEN, READ, ASLEEP, WAITING, COUNTS, ABANDONED, WAKE_AT, ROOM_AT } = RING;

export class HashRing implements SigningHash, VerifyingHash, SessionSink<RingAnswer> {
  /** Given back for the next ring once the worker answered (it has left the ring then). */
  private readonly mem = takeRingMemory();
  private readonly data = this.mem.data;
  private readonly ctrl = this.mem.ctrl;
  private readonly slots = this.mem.slots;
  /** Private memory a piece is aligned in before it is copied into a slot (see {@link copy}). */
  private readonly stage = this.mem.stage;
  /** The worker's answer arrived / the memory was given back. */
  private answered = false;
  private given = false;
  private readonly session: number;
  private written = 0;
  private used = 0;
  /** Copies of what arrived while the ring was full, in order. */
  private readonly pending: Uint8Array[] = [];
  private failed: Error | undefined;
  private result: { resolve: (a: RingAnswer) => void; reject: (e: Error) => void } | undefined;
  private closed = false;
  /** Waits for the worker under way (a write's and the end's may overlap): the worker is ref'd while any is. */
  private waits = 0;

  /**
   * @param first the header bytes (hashed first)
   * @param key the signing key (sign) or the verification key (verify)
   */
  constructor(private readonly pool: WorkerPool, kind: 'sign' | 'verify', suite: AlgorithmSuite, first: Uint8Array, key: SigningKey | VerificationKey) {
    const { curve, hash } = suite.signature!;
    // The key crosses as bytes (worker_protocol.ts); this thread's copy of a signing key is wiped
    // once posted (the message holds a clone, which the worker wipes).
    const bytes = kind === 'sign' ? now(backend.exportSigningKey(key as SigningKey)) : Uint8Array.from((key as VerificationKey).compressedPoint);
    try {
      // `first` copied: a view would be cloned with its whole ArrayBuffer.
      this.session = pool.openHeld(this, { op: 'ring', kind, curve, hash, first: new Uint8Array(first), key: bytes, data: this.data, ctrl: this.ctrl.buffer as SharedArrayBuffer });
    } finally {
      bytes.fill(0);
    }
  }

  /** Hashes `b` after everything before it (copied: the caller may reuse it). */
  update(b: Uint8Array): void {
    if (this.closed) return; // its memory may be another ring's by now
    const n = this.pending.length === 0 ? this.fill(b) : 0;
    if (n < b.length) this.pending.push(Uint8Array.prototype.slice.call(b, n));
  }

  room(): Promise<void> | undefined {
    return this.pending.length > 0 || this.failed ? this.drain() : undefined;
  }

  async sign(): Promise<Uint8Array> {
    return (await this.end(-1)).signature!;
  }

  /** Whether `signature` is good for everything hashed (copied at once: the caller may reuse its bytes). */
  async verify(signature: Uint8Array): Promise<boolean> {
    const copy = Uint8Array.prototype.slice.call(signature);
    return (await this.end(-1 - copy.length, copy)).ok === true;
  }

  /**
   * Ends the session: the worker leaves the ring (once it caught up) and serves other streams again;
   * a wait for room or for the answer fails at once (a destroyed stream must still call back).
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.or(this.ctrl, WRITTEN, ABANDONED);
    Atomics.notify(this.ctrl, WRITTEN);
    this.pool.closeSession(this.session);
    this.fail(new Error('the stream closed before its signature was hashed'));
    this.giveBack();
  }

  /** Gives the memory back once the worker answered and the stream closed (not after a worker failed: it may still be in the ring). */
  private giveBack(): void {
    if (this.given || !this.answered || !this.closed) return;
    this.given = true;
    giveRingMemory(this.mem);
  }

  /** The worker's answer at the end of the ring (called by the pool). */
  answer(a: RingAnswer): void {
    this.answered = true;
    this.giveBack();
    this.result?.resolve(a);
  }

  /** The worker failed (called by the pool). */
  fail(err: Error): void {
    this.failed ??= err;
    this.result?.reject(err);
    Atomics.notify(this.ctrl, READ); // wakes a wait for room
  }

  /** Copies from `b` into the ring while it has room; the bytes taken. */
  private fill(b: Uint8Array): number {
    let off = 0;
    while (off < b.length && this.hasRoom()) {
      const n = Math.min(SLOT - this.used, b.length - off);
      this.copy(new Uint8Array(b.buffer, b.byteOffset + off, n));
      this.used += n;
      off += n;
      if (this.used === SLOT) this.commit(SLOT);
    }
    return off;
  }

  /**
   * Copies `piece` into the slot being filled. Into shared memory V8 copies word by word only when
   * source and target lie alike modulo 8, else byte by byte (several times slower): a piece that
   * does not is first copied into private memory laid out like the slot.
   */
  private copy(piece: Uint8Array): void {
    const slot = this.slots[this.written % SLOTS]!;
    const at = this.used;
    if (((piece.byteOffset - at) & 7) === 0) {
      slot.set(piece, at);
      return;
    }
    const a = at & 7;
    this.stage.set(piece, a);
    slot.set(this.stage.subarray(a, a + piece.length), at);
  }

  private hasRoom(): boolean {
    return this.written - Atomics.load(this.ctrl, READ) < SLOTS;
  }

  /** Hands the slot being filled to the worker, with its byte count (or an end code). */
  private commit(count: number): void {
    if (this.closed) return;
    this.ctrl[COUNTS + (this.written % SLOTS)] = count;
    this.used = 0;
    Atomics.store(this.ctrl, WRITTEN, ++this.written);
    // A sleeping worker is woken with a batch to hash, or for the end; a busy one finds the slot itself.
    if (Atomics.load(this.ctrl, ASLEEP) === 1 && (count !== SLOT || this.written - Atomics.load(this.ctrl, READ) >= WAKE_AT)) Atomics.notify(this.ctrl, WRITTEN);
  }

  /** Moves what is pending into the ring as the worker frees slots. */
  private async drain(): Promise<void> {
    for (;;) {
      if (this.failed) throw this.failed;
      const b = this.pending[0];
      if (!b) return;
      if (!this.hasRoom()) {
        await this.freed();
        continue;
      }
      const n = this.fill(b);
      if (n === b.length) this.pending.shift();
      else this.pending[0] = b.subarray(n);
    }
  }

  /** Resolves once the worker freed a batch of slots (or failed). */
  private async freed(): Promise<void> {
    for (;;) {
      // Closed or failed: the memory is not touched again (it may be another ring's by now).
      if (this.failed) return;
      // Said before reading READ: the worker, which stores READ before reading the flag, cannot miss it.
      Atomics.store(this.ctrl, WAITING, 1);
      const read = Atomics.load(this.ctrl, READ);
      if (SLOTS - (this.written - read) >= ROOM_AT) break;
      const w = waitAsync(this.ctrl, READ, read);
      if (!w.async) continue;
      this.waiting(+1);
      try {
        await w.value;
      } finally {
        this.waiting(-1);
      }
    }
    Atomics.store(this.ctrl, WAITING, 0);
  }

  /** Counts a wait for the worker in or out; the worker keeps the process alive while one is under way. */
  private waiting(d: 1 | -1): void {
    this.waits += d;
    if (this.waits === (d > 0 ? 1 : 0)) this.pool.holdRef(this.session, d > 0);
  }

  /** Sends the rest and the end code (with a signature to check in its slot); the worker's answer. */
  private async end(code: number, signature?: Uint8Array): Promise<RingAnswer> {
    await this.drain();
    if (this.used > 0) this.commit(this.used);
    for (;;) {
      if (this.failed) throw this.failed;
      if (this.hasRoom()) break;
      await this.freed();
    }
    if (this.failed) throw this.failed;
    const answer = new Promise<RingAnswer>((resolve, reject) => (this.result = { resolve, reject }));
    if (signature) this.slots[this.written % SLOTS]!.set(signature);
    this.commit(code);
    this.waiting(+1);
    try {
      return await answer;
    } finally {
      this.waiting(-1);
      this.close();
    }
  }
}
