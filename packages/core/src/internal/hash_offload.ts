/**
 * The footer signature's hash of a signed suite on a worker of its own: beside a stream whose frames
 * stay on the calling thread (`concurrency` > 1, frames of 8 KiB and up; on two cores the ciphers
 * run on one and SHA-384, ~2.3× the work of AES-GCM per byte here, on the other), or beside the
 * frame workers of one with smaller frames when the machine has a core left for it.
 *
 * The bytes go through a ring of slots in shared memory, not messages: the calling thread copies
 * into the next free slot and counts it, the worker (held by this stream alone) waits on the count,
 * hashes and counts back. Handing each batch over as a transferred ArrayBuffer made enough garbage
 * in both threads (and work for the garbage collector's helper threads) that, on 2 cores, the
 * stream was no faster than hashing on the calling thread.
 */
import { backend } from '#crypto-backend';
import type { StartedMessage } from '../encryptor.js';
import type { AlgorithmSuite } from '../suites.js';
import type { MaybePromise, Signer, SigningKey, VerificationKey } from '../crypto/backend.js';
import { now } from '../crypto/maybe.js';
import { spkiOfCompressedPoint } from '../crypto/ec_der.js';
import { availableParallelism } from 'node:os';
import { closeSession, holdRef, openHeld, type SessionSink } from './frame_workers.js';

/** Bytes per slot. */
const SLOT = 128 * 1024;
/** Slots in the ring (the memory bound: SLOTS × SLOT, plus what one write adds while it is full). */
const SLOTS = 8;
/**
 * ctrl: [0] slots written, with {@link ABANDONED} set once the stream gave up (in the word the
 * worker waits on, so that it cannot miss it between a check and its wait); [1] slots hashed;
 * [2] unused; [3 + i] slot i's byte count or end code.
 */
const WRITTEN = 0;
const READ = 1;
const COUNTS = 3;
const ABANDONED = 1 << 30;

interface RingAnswer {
  readonly signature?: Uint8Array;
  readonly ok?: boolean;
}

type WaitAsync = (a: Int32Array, index: number, value: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

export class HashOffload implements SessionSink<RingAnswer> {
  private readonly data = new SharedArrayBuffer(SLOT * SLOTS);
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(4 * (COUNTS + SLOTS)));
  private readonly slots: Uint8Array[] = [];
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
  constructor(kind: 'sign' | 'verify', suite: AlgorithmSuite, first: Uint8Array, key: SigningKey | VerificationKey) {
    for (let i = 0; i < SLOTS; i++) this.slots.push(new Uint8Array(this.data, i * SLOT, SLOT));
    const { curve, hash } = suite.signature!;
    // The key crosses as DER (the worker's sign/verify import it); the signing key's bytes are
    // wiped here once posted (the message holds a clone).
    const der = kind === 'sign' ? now(backend.exportSigningKey(key as SigningKey)) : spkiOfCompressedPoint(curve, (key as VerificationKey).compressedPoint);
    try {
      const k = { key: der, format: 'der', type: kind === 'sign' ? 'pkcs8' : 'spki' };
      // `first` copied: a view would be cloned with its whole ArrayBuffer.
      this.session = openHeld(this, { op: 'ring', kind, hash, first: new Uint8Array(first), key: k, data: this.data, ctrl: this.ctrl.buffer });
    } finally {
      if (kind === 'sign') der.fill(0);
    }
  }

  /** Hashes `b` after everything before it (copied: the caller may reuse it). */
  update(b: Uint8Array): void {
    const n = this.pending.length === 0 ? this.fill(b) : 0;
    if (n < b.length) this.pending.push(Uint8Array.prototype.slice.call(b, n));
  }

  /** A promise while bytes wait for room in the ring (wait before writing more), else undefined. */
  room(): Promise<void> | undefined {
    return this.pending.length > 0 || this.failed ? this.drain() : undefined;
  }

  /** The signature over everything hashed. */
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
    closeSession(this.session);
    this.fail(new Error('the stream closed before its signature was hashed'));
  }

  /** The worker's answer at the end of the ring (called by the shared workers). */
  answer(a: RingAnswer): void {
    this.result?.resolve(a);
  }

  /** The worker failed (called by the shared workers). */
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
      this.slots[this.written % SLOTS]!.set(b.subarray(off, off + n), this.used);
      this.used += n;
      off += n;
      if (this.used === SLOT) this.commit(SLOT);
    }
    return off;
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
    Atomics.notify(this.ctrl, WRITTEN);
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

  /** Resolves once the worker hashed another slot (or failed). */
  private async freed(): Promise<void> {
    const read = Atomics.load(this.ctrl, READ);
    if (this.written - read < SLOTS || this.failed) return;
    const w = waitAsync(this.ctrl, READ, read);
    if (!w.async) return;
    this.waiting(+1);
    try {
      await w.value;
    } finally {
      this.waiting(-1);
    }
  }

  /** Counts a wait for the worker in or out; the worker keeps the process alive while one is under way. */
  private waiting(d: 1 | -1): void {
    this.waits += d;
    if (this.waits === (d > 0 ? 1 : 0)) holdRef(this.session, d > 0);
  }

  /** Sends the rest and the end code (with a signature to check in its slot); the worker's answer. */
  private async end(code: number, signature?: Uint8Array): Promise<RingAnswer> {
    await this.drain();
    if (this.used > 0) this.commit(this.used);
    while (!this.hasRoom()) {
      if (this.failed) throw this.failed;
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

let forced: boolean | undefined;

/**
 * Whether a stream with `concurrency` > 1 hashes its signature on a worker. With frames on worker
 * threads (`framesOnThreads`, see useThreads) only when a core is left for the hash (on 2 cores,
 * forced, the third thread made 64 MiB of 0x0578 on 4 KiB frames slower: 390-456 MB/s against
 * 526-614); with frames on the calling thread whenever the machine has a second core.
 */
export function hashOnWorker(concurrency: number, framesOnThreads: boolean): boolean {
  if (concurrency < 2) return false;
  return forced ?? availableParallelism() > (framesOnThreads ? concurrency : 1);
}

/** Forces {@link hashOnWorker} either way, or back to the machine's answer with `undefined` (tests). */
export function forceHashThread(value: boolean | undefined): void {
  forced = value;
}

/** An encrypting stream's signature hash: the started message's Signer (it has seen the header), or a worker's. */
export type SigningHash = Signer | HashOffload;

/** The signature hash of an encrypting stream (undefined for unsigned suites); see {@link hashOnWorker}. */
export function signingHash(m: StartedMessage, concurrency: number, framesOnThreads: boolean): SigningHash | undefined {
  if (!m.signingKey) return undefined;
  return hashOnWorker(concurrency, framesOnThreads) ? new HashOffload('sign', m.suite, m.headerBytes, m.signingKey) : m.signer;
}

/** The footer's signature from `hash` (a promise when a worker signs). */
export function signatureOf(hash: SigningHash | undefined): MaybePromise<Uint8Array> | undefined {
  if (!hash) return undefined;
  return hash.sign();
}
