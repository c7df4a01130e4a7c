/**
 * The body of a stream, where its placement says (body/placement.ts): the sealer or opener and the
 * signature hash on the calling thread (body/here/) or on worker threads (body/threads/, loaded
 * only when a stream needs them).
 */
import { availableParallelism } from 'node:os';
import type { StartedMessage } from './encryptor.js';
import type { EncryptOptions } from './options.js';
import { usesThreads, type PlaceBody } from './body/placement.js';
import type { BodySealer, BodyStart, OpenerFactory, Push, SigningHash } from './body/seams.js';
import { hereSealer } from './body/here/here_sealer.js';
import { signingHere } from './body/here/signature_hash.js';
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
    if (!usesThreads(place)) return openHere(start, verifyingHashHere(start), lend);
    const threads = await services.threads();
    const hash = place.hash === 'worker' ? threads.verifyingHash(start.suite, start.header, start.verificationKey!) : verifyingHashHere(start);
    return place.frames === 'threads' ? threads.opener({ ...start, hash }, place.threadCount) : openHere(start, hash, lend);
  };
}
