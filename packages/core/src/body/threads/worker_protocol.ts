/**
 * The messages between a stream's thread and the body workers (worker.ts). A worker serves the
 * sessions (streams) given to it: each holds one message's key, received once, and the worker
 * seals or opens batches of consecutive frames of it, or, for a hash ring, hashes what the ring
 * carries until it ends (it reads no other message meanwhile).
 */
import type { EcCurve, HashName } from '../../crypto/backend.js';
import type { SuiteId } from '../../suites.js';

/** Opens a session on a worker: the message key (a copy the worker wipes on 'drop'). */
export interface KeyMessage {
  readonly op: 'key';
  readonly session: number;
  readonly suiteId: SuiteId;
  readonly key: Uint8Array;
  readonly messageId: Uint8Array;
  readonly frameLength: number;
}

/** Seals `length` plaintext bytes of `input` as frames from `seq` (ending with the final frame if `final`), into `out` when it fits. */
export interface SealTask {
  readonly op: 'seal';
  readonly seq: number;
  readonly input: ArrayBuffer;
  readonly out: ArrayBuffer;
  readonly length: number;
  readonly final: boolean;
}

/** Opens `count` frames from `seq` laid out in input[0, length) (the last one the final frame if `final`), in place. */
export interface OpenTask {
  readonly op: 'open';
  readonly seq: number;
  readonly input: ArrayBuffer;
  readonly length: number;
  readonly count: number;
  readonly final: boolean;
  readonly plainLength: number;
}

export type BatchTask = SealTask | OpenTask;

/** A batch posted to a worker. */
export type BatchMessage = BatchTask & { readonly id: number; readonly session: number };

/** Ends a session: the worker wipes its key and forgets it. */
export interface DropMessage {
  readonly op: 'drop';
  readonly session: number;
}

/**
 * A hash ring (hash_ring.ts): the worker hashes `first`, then what the ring's slots carry, until
 * the end code; then signs with `key` or verifies the signature in the last slot. The key crosses
 * as bytes the worker imports into its crypto backend: the signing key as PKCS#8 (a copy the
 * worker wipes once imported), the verification key as its compressed point.
 */
export interface RingMessage {
  readonly op: 'ring';
  readonly session: number;
  readonly kind: 'sign' | 'verify';
  readonly curve: EcCurve;
  readonly hash: HashName;
  readonly first: Uint8Array;
  readonly key: Uint8Array;
  readonly data: SharedArrayBuffer;
  readonly ctrl: SharedArrayBuffer;
}

export type WorkerMessage = KeyMessage | BatchMessage | DropMessage | RingMessage;

/** A batch as done, on a worker or on the calling thread. */
export interface BatchAnswer {
  readonly output: ArrayBuffer;
  readonly length: number;
  /** The input buffer, given back for a later batch (null when the output was made in it). */
  readonly input: ArrayBuffer | null;
  /** Index in the batch of the first frame that failed (open only): its tag, or its head if `malformed`. */
  readonly failedAt?: number;
  /** Why the frame at failedAt is malformed (its head does not parse: an IV that is not its number…); else its tag failed. */
  readonly malformed?: string;
}

/** What a worker answers for a batch. */
export type Answer = BatchAnswer & { readonly id: number; readonly session: number };

/** What a worker answers at the end of a hash ring. */
export interface RingAnswer {
  readonly session: number;
  readonly ring: true;
  readonly signature?: Uint8Array;
  readonly ok?: boolean;
  readonly abandoned?: true;
}
