/**
 * Loading RSA keys as people hold them: PEM (PKCS#1, PKCS#8, SPKI, encrypted PKCS#8, X.509
 * certificate) and DER. node:crypto parses all of these; PKCS#12 is in pkcs12_loading.ts.
 * Errors never quote the key; they name the format that was expected.
 */
import { Buffer } from 'node:buffer';
import { createPrivateKey, createPublicKey, KeyObject, X509Certificate } from 'node:crypto';
import { ConfigError } from '@envelope/core';
import { MIN_RSA_BITS } from './rsa_padding.js';

/** Smallest RSA modulus accepted, bits. */
export { MIN_RSA_BITS };

/** A key as accepted by the loaders: PEM text, DER bytes, or a KeyObject. */
export type RsaKeyInput = string | Uint8Array | KeyObject;

/** Options of the loaders. */
export interface LoadRsaKeyOptions {
  /** Passphrase of an encrypted PKCS#8 key. */
  readonly passphrase?: string;
  /** Words for error messages, e.g. `escrow private key`. */
  readonly label?: string;
}

/** Throws ConfigError unless `key` is an RSA key of at least {@link MIN_RSA_BITS} bits; returns it. */
export function checkRsaKey(key: KeyObject, label: string): KeyObject {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError(`${label} is not an RSA key (got ${key.asymmetricKeyType ?? key.type})`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) throw new ConfigError(`${label} is ${bits}-bit RSA; at least ${MIN_RSA_BITS} bits are required`);
  return key;
}

/**
 * Loads an RSA public key from an SPKI or PKCS#1 PEM/DER, an X.509 certificate (PEM or DER;
 * its subject key is used), or a private key (its public half).
 */
export function loadRsaPublicKey(input: RsaKeyInput, options: LoadRsaKeyOptions = {}): KeyObject {
  const label = options.label ?? 'RSA public key';
  if (input instanceof KeyObject) return checkRsaKey(input.type === 'private' ? createPublicKey(input) : input, label);
  const attempts: Array<() => KeyObject> = [];
  if (typeof input === 'string') {
    if (input.includes('-----BEGIN CERTIFICATE-----')) attempts.push(() => new X509Certificate(input).publicKey);
    else if (/-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(input)) attempts.push(() => createPublicKey(privateFrom(input, options, label)));
    else attempts.push(() => createPublicKey(input));
  } else {
    const der = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    attempts.push(
      () => createPublicKey({ key: der, format: 'der', type: 'spki' }),
      () => createPublicKey({ key: der, format: 'der', type: 'pkcs1' }),
      () => new X509Certificate(der).publicKey,
      () => createPublicKey(privateFromDer(der, options)),
    );
  }
  return checkRsaKey(firstThat(attempts, label, 'expected PEM or DER: SPKI, PKCS#1, an X.509 certificate or a private key'), label);
}

/** Loads an RSA private key from PKCS#1 or PKCS#8 PEM/DER, or encrypted PKCS#8 with `passphrase`. */
export function loadRsaPrivateKey(input: RsaKeyInput, options: LoadRsaKeyOptions = {}): KeyObject {
  const label = options.label ?? 'RSA private key';
  if (input instanceof KeyObject) {
    if (input.type !== 'private') throw new ConfigError(`${label} is a ${input.type} key, not a private key`);
    return checkRsaKey(input, label);
  }
  if (typeof input === 'string') return checkRsaKey(privateFrom(input, options, label), label);
  const der = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  return checkRsaKey(firstThat([() => privateFromDer(der, options)], label, 'expected PEM or DER: PKCS#1, PKCS#8 or encrypted PKCS#8'), label);
}

function privateFrom(pem: string, options: LoadRsaKeyOptions, label: string): KeyObject {
  const encrypted = pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----');
  if (encrypted && options.passphrase === undefined) throw new ConfigError(`${label} is encrypted: a passphrase is required`);
  if (!/-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(pem)) {
    throw new ConfigError(`${label}: expected a PEM private key (PKCS#1, PKCS#8 or encrypted PKCS#8)`);
  }
  try {
    return createPrivateKey(options.passphrase !== undefined ? { key: pem, passphrase: options.passphrase } : pem);
  } catch (cause) {
    throw new ConfigError(`${label} could not be read: ${encrypted ? 'wrong passphrase or damaged key' : 'damaged or truncated PEM'}`, undefined, { cause: safeCause(cause) });
  }
}

function privateFromDer(der: Buffer, options: LoadRsaKeyOptions): KeyObject {
  const tries: Array<() => KeyObject> = [
    () => createPrivateKey({ key: der, format: 'der', type: 'pkcs8', ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}) }),
    () => createPrivateKey({ key: der, format: 'der', type: 'pkcs1' }),
  ];
  for (const t of tries) {
    try {
      return t();
    } catch {
      // try the next encoding
    }
  }
  throw new Error('not a DER private key');
}

function firstThat(tries: Array<() => KeyObject>, label: string, expected: string): KeyObject {
  let last: unknown;
  for (const t of tries) {
    try {
      return t();
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      last = err;
    }
  }
  throw new ConfigError(`${label} could not be read: ${expected}`, undefined, { cause: safeCause(last) });
}

/** Keeps only the code and OpenSSL reason of a parse error, so no input bytes can ride along. */
function safeCause(err: unknown): Error | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as NodeJS.ErrnoException).code;
  return new Error(code ? `${code}: ${err.message.slice(0, 200)}` : err.message.slice(0, 200));
}

/** True for a PEM private key, or DER bytes that parse as a private key. */
export function holdsPrivateKey(input: RsaKeyInput): boolean {
  if (typeof input === 'string') return /-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(input);
  if (!(input instanceof Uint8Array)) return input.type === 'private';
  const der = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      createPrivateKey({ key: der, format: 'der', type });
      return true;
    } catch {
      // not this encoding
    }
  }
  return false;
}
