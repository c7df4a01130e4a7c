/**
 * Header auth (AWS ESDK spec, data-format/message-header.md § header authentication): an AES-GCM
 * tag over an empty plaintext with the header body as AAD, under the message key.
 */
import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import { AuthenticationError } from '../errors.js';
import type { AlgorithmSuite } from '../suites.js';

/** Header auth: AES-GCM tag over an empty plaintext with the header body as AAD. */
export function headerAuthTag(suite: AlgorithmSuite, key: KeyObject, iv: Uint8Array, headerBody: Uint8Array): Buffer {
  const c = createCipheriv(suite.cipher, key, iv, { authTagLength: suite.tagLength });
  c.setAAD(headerBody);
  c.final();
  return c.getAuthTag();
}

/** Verifies the header auth tag; throws AuthenticationError. */
export function verifyHeaderAuth(suite: AlgorithmSuite, key: KeyObject, iv: Uint8Array, headerBody: Uint8Array, tag: Uint8Array): void {
  try {
    const d = createDecipheriv(suite.cipher, key, iv, { authTagLength: suite.tagLength });
    d.setAAD(headerBody);
    d.setAuthTag(tag);
    d.final();
  } catch (cause) {
    throw new AuthenticationError({ cause });
  }
}
