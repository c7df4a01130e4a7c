/**
 * The body worker threads of a process, shared by every stream that uses them. Starting a worker
 * takes tens of milliseconds, so workers outlive a stream: they stay, unref'd and holding no key,
 * for `idleMs` after the last session closed, then exit. A stream opens a session on some of them:
 * the session's message key goes to each of its workers once and is wiped there when it closes.
 *
 * Workers are unref'd while idle, so they never keep the process alive, and ref'd while a batch is
 * out, so a pipeline waiting on them does not see the event loop empty.
 */
import { Worker } from 'node:worker_threads';
import type { RingAnswer, Answer, WorkerMessage } from './worker_protocol.js';
import { workerExecArgv } from './worker_options.js';

export interface WorkerPoolOptions {
  /** How long idle workers stay after the last session closed (ms). */
  readonly idleMs?: number;
  /** The worker's module (the compiled worker.js beside this file by default). */
  readonly workerUrl?: URL;
}

/** The side of a session the workers report to (each posted batch gets one answer). */
export interface SessionSink<A = Answer> {
  answer(a: A): void;
  fail(err: Error): void;
}

/** A worker as sessions see it. */
export interface Slot {
  readonly worker: Worker;
  /** Batches out on this worker (answers not yet handled here). */
  out: number;
  /** Batches posted to it; `done[0]` (shared with the worker, which counts) batches it finished. */
  sent: number;
  readonly done: Int32Array;
  dead: boolean;
  /** Held by one session alone (a hash ring, which blocks the worker while it lasts). */
  held: boolean;
}

/**
 * Batches posted to `slot` that it has not finished yet. Read from memory shared with the worker,
 * so it is current even while this thread has not yet handled the worker's answers (a stream fed
 * from promises runs chunk after chunk without the event loop reaching them).
 */
export function queued(slot: Slot): number {
  return slot.sent - Atomics.load(slot.done, 0);
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  /** Open sessions by id, and the slots each uses. */
  private readonly sessions = new Map<number, { sink: SessionSink<never>; slots: Slot[] }>();
  private nextSession = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly idleMs: number;
  private readonly workerUrl: URL;
  /** Batches run so far on calling threads and on workers, by the sessions of this pool. */
  readonly batches = { here: 0, workers: 0 };

  constructor(options: WorkerPoolOptions = {}) {
    this.idleMs = options.idleMs ?? 5000;
    this.workerUrl = options.workerUrl ?? new URL('./worker.js', import.meta.url);
  }

  /**
   * Opens a session on `size` workers (started if missing) and sends each of them `open` with the
   * session id; returns the session's id and workers. A key in `open` is cloned into each message
   * here, synchronously: the caller may wipe its copy right after.
   */
  openSession<A>(size: number, sink: SessionSink<A>, open: Omit<WorkerMessage & { op: 'key' }, 'session'>): { id: number; slots: Slot[] } {
    const { id, chosen } = this.choose(size, sink, () => this.live().filter((s) => !s.held));
    for (const s of chosen) s.worker.postMessage({ ...open, session: id });
    return { id, slots: chosen };
  }

  /**
   * Opens a session that holds one worker alone and sends it `open`: a hash ring keeps its worker
   * busy, away from its messages, until the ring ends, so it gets a worker no other session uses.
   * Not a batch: the worker stays unref'd unless {@link holdRef} says otherwise.
   */
  openHeld(sink: SessionSink<RingAnswer>, open: Omit<WorkerMessage & { op: 'ring' }, 'session'>): number {
    const inUse = new Set([...this.sessions.values()].flatMap((s) => s.slots));
    const { id, chosen } = this.choose(1, sink, () => this.live().filter((s) => !s.held && !inUse.has(s)));
    const slot = chosen[0]!;
    slot.held = true;
    slot.worker.postMessage({ ...open, session: id });
    return id;
  }

  /**
   * Whether a held session's worker keeps the process alive: only while the stream waits for it.
   * A stream left open (never ended nor destroyed) must not keep the process from exiting.
   */
  holdRef(id: number, on: boolean): void {
    for (const slot of this.sessions.get(id)?.slots ?? []) {
      if (on) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  /** Sends a batch of a session to one of its workers. */
  post(slot: Slot, message: WorkerMessage, transfer: ArrayBuffer[]): void {
    slot.sent++;
    if (slot.out++ === 0) slot.worker.ref();
    slot.worker.postMessage(message, transfer);
  }

  /** Closes a session: each of its workers wipes the key. Idle workers exit after `idleMs`. */
  closeSession(id: number): void {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    for (const slot of s.slots) {
      slot.held = false;
      if (!slot.dead) slot.worker.postMessage({ op: 'drop', session: id } satisfies WorkerMessage);
    }
    if (this.sessions.size === 0) {
      this.idleTimer = setTimeout(() => this.stopIdle(), this.idleMs);
      this.idleTimer.unref();
    }
  }

  /** The thread ids of the workers running now. */
  threadIds(): number[] {
    return this.live().map((s) => s.worker.threadId);
  }

  /** Ends every worker at once; the sessions using them fail (as they would if the workers crashed). */
  async terminate(): Promise<void> {
    await Promise.all(this.live().map((s) => s.worker.terminate()));
  }

  private choose(size: number, sink: unknown, free: () => Slot[]): { id: number; chosen: Slot[] } {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    while (free().length < size) this.startWorker();
    const id = this.nextSession++;
    // Spread sessions over the workers: the least busy first.
    const chosen = free().sort((a, b) => a.out - b.out).slice(0, size);
    this.sessions.set(id, { sink: sink as SessionSink<never>, slots: chosen });
    return { id, chosen };
  }

  private live(): Slot[] {
    return this.slots.filter((s) => !s.dead);
  }

  private startWorker(): void {
    // A small young generation: a worker allocates a little per frame, and the default lets each one grow by tens of MiB before collecting.
    const done = new Int32Array(new SharedArrayBuffer(4));
    const options = { workerData: { done }, resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 } };
    let worker: Worker;
    try {
      worker = new Worker(this.workerUrl, { ...options, execArgv: workerExecArgv() });
    } catch (err) {
      // A process option a worker may not take (--single-threaded-gc, …) in what was passed: none then.
      if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err;
      worker = new Worker(this.workerUrl, { ...options, execArgv: [] });
    }
    const slot: Slot = { worker, out: 0, sent: 0, done, dead: false, held: false };
    worker.unref();
    worker.on('message', (a: Answer | RingAnswer) => {
      if (!('ring' in a) && --slot.out === 0) worker.unref();
      this.sessions.get(a.session)?.sink.answer(a as never);
    });
    worker.on('error', (err) => this.lose(slot, err));
    worker.on('exit', () => this.lose(slot, new Error('a body worker exited before the end of the stream')));
    this.slots.push(slot);
  }

  /** A worker failed or exited: every session using it fails; later sessions start a new one. */
  private lose(slot: Slot, err: Error): void {
    if (slot.dead) return;
    slot.dead = true;
    this.slots.splice(this.slots.indexOf(slot), 1);
    for (const s of this.sessions.values()) if (s.slots.includes(slot)) s.sink.fail(err);
  }

  private stopIdle(): void {
    this.idleTimer = undefined;
    if (this.sessions.size > 0) return;
    for (const slot of this.slots.splice(0)) {
      slot.dead = true;
      void slot.worker.terminate();
    }
  }
}
