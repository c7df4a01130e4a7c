/**
 * The footer signature of a signed suite computed on a frame worker of its own (streams with
 * `concurrency` > 1): the header, then every body byte in order, hashed there instead of on the
 * calling thread, which then only copies bytes. The worker is not one of the stream's frame
 * workers, so the hash runs beside the ciphers.
 */
import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { closeSession, openSession, post, type SessionSink, type Slot } from './frame_workers.js';

interface SigAnswer {
  readonly id: number;
  readonly back?: ArrayBuffer;
  readonly signature?: Uint8Array;
  readonly ok?: boolean;
}

export class SignatureThread implements SessionSink<SigAnswer> {
  private readonly session: { id: number; slots: Slot[] };
  private readonly waiting = new Map<number, { resolve: (a: SigAnswer) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  /** Buffers out for hashing. */
  private out = 0;
  private wake: (() => void) | undefined;
  private failed: Error | undefined;
  private closed = false;

  /**
   * @param first the header bytes (the signature covers them first)
   * @param exclude the stream's frame workers
   * @param back takes each buffer back once hashed
   * @param limit buffers out at most (the memory bound)
   */
  constructor(kind: 'sign' | 'verify', hash: string, first: Uint8Array, exclude: readonly Slot[], private readonly back: (b: ArrayBuffer) => void, private readonly limit: number) {
    // A copy: a view is cloned with its whole ArrayBuffer (a stream's header may be the front of a large chunk).
    this.session = openSession(1, this, { op: 'sig', kind, hash, first: new Uint8Array(first) }, exclude);
  }

  /** Hashes the first `length` bytes of `b`, which is transferred and comes back through `back`. */
  update(b: ArrayBuffer, length: number): void {
    this.out++;
    void this.ask({ op: 'hash', input: b, length }, [b]).then((a) => {
      this.out--;
      this.wake?.();
      this.back(a.back!);
    }, () => {});
  }

  /** Resolves once fewer than `limit` buffers are out for hashing. */
  async room(): Promise<void> {
    while (this.out >= this.limit) {
      if (this.failed) throw this.failed;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** The signature over everything hashed (after every update). */
  async sign(key: KeyObject): Promise<Uint8Array> {
    return (await this.ask({ op: 'sign', key }, [])).signature!;
  }

  /** Whether `signature` is good for everything hashed (after every update). */
  async verify(key: KeyObject, signature: Uint8Array): Promise<boolean> {
    return (await this.ask({ op: 'verify', key, signature: new Uint8Array(signature) }, [])).ok === true; // a copy, as `first`
  }

  /** Ends the session. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSession(this.session.id);
    this.waiting.clear();
  }

  /** An answer came back (called by the shared workers). */
  answer(a: SigAnswer): void {
    const p = this.waiting.get(a.id);
    this.waiting.delete(a.id);
    p?.resolve(a);
  }

  /** The worker failed (called by the shared workers). */
  fail(err: Error): void {
    this.failed ??= err;
    for (const p of this.waiting.values()) p.reject(this.failed);
    this.waiting.clear();
    this.wake?.();
    this.close();
  }

  private ask(message: Record<string, unknown>, transfer: ArrayBuffer[]): Promise<SigAnswer> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      post(this.session.slots[0]!, { ...message, id, session: this.session.id }, transfer);
    });
  }
}

let forced: boolean | undefined;

/**
 * Whether a stream whose frames stay on the calling thread (see useThreads) but was given
 * `concurrency` > 1 hashes its signature on a worker: whenever the machine has a second core.
 */
export function hashBesideCiphers(concurrency: number): boolean {
  return concurrency > 1 && (forced ?? availableParallelism() > 1);
}

/**
 * Whether a stream on `concurrency` threads (its workers and the calling thread) hashes its
 * signature on a thread of its own: only when a core is left for it (on 2 cores, the extra
 * thread's hand-offs cost more than the hash: 0x0578 decrypt ran at ~150-230 MB/s with it and
 * ~470-490 MB/s without).
 */
export function hashOnThread(concurrency: number): boolean {
  return forced ?? availableParallelism() > concurrency;
}

/** Forces {@link hashOnThread} either way, or back to the machine's answer with `undefined` (tests). */
export function forceHashThread(value: boolean | undefined): void {
  forced = value;
}
