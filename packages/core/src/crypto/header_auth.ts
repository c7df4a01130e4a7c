/**
 * Header auth (AWS ESDK spec, data-format/message-header.md § header authentication): an AES-GCM
 * tag over an empty plaintext with the header body as AAD, under the message key.
 */
import { backend } from '#crypto-backend';
import { AuthenticationError } from '../errors.js';
import type { AlgorithmSuite } from '../suites.js';
import { writeHeader, type HeaderFields } from '../format/header.js';
import type { AesKey, MaybePromise } from './backend.js';
import { after, mapFailure } from './maybe.js';

const EMPTY = new Uint8Array(0);

/** Header auth: AES-GCM tag over an empty plaintext with the header body as AAD. */
export function headerAuthTag(suite: AlgorithmSuite, key: AesKey, iv: Uint8Array, headerBody: Uint8Array): MaybePromise<Uint8Array> {
  return after(backend.seal(key, iv, headerBody, EMPTY, suite.tagLength), (r) => r.tag);
}

/** Verifies the header auth tag; throws (or rejects with) AuthenticationError. */
export function verifyHeaderAuth(key: AesKey, iv: Uint8Array, headerBody: Uint8Array, tag: Uint8Array): MaybePromise<void> {
  return after(
    mapFailure(() => backend.open(key, iv, headerBody, EMPTY, tag), (cause) => new AuthenticationError({ cause })),
    () => undefined,
  );
}

/**
 * Writes the header of `fields` with its auth tag under `key`. The codec lays the header out and
 * leaves the tag's place last; the tag is computed once the authenticated bytes exist (possibly
 * later, by an asynchronous backend) and written there.
 */
export function writeAuthenticatedHeader(fields: HeaderFields, key: AesKey): MaybePromise<Uint8Array> {
  const { suite } = fields;
  let authenticated: Uint8Array | undefined;
  let iv: Uint8Array | undefined;
  const header = writeHeader(fields, (a, i) => {
    authenticated = a;
    iv = i;
    return new Uint8Array(suite.tagLength);
  });
  return after(headerAuthTag(suite, key, iv!, authenticated!), (tag) => {
    header.set(tag, header.length - suite.tagLength);
    return header;
  });
}
