/** Which crypto backend this process runs on, for people and tools (`envelope --version`). */
import { backend, backendDescription } from '#crypto-backend';

/** The crypto backend core uses in this process. */
export interface CryptoBackendInfo {
  /** 'native' (the AES-GCM addon beside node:crypto), 'node' (node:crypto) or 'webcrypto'. */
  readonly name: string;
  /** The name with its detail: the addon's OpenSSL, or why node:crypto is used. */
  readonly description: string;
}

/**
 * The crypto backend core uses in this process: chosen once when core loads (on Node, the native
 * AES-GCM addon when it is installed and loads and `ENVELOPE_NATIVE` is not `0`, else node:crypto).
 */
export function cryptoBackendInfo(): CryptoBackendInfo {
  return { name: backend.name, description: backendDescription };
}
