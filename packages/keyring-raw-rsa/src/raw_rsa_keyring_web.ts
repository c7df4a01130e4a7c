/**
 * The raw RSA keyring of the browser build (the package's `browser` condition): the same options,
 * EDKs and errors as the Node keyring, on WebCrypto's RSA-OAEP. Keys are PEM strings (SPKI public,
 * PKCS#8 private) or CryptoKeys. WebCrypto has no RSA PKCS#1 v1.5 encryption, so `pkcs1` is a
 * ConfigError here (read such messages in Node).
 */
import { ConfigError, KeyringError, RawKeyring, type DecryptionMaterials, type EncryptedDataKey } from '@envelope/core';
import { isRsaPadding, MIN_RSA_BITS, RSA_PADDINGS, type RsaPadding } from './rsa_padding.js';

/** WebCrypto's key type, named from the global `crypto` (Node's types declare no global CryptoKey). */
type CryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** Options of {@link RawRsaKeyring} in browsers. */
export interface RawRsaKeyringOptions {
  /** Provider id written in the EDK (e.g. `escrow`); not `aws-kms…`. */
  readonly keyNamespace: string;
  /** Key name, written as the EDK's provider info (e.g. `escrow-2026`). */
  readonly keyName: string;
  /** Public key: SPKI PEM, or an RSA-OAEP CryptoKey. Derived from a PEM `privateKey` when left out. */
  readonly publicKey?: string | CryptoKey;
  /** Private key: PKCS#8 PEM, or an RSA-OAEP CryptoKey. Leave out for an encrypt-only escrow keyring. */
  readonly privateKey?: string | CryptoKey;
  /** An OAEP padding; `pkcs1` is a ConfigError in browsers. */
  readonly padding: RsaPadding;
  /** Accepted for the same options as in Node; pkcs1 is refused here anyway. */
  readonly allowPkcs1Decrypt?: boolean;
}

const KEYRING = 'raw-rsa';
const HASHES = { 'oaep-sha1': 'SHA-1', 'oaep-sha256': 'SHA-256', 'oaep-sha384': 'SHA-384', 'oaep-sha512': 'SHA-512' } as const;
type OaepPadding = keyof typeof HASHES;

