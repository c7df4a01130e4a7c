/**
 * The frame worker threads, shared by every stream of the process that uses `concurrency`.
 * Starting a worker takes tens of milliseconds (as long as a whole 64 MiB stream on 1 MiB frames),
 * so workers outlive a stream: they stay, unref'd and holding no key, for {@link IDLE_MS} after the
 * last stream closed, then exit. A stream opens a session on some of them: the session's message key
 * goes to each of its workers once and is wiped there when the session closes.
 *
 * Workers are unref'd while idle, so they never keep the process alive, and ref'd while a batch is
 * out, so a pipeline waiting on them does not see the event loop empty.
 */
import { Worker } from 'node:worker_threads';
import { FRAME_WORKER_SOURCE } from './frame_worker_source.js';

/** How long idle workers stay after the last session closed (ms). */
export let IDLE_MS = 5000;

/** Sets {@link IDLE_MS} (tests). */
export function setIdleMs(ms: number): void {
  IDLE_MS = ms;
}

/** What a worker answers for a batch. */
export interface Answer {
  readonly id: number;
  readonly output: ArrayBuffer;
  readonly length: number;
  readonly input: ArrayBuffer | null;
  readonly failedAt?: number;
  /** The frame at failedAt has an IV that is not its sequence number (its tag was not tried). */
  readonly malformed?: boolean;
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
  /** Batches posted to it, and (shared with the worker, which counts) batches it finished. */
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

const slots: Slot[] = [];
/** Open sessions by id, and the slots each uses. */
const sessions = new Map<number, { sink: SessionSink<never>; slots: Slot[] }>();
let nextSession = 1;
let idleTimer: NodeJS.Timeout | undefined;

/**
 * Opens a session on `size` workers other than `exclude` (started if missing) and sends each of
 * them `open` (with the session id); returns the session's id and workers. A key in `open` is
 * cloned into each message here, synchronously: the caller may wipe its copy right after.
 */
export function openSession<A>(size: number, sink: SessionSink<A>, open: Record<string, unknown>, exclude: readonly Slot[] = []): { id: number; slots: Slot[] } {
  const free = (): Slot[] => live().filter((s) => !exclude.includes(s) && !s.held);
  const { id, chosen } = choose(size, sink, free);
  for (const s of chosen) s.worker.postMessage({ ...open, session: id });
  return { id, slots: chosen };
}

/**
 * Opens a session that holds one worker alone and sends it `open`: a hash ring (hash_offload.ts)
 * keeps its worker busy, away from its messages, until the ring ends, so it gets a worker no other
 * session uses. Not a batch: the worker stays unref'd unless {@link holdRef} says otherwise.
 */
export function openHeld<A>(sink: SessionSink<A>, open: Record<string, unknown>): number {
  const inUse = new Set([...sessions.values()].flatMap((s) => s.slots));
  const { id, chosen } = choose(1, sink, () => live().filter((s) => !s.held && !inUse.has(s)));
  const slot = chosen[0]!;
  slot.held = true;
  slot.worker.postMessage({ ...open, session: id });
  return id;
}

/**
 * Whether a held session's worker keeps the process alive: only while the stream waits for it.
 * A stream left open (never ended nor destroyed) must not keep the process from exiting.
 */
export function holdRef(id: number, on: boolean): void {
  for (const slot of sessions.get(id)?.slots ?? []) {
    if (on) slot.worker.ref();
    else slot.worker.unref();
  }
}

function choose(size: number, sink: unknown, free: () => Slot[]): { id: number; chosen: Slot[] } {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  while (free().length < size) startWorker();
  const id = nextSession++;
  // Spread sessions over the workers: the least busy first.
  const chosen = free().sort((a, b) => a.out - b.out).slice(0, size);
  sessions.set(id, { sink: sink as SessionSink<never>, slots: chosen });
  return { id, chosen };
}

/** Sends a batch of a session to one of its workers. */
export function post(slot: Slot, message: Record<string, unknown>, transfer: ArrayBuffer[]): void {
  slot.sent++;
  if (slot.out++ === 0) slot.worker.ref();
  slot.worker.postMessage(message, transfer);
}

/** Closes a session: each of its workers wipes the key. Idle workers exit after {@link IDLE_MS}. */
export function closeSession(id: number): void {
  const s = sessions.get(id);
  if (!s) return;
  sessions.delete(id);
  for (const slot of s.slots) {
    slot.held = false;
    if (!slot.dead) slot.worker.postMessage({ op: 'drop', session: id });
  }
  if (sessions.size === 0) {
    idleTimer = setTimeout(stopIdle, IDLE_MS);
    idleTimer.unref();
  }
}

/** The thread ids of the workers running now (tests). */
export function workerIds(): number[] {
  return live().map((s) => s.worker.threadId);
}

/** Ends every worker at once, as a crash would (tests: the streams using them must fail). */
export async function crashWorkersForTests(): Promise<void> {
  await Promise.all(live().map((s) => s.worker.terminate()));
}

function live(): Slot[] {
  return slots.filter((s) => !s.dead);
}

function startWorker(): void {
  // A small young generation: a worker allocates a little per frame, and the default lets each one grow by tens of MiB before collecting.
  const done = new Int32Array(new SharedArrayBuffer(4));
  const options = { eval: true, workerData: { done }, resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 } };
  let worker: Worker;
  try {
    worker = new Worker(FRAME_WORKER_SOURCE, { ...options, execArgv: workerExecArgv() });
  } catch (err) {
    // A process option a worker may not take (--single-threaded-gc, …) in what was passed: none then.
    if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err;
    worker = new Worker(FRAME_WORKER_SOURCE, { ...options, execArgv: [] });
  }
  const slot: Slot = { worker, out: 0, sent: 0, done, dead: false, held: false };
  worker.unref();
  worker.on('message', (a: { session: number; ring?: true }) => {
    if (!a.ring && --slot.out === 0) worker.unref();
    sessions.get(a.session)?.sink.answer(a as never);
  });
  worker.on('error', (err) => lose(slot, err));
  worker.on('exit', () => lose(slot, new Error('a frame worker exited before the end of the stream')));
  slots.push(slot);
}

/**
 * The process's Node options for a worker, without `--input-type` (under `node --input-type=module
 * -e …` the worker's CommonJS source would be read as a module and fail); undefined, so that the
 * worker inherits them as Node does (process-wide ones included), when there is none.
 */
function workerExecArgv(): string[] | undefined {
  const args = process.execArgv;
  if (!args.some((a) => a === '--input-type' || a.startsWith('--input-type='))) return undefined;
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--input-type') i++;
    else if (!args[i]!.startsWith('--input-type=')) out.push(args[i]!);
  }
  return out;
}

/** A worker failed or exited: every session using it fails; later sessions start a new one. */
function lose(slot: Slot, err: Error): void {
  if (slot.dead) return;
  slot.dead = true;
  slots.splice(slots.indexOf(slot), 1);
  for (const s of sessions.values()) if (s.slots.includes(slot)) s.sink.fail(err);
}

function stopIdle(): void {
  idleTimer = undefined;
  if (sessions.size > 0) return;
  for (const slot of slots.splice(0)) {
    slot.dead = true;
    void slot.worker.terminate();
  }
}
