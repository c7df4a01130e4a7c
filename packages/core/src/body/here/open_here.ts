/** The opener of a message whose body and hash run on the calling thread (buffers, rewrap, streams on one thread). */
import { verifierFor } from '../../crypto/signature.js';
import type { BodyOpener, BodyStart, VerifyingHash } from '../seams.js';
import { HereOpener } from './here_opener.js';
import { verifyingHere } from './signature_hash.js';

/** `lend`: plaintext goes out as views of one reused buffer, valid until `emit` returns (message_reader.ts). */
export function openHere(start: BodyStart, hash: VerifyingHash | undefined = verifyingHashHere(start), lend = false): BodyOpener {
  return new HereOpener(start, hash, lend);
}

/** A signed suite's hash on the calling thread, having seen the header (undefined for unsigned suites). */
export function verifyingHashHere(start: BodyStart): VerifyingHash | undefined {
  if (!start.suite.signature) return undefined;
  const hash = verifyingHere(verifierFor(start.suite, start.verificationKey!));
  hash.update(start.header);
  return hash;
}