/** The DER inside a PEM block of `label`; ConfigError if there is none. */
function pemBody(pem: string, label: string, what: string): Uint8Array {
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  if (!m) throw new ConfigError(`${what}: expected a PEM "${label}" block (in browsers: SPKI public keys, unencrypted PKCS#8 private keys)`);
  return Uint8Array.from(atob(m[1]!.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
}

function checkBits(key: CryptoKey, what: string): CryptoKey {
  const bits = (key.algorithm as { modulusLength?: number }).modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) throw new ConfigError(`${what} is ${bits}-bit RSA; at least ${MIN_RSA_BITS} bits are required`);
  return key;
}

async function importKey(input: string | CryptoKey, kind: 'public' | 'private', padding: OaepPadding, what: string): Promise<CryptoKey> {
  if (typeof input !== 'string') {
    if (input.type !== kind || input.algorithm.name !== 'RSA-OAEP') throw new ConfigError(`${what}: expected an RSA-OAEP ${kind} CryptoKey`);
    return checkBits(input, what);
  }
  const der = kind === 'public' ? pemBody(input, 'PUBLIC KEY', what) : pemBody(input, 'PRIVATE KEY', what);
  const alg = { name: 'RSA-OAEP', hash: HASHES[padding] };
  try {
    return checkBits(await crypto.subtle.importKey(kind === 'public' ? 'spki' : 'pkcs8', der, alg, false, [kind === 'public' ? 'encrypt' : 'decrypt']), what);
  } catch (cause) {
    if (cause instanceof ConfigError) throw cause;
    throw new ConfigError(`${what}: not an RSA ${kind} key`, undefined, { cause });
  } finally {
    der.fill(0);
  }
}

/** The public half of a PKCS#8 PEM private key (through a JWK of the public numbers only). */
async function publicOfPrivatePem(pem: string, padding: OaepPadding, what: string): Promise<CryptoKey> {
  const der = pemBody(pem, 'PRIVATE KEY', what);
  const alg = { name: 'RSA-OAEP', hash: HASHES[padding] };
  try {
    const full = await crypto.subtle.importKey('pkcs8', der, alg, true, ['decrypt']);
    const { n, e } = await crypto.subtle.exportKey('jwk', full);
    return await crypto.subtle.importKey('jwk', { kty: 'RSA', n: n!, e: e! }, alg, false, ['encrypt']);
  } catch (cause) {
    throw new ConfigError(`${what}: not an RSA private key`, undefined, { cause });
  } finally {
    der.fill(0);
  }
}

/**
 * Wraps data keys with RSA-OAEP under a public key, compatible with the AWS ESDK's raw RSA keyring
 * (provider id = namespace, provider info = key name, EDK ciphertext = the RSA-encrypted data key).
 */
export class RawRsaKeyring extends RawKeyring {
  /** RSA padding used to wrap and unwrap. */
  readonly padding: RsaPadding;
  readonly #publicKey: Promise<CryptoKey> | undefined;
  readonly #privateKey: Promise<CryptoKey> | undefined;
  readonly #nameBytes: Uint8Array;

  constructor(options: RawRsaKeyringOptions) {
    const o: Partial<RawRsaKeyringOptions> = options ?? {};
    super(KEYRING, o.keyNamespace, o.keyName);
    const padding = o.padding;
    if (!isRsaPadding(padding)) throw new ConfigError(`raw-rsa keyring: padding must be one of ${RSA_PADDINGS.join(', ')}`);
    if (padding === 'pkcs1') {
      throw new ConfigError('raw-rsa keyring: pkcs1 padding is not available in browsers (WebCrypto has no RSA PKCS#1 v1.5 encryption); use an OAEP padding, or read old pkcs1 messages in Node');
    }
    if (o.publicKey === undefined && o.privateKey === undefined) throw new ConfigError('raw-rsa keyring: give a publicKey, a privateKey or both');
    const what = `raw-rsa keyring ${this.keyId}`;
    this.padding = padding;
    this.#privateKey = o.privateKey === undefined ? undefined : importKey(o.privateKey, 'private', padding, `${what}: private key`);
    if (o.publicKey !== undefined) this.#publicKey = importKey(o.publicKey, 'public', padding, `${what}: public key`);
    else if (typeof o.privateKey === 'string') this.#publicKey = publicOfPrivatePem(o.privateKey, padding, `${what}: private key`);
    // Failures surface on use, as typed errors; not as unhandled rejections before that.
    this.#publicKey?.catch(() => {});
    this.#privateKey?.catch(() => {});
    this.#nameBytes = new TextEncoder().encode(this.keyName);
  }

  /** Whether this keyring holds the private key. */
  get canDecrypt(): boolean {
    return this.#privateKey !== undefined;
  }

  protected async wrap(dataKey: Uint8Array): Promise<EncryptedDataKey> {
    if (!this.#publicKey) throw new ConfigError(`raw-rsa keyring ${this.keyId}: no public key to encrypt with (give publicKey with a CryptoKey privateKey)`);
    const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, await this.#publicKey, dataKey));
    return { providerId: this.keyNamespace, providerInfo: this.#nameBytes.slice(), ciphertext };
  }

  protected ownsProviderInfo(providerInfo: Uint8Array): boolean {
    const a = this.#nameBytes;
    return providerInfo.length === a.length && providerInfo.every((x, i) => x === a[i]);
  }

  /** Throws ConfigError when one of the EDKs is this key's but this keyring has no private key. */
  protected override beforeDecrypt(): void {
    if (this.#privateKey === undefined) throw new ConfigError(`raw-rsa keyring ${this.keyId} has no private key: it can encrypt only (load the escrow private key to decrypt)`);
  }

  protected async unwrap(edk: EncryptedDataKey): Promise<Uint8Array> {
    const key = await this.#privateKey!;
    try {
      return new Uint8Array(await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, key, edk.ciphertext));
    } catch {
      // The cause is left out on purpose: padding errors must not tell an attacker more than "failed".
      throw new KeyringError(`raw-rsa keyring: ${this.keyId} could not unwrap the data key (wrong key or padding, or damaged EDK)`);
    }
  }

  /** Which key this is and whether it can decrypt; never key material. */
  toJSON(): { keyring: string; keyNamespace: string; keyName: string; padding: RsaPadding; canDecrypt: boolean } {
    return { keyring: KEYRING, keyNamespace: this.keyNamespace, keyName: this.keyName, padding: this.padding, canDecrypt: this.canDecrypt };
  }
}
