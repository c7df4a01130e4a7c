import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { ConfigError } from '@envelope/core';
import { MIN_RSA_BITS } from './rsa_key_loading.js';

const generate = promisify(generateKeyPair);

/** Options of {@link generateRsaKeyPair}. */
export interface GenerateRsaKeyPairOptions {
  /** Modulus size; default 4096, at least 2048. */
  readonly bits?: number;
  /** If set, the private key PEM is encrypted PKCS#8 (AES-256-CBC) under this passphrase. */
  readonly passphrase?: string;
}

/**
 * Generates an RSA key pair for an escrow keyring: SPKI public PEM and PKCS#8 private PEM.
 * Whoever writes `privateKeyPem` to disk must create the file with mode 0600.
 */
export async function generateRsaKeyPair(options: GenerateRsaKeyPairOptions = {}): Promise<{
  /** SPKI PEM of the public key (for encryption). */
  publicKeyPem: string;
  /** PKCS#8 PEM of the private key (keep offline, mode 0600). */
  privateKeyPem: string;
}> {
  const bits = options.bits ?? 4096;
  if (!Number.isInteger(bits) || bits < MIN_RSA_BITS || bits > 16384) {
    throw new ConfigError(`RSA key size must be an integer from ${MIN_RSA_BITS} to 16384 bits, got ${bits}`);
  }
  const privateKeyEncoding =
    options.passphrase !== undefined
      ? { type: 'pkcs8' as const, format: 'pem' as const, cipher: 'aes-256-cbc', passphrase: options.passphrase }
      : { type: 'pkcs8' as const, format: 'pem' as const };
  const { publicKey, privateKey } = await generate('rsa', {
    modulusLength: bits,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding,
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}
