/**
 * A page that uses `@envelope/client` as an application would (bundled under the `browser`
 * condition): buffers and WHATWG streams with raw AES, raw RSA and KMS keyrings.
 */
import { KmsKeyring, RawAesKeyring, RawRsaKeyring, cryptoBackend, decrypt, decryptStream, encrypt, encryptStream, isEnvelopeError } from '@envelope/client';
import type { Keyring } from '@envelope/client';
import { expose, fetchBlob, putBlob } from './page_bytes.js';

const aes = (key: Uint8Array): Keyring => new RawAesKeyring({ keyNamespace: 'browser', keyName: 'aes', wrappingKey: key });
const rsa = (key: { publicKey?: string; privateKey?: string }): Keyring => new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'escrow-key', padding: 'oaep-sha256', ...key });
interface KmsSpec {
  readonly generatorKeyId?: string;
  readonly keyIds?: string[];
  readonly endpoints: Record<string, string>;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
}
const kms = (spec: KmsSpec): Keyring => new KmsKeyring({ ...spec, maxAttempts: 1 });

/** What a failure looks like to the test: the error's class and code. */
async function outcome<T>(work: () => Promise<T>): Promise<T | { error: string; code?: string }> {
  try {
    return await work();
  } catch (e) {
    return { error: (e as Error).name, message: (e as Error).message, ...(isEnvelopeError(e) ? { code: e.code } : {}) };
  }
}

async function collect(readable: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const parts: Uint8Array[] = [];
  const reader = readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}

expose({
  backendName: () => cryptoBackend.name,
  aesEncrypt: async (key: Uint8Array, plaintext: Uint8Array, suiteId: number, frameLength: number) =>
    (await encrypt(aes(key), plaintext, { suiteId, frameLength, encryptionContext: { page: 'browser' }, ...(suiteId < 0x0400 ? { commitmentPolicy: 'forbid-encrypt-allow-decrypt' as const } : {}) })).ciphertext,
  aesDecrypt: (key: Uint8Array, ciphertext: Uint8Array, policy?: 'require-encrypt-allow-decrypt') =>
    outcome(async () => {
      const r = await decrypt(aes(key), ciphertext, policy ? { commitmentPolicy: policy } : {});
      return { plaintext: r.plaintext, suiteId: r.header.suiteId, decryptedBy: r.decryptedBy };
    }),
  rsaEncrypt: async (publicKey: string, plaintext: Uint8Array) => (await encrypt(rsa({ publicKey }), plaintext)).ciphertext,
  rsaDecrypt: (privateKey: string, ciphertext: Uint8Array) => outcome(async () => (await decrypt(rsa({ privateKey }), ciphertext)).plaintext),
  rsaPkcs1: () => outcome(async () => new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'k', padding: 'pkcs1', publicKey: 'x' })),
  kmsEncrypt: async (spec: KmsSpec, plaintext: Uint8Array) => (await encrypt(kms(spec), plaintext, { encryptionContext: { via: 'page' } })).ciphertext,
  kmsDecrypt: (spec: KmsSpec, ciphertext: Uint8Array) =>
    outcome(async () => {
      const r = await decrypt(kms(spec), ciphertext);
      return { plaintext: r.plaintext, decryptedBy: r.decryptedBy };
    }),
  /** Streams /blob/ID through encryptStream in the page's fetch chunks and PUTs the message at /blob/ID.out. */
  streamEncrypt: async (key: Uint8Array, id: string, frameLength: number) => {
    const response = await fetch(`/blob/${id}`);
    const enc = encryptStream(aes(key), { frameLength, encryptionContext: { page: 'stream' } });
    const parts = await collect(response.body!.pipeThrough(enc));
    await putBlob(`${id}.out`, new Blob(parts));
    return { parts: parts.length, header: await enc.header };
  },
  /** Decrypts /blob/ID through decryptStream; the plaintext PUT at /blob/ID.out, or the error. */
  streamDecrypt: (key: Uint8Array, id: string) =>
    outcome(async () => {
      const dec = decryptStream(aes(key));
      const parts = await collect((await fetch(`/blob/${id}`)).body!.pipeThrough(dec));
      await putBlob(`${id}.out`, new Blob(parts));
      return { header: await dec.header, decryptedBy: await dec.decryptedBy };
    }),
  fetchBlob,
});
