/**
 * The body of a stream, where its placement says (body/placement.ts): the sealer or opener and the
 * signature hash on the calling thread (body/here/) or on worker threads (body/threads/, loaded
 * only when a stream needs them).
 */
import { availableParallelism } from 'node:os';
import type { StartedMessage } from './encryptor.js';
import type { EncryptOptions } from './options.js';
import { backend } from '#crypto-backend';
import { usesThreads, type GivenTraits, type PlaceBody } from './body/placement.js';
import type { BodySealer, BodyStart, OpenerFactory, Push, SigningHash, VerifyingHash } from './body/seams.js';
import { hereSealer } from './body/here/here_sealer.js';
import { signingHere, signingOnThread, verifyingOnThread } from './body/here/signature_hash.js';
import { openHere, verifyingHashHere } from './body/here/open_here.js';
import type { BodyThreads } from './body/threads/body_threads.js';

/** What streams run their bodies with: the machine's cores and the worker threads. */
export interface StreamServices {
  /** Cores the streams may count on (a signed suite's hash gets a worker only when one is left for it). */
  cores(): number;
  /** The worker threads, loaded on first use. */
  threads(): Promise<BodyThreads>;
  /**
   * Whether frames cost no cipher set-up each (the native backend: then they stay on the calling
   * thread at any concurrency); the crypto backend in use decides when this is absent.
   */
  framesSetUpFree?(): boolean;
  /**
   * Whether a signed suite's hash may go to a thread of the crypto backend's own (false: a worker
   * thread, as with a backend without one); the crypto backend in use decides when this is absent.
   */
  hashThread?(): boolean;
}

/**
 * The backend traits a stream's placement reads from its services (placement.ts: unset, the
 * backend's). A hash thread only where the backend has one: services can turn it off, not conjure it.
 */
export function traitsOf(services: StreamServices): GivenTraits {
  const hashThread = services.hashThread?.();
  return { framesSetUpFree: services.framesSetUpFree?.(), hashThread: hashThread === undefined ? undefined : hashThread && backend.signerOnThread !== undefined && backend.verifierOnThread !== undefined };
}

/** The process's: its cores, and worker threads shared by all its streams. */
export const processServices: StreamServices = {
  cores: () => availableParallelism(),
  threads: () => import('./body/threads/body_threads.js').then((m) => m.processThreads()),
};

/**
 * The sealer of a started message: frames and hash where `placeBody` puts them, pushing to `push`.
 * `lend` (a writer lending its output, message_writer.ts, whose placement keeps frames on the
 * calling thread): frames sealed into reused buffers.
 */
export async function streamSealer(m: StartedMessage, options: EncryptOptions, placeBody: PlaceBody, services: StreamServices, push: Push, lend = false): Promise<BodySealer> {
  const place = placeBody(m.frameLength, m.signingKey !== undefined);
  const threads = usesThreads(place) ? await services.threads() : undefined;
  let hash: SigningHash | undefined;
  if (place.hash === 'worker') hash = threads!.signingHash(m.suite, m.headerBytes, m.signingKey!);
  else if (place.hash === 'backend') hash = signingOnThread(backend.signerOnThread!(m.signingKey!, m.suite.signature!.hash), m.headerBytes);
  else if (m.signer) hash = signingHere(m.signer);
  return place.frames === 'threads' ? threads!.sealer(m, place.threadCount, hash, push) : hereSealer(m, options, hash, push, lend);
}

/**
 * The opener factory of a decrypting stream: body and hash where `placeBody` puts them. `lend` (a
 * reader lending its output, message_reader.ts, whose placement keeps frames on the calling
 * thread): frames opened into one reused buffer.
 */
export function streamOpeners(placeBody: PlaceBody, services: StreamServices, lend = false): OpenerFactory {
  return async (start: BodyStart) => {
    const place = placeBody(start.contentType === 'framed' ? start.frameLength : 0, start.suite.signature !== null);
    const threads = usesThreads(place) ? await services.threads() : undefined;
    let hash: VerifyingHash | undefined;
    if (place.hash === 'worker') hash = threads!.verifyingHash(start.suite, start.header, start.verificationKey!);
    else if (place.hash === 'backend') hash = verifyingOnThread(backend.verifierOnThread!(start.verificationKey!, start.suite.signature!.hash), start.header);
    else hash = verifyingHashHere(start);
    return place.frames === 'threads' ? threads!.opener({ ...start, hash }, place.threadCount) : openHere(start, hash, lend);
  };
}
