/**
 * Header auth (AWS ESDK spec, data-format/message-header.md § header authentication): an AES-GCM
 * tag over an empty plaintext with the header body as AAD, under the message key.
 */
import { type KeyObject } from 'node:crypto';
import type { AlgorithmSuite } from '../suites.js';
/** Header auth: AES-GCM tag over an empty plaintext with the header body as AAD. */
export declare function headerAuthTag(suite: AlgorithmSuite, key: KeyObject, iv: Uint8Array, headerBody: Buffer): Buffer;
/** Verifies the header auth tag; throws AuthenticationError. */
export declare function verifyHeaderAuth(suite: AlgorithmSuite, key: KeyObject, iv: Uint8Array, headerBody: Buffer, tag: Buffer): void;
//# sourceMappingURL=header_auth.d.ts.map