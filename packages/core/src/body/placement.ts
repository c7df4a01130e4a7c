/**
 * Where a stream's body runs: its frames on the calling thread or on worker threads, and a signed
 * suite's hash on the calling thread, on a thread of the crypto backend's own, or on a worker. The
 * only reader of `concurrency` besides the stream entry that validates it.
 */
import { backend } from '#crypto-backend';
import { ConfigError, needs } from '../errors.js';

/**
 * Frames from this length up stay on the calling thread whatever `concurrency` says: threads pay
 * where each frame's cipher set-up dominates; from 8 KiB the copies into and out of batches cost as
 * much as they save (README § Benchmarks has the measurements).
 */
export const PARALLEL_FRAME_LIMIT = 8192;

/** What of the backend in use the placement depends on. */
export interface BackendTraits {
  /**
   * Frames cost no cipher set-up each (the native AES-GCM backend: one context per message key, a
   * batch of frames per call), so the copies into and out of worker batches cost more than threads
   * save at any frame size: frames stay on the calling thread, and `concurrency` > 1 moves a signed
   * suite's hash beside them (the hash is then the bound).
   */
  readonly framesSetUpFree: boolean;
  /**
   * The backend hashes on a native thread of its own (`signerOnThread`): a signed suite's hash goes
   * there rather than to a worker thread, which costs a second V8 isolate, messages and JavaScript on
   * both ends.
   */
  readonly hashThread: boolean;
}

/** Traits given in place of the backend's (tests, services); an unset one is the backend's. */
export type GivenTraits = { readonly [K in keyof BackendTraits]?: BackendTraits[K] | undefined };

const IN_USE: BackendTraits = {
  framesSetUpFree: backend.name === 'native',
  hashThread: backend.signerOnThread !== undefined && backend.verifierOnThread !== undefined,
};

/** Where a stream's frames and its signature hash run. */
export interface Placement {
  readonly frames: 'here' | 'threads';
  /** 'none' for unsigned suites; 'backend': a thread of the crypto backend's own; 'worker': a worker thread. */
  readonly hash: 'none' | 'here' | 'backend' | 'worker';
  /** Threads the stream may use, the calling thread included. */
  readonly threadCount: number;
}

/** The `concurrency` option, validated: an integer from 1 (the default, the single-thread path) to 64. */
export function concurrencyOf(value: number | undefined): number {
  if (value === undefined) return 1;
  needs(Number.isInteger(value) && value >= 1 && value <= 64, ConfigError, `concurrency must be an integer from 1 to 64, got ${String(value)}`);
  return value;
}

/**
 * The placement of a body with `frameLength`-byte frames (0: non-framed) at `concurrency`, on a
 * machine with `cores`, with a backend of `traits`. The hash leaves the calling thread only when a
 * core is left for it: beside frames on worker threads, more cores than threads; beside frames here,
 * a second core. It goes to the backend's own thread when the backend has one, else to a worker.
 */
export function placeBody(concurrency: number, frameLength: number, signed: boolean, cores: number, traits: GivenTraits = {}): Placement {
  const framesSetUpFree = traits.framesSetUpFree ?? IN_USE.framesSetUpFree;
  const hashThread = traits.hashThread ?? IN_USE.hashThread;
  const threads = concurrency > 1 && frameLength > 0 && frameLength < PARALLEL_FRAME_LIMIT && !framesSetUpFree;
  const beside = signed && concurrency > 1 && cores > (threads ? concurrency : 1);
  const hash = !signed ? 'none' : !beside ? 'here' : hashThread ? 'backend' : 'worker';
  return { frames: threads ? 'threads' : 'here', hash, threadCount: concurrency };
}

/** Where a stream places each body: from its frame length and whether its suite is signed. */
export type PlaceBody = (frameLength: number, signed: boolean) => Placement;

/** The placement function of a stream with the `concurrency` option on a machine with `cores()`. */
export function placementOf(concurrency: number | undefined, cores: () => number, traits: GivenTraits = {}): PlaceBody {
  const c = concurrencyOf(concurrency);
  return (frameLength, signed) => placeBody(c, frameLength, signed, cores(), traits);
}

/**
 * The placement function of a writer or reader that lends its output (message_writer.ts,
 * message_reader.ts): its frames stay on the calling thread, in its one reused buffer, whatever the
 * backend; with `concurrency` > 1 and a second core a signed suite's hash goes beside them.
 */
export function lendingPlacementOf(concurrency: number | undefined, cores: () => number, traits: GivenTraits = {}): PlaceBody {
  return placementOf(concurrency, cores, { ...traits, framesSetUpFree: true });
}

/** Whether the placement needs worker threads at all. */
export function usesThreads(p: Placement): boolean {
  return p.frames === 'threads' || p.hash === 'worker';
}
