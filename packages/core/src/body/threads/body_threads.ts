/**
 * What the stream entry asks of worker threads: a sealer or an opener whose frames run on the
 * pool's workers, and a signed suite's hash on a worker of its own. Loaded only by a stream whose
 * placement needs threads (placement.ts), never by a one-shot call.
 */
import type { StartedMessage } from '../../encryptor.js';
import type { AlgorithmSuite } from '../../suites.js';
import type { SigningKey, VerificationKey } from '../../crypto/backend.js';
import type { BodyOpener, BodySealer, OpenedBody, Push, SigningHash, VerifyingHash } from '../seams.js';
import { HashRing } from './hash_ring.js';
import { ParallelOpener } from './parallel_opener.js';
import { ParallelSealer } from './parallel_sealer.js';
import { WorkerPool, type WorkerPoolOptions } from './worker_pool.js';

export class BodyThreads {
  constructor(readonly pool: WorkerPool) {}

  sealer(m: StartedMessage, threadCount: number, hash: SigningHash | undefined, push: Push): BodySealer {
    return new ParallelSealer(this.pool, m, threadCount, push, hash);
  }

  opener(body: OpenedBody, threadCount: number): BodyOpener {
    return new ParallelOpener(this.pool, body, threadCount);
  }

  /** A signing hash on a worker: `first` (the header) is hashed first; signs with `key` at the end. */
  signingHash(suite: AlgorithmSuite, first: Uint8Array, key: SigningKey): SigningHash {
    return new HashRing(this.pool, 'sign', suite, first, key);
  }

  /** A verifying hash on a worker: `first` (the header) is hashed first; checks the footer with `key`. */
  verifyingHash(suite: AlgorithmSuite, first: Uint8Array, key: VerificationKey): VerifyingHash {
    return new HashRing(this.pool, 'verify', suite, first, key);
  }
}

/** Body threads on a pool of their own (tests and applications that want their own settings). */
export function bodyThreads(options: WorkerPoolOptions = {}): BodyThreads {
  return new BodyThreads(new WorkerPool(options));
}

let shared: BodyThreads | undefined;

/** The process's body threads, made on first use: every stream with the default services shares its workers. */
export function processThreads(): BodyThreads {
  shared ??= bodyThreads();
  return shared;
}
