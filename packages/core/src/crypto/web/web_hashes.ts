/** Incremental SHA-2 and HMAC on @noble/hashes: WebCrypto's digest is one-shot, a signed stream's hash is not. */
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { HashName, IncrementalHash } from '../backend.js';

const HASHES = { sha256, sha384, sha512 } as const;

export function incrementalHash(name: HashName): IncrementalHash {
  const h = HASHES[name].create();
  return {
    update(data) {
      h.update(data);
    },
    digest: () => h.digest(),
  };
}

/** WebCrypto's name of each hash. */
export const WEB_HASH = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' } as const satisfies Record<HashName, string>;
