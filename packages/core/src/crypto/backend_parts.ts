/**
 * A crypto backend as three parts: its basics (random bytes, comparison, hashes, HMAC, HKDF), its
 * AES-GCM and its ECDSA. node:crypto and WebCrypto each put their own three together here; the
 * native addon replaces the AES-GCM part of node:crypto's.
 */
import type { CryptoBackend } from './backend.js';

/** The AES-GCM members of a backend. */
export type AesGcmPart = Pick<CryptoBackend, 'importAesKey' | 'exportAesKey' | 'seal' | 'open' | 'sealBatch' | 'openBatch' | 'sealing' | 'opening'>;

/** The ECDSA members of a backend. */
export type EcdsaPart = Pick<CryptoBackend, 'generateSigningKey' | 'exportSigningKey' | 'importSigningKey' | 'importVerificationKey' | 'signer' | 'verifier'>;

/** The optional members only the native addon adds (native_aes.ts): its output memory and its hash thread. */
export type NativeExtras = 'outputBuffer' | 'signerOnThread' | 'verifierOnThread';

/** Every other member: the backend's name and the primitives it has no module of its own for. */
export type BasicPart = Omit<CryptoBackend, keyof AesGcmPart | keyof EcdsaPart | NativeExtras>;

/**
 * The frozen backend of three parts. Only the members of each part are taken from it, so a part
 * may be a module namespace that exports more (its key classes).
 */
export function assembleBackend(basics: BasicPart, aes: AesGcmPart, ecdsa: EcdsaPart): CryptoBackend {
  return Object.freeze({
    ...basics,
    importAesKey: aes.importAesKey,
    exportAesKey: aes.exportAesKey,
    seal: aes.seal,
    open: aes.open,
    sealBatch: aes.sealBatch,
    openBatch: aes.openBatch,
    sealing: aes.sealing,
    opening: aes.opening,
    generateSigningKey: ecdsa.generateSigningKey,
    exportSigningKey: ecdsa.exportSigningKey,
    importSigningKey: ecdsa.importSigningKey,
    importVerificationKey: ecdsa.importVerificationKey,
    signer: ecdsa.signer,
    verifier: ecdsa.verifier,
  });
}
