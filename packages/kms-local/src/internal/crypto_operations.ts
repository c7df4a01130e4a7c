/**
 * Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext) and GetPublicKey. Symmetric keys
 * seal kms-local blobs (ciphertext_blob.ts); RSA keys use bare RSA-OAEP (rsa_keys.ts). An encryption
 * algorithm that does not fit the key is an InvalidKeyUsageException (API reference, Encrypt).
 */
import { randomBytes } from 'node:crypto';
import { KmsError } from '../kms_error.js';
import { blobKeyId, open, seal } from '../ciphertext_blob.js';
import type { KeyRecord } from '../state_store.js';
import { encryptionAlgorithms, keyMaterialId } from './key_metadata.js';
import { keyArn, type RegionContext } from './region_context.js';
import { rsaDecrypt, rsaEncrypt } from './rsa_keys.js';
import type { Handler, Json, Request } from './operation_types.js';

type Ec = Record<string, string> | undefined;
const b64 = (b: Buffer): string => b.toString('base64');

/** The algorithm asked for (default SYMMETRIC_DEFAULT), if the key supports it. */
function algorithmFor(k: KeyRecord, c: RegionContext, asked: unknown): string {
  const algorithm = typeof asked === 'string' ? asked : 'SYMMETRIC_DEFAULT';
  if (!encryptionAlgorithms(k).includes(algorithm)) {
    throw new KmsError('InvalidKeyUsageException', `${algorithm} is not a valid encryption algorithm for ${keyArn(c, k.keyId)} (${k.keySpec}).`);
  }
  return algorithm;
}

function noContextForRsa(k: KeyRecord, ec: Ec): void {
  if (k.keySpec !== 'SYMMETRIC_DEFAULT' && ec && Object.keys(ec).length) {
    throw new KmsError('ValidationException', 'EncryptionContext is supported only with symmetric encryption KMS keys.');
  }
}

function encryptUnder(k: KeyRecord, algorithm: string, plaintext: Buffer, ec: Ec): Buffer {
  if (k.keySpec !== 'SYMMETRIC_DEFAULT') return rsaEncrypt(k, algorithm, plaintext);
  return seal(k.keyId, Buffer.from(k.material!, 'base64'), plaintext, ec);
}

/** Checks a Decrypt-like source (blob, optional key id, algorithm, context); returns how to open it. */
function source(r: Request, blobMember: string, keyMember: string, algorithmMember: string, contextMember: string): { key: KeyRecord; algorithm: string; open: () => Buffer } {
  const { c, input } = r;
  const blob = input[blobMember] as Buffer;
  const named = r.key(keyMember);
  const ec = input[contextMember] as Ec;
  if (named && named.keySpec !== 'SYMMETRIC_DEFAULT') {
    const algorithm = algorithmFor(named, c, input[algorithmMember]);
    noContextForRsa(named, ec);
    r.allow(named);
    return { key: named, algorithm, open: () => rsaDecrypt(named, algorithm, blob) };
  }
  const id = blobKeyId(blob);
  if (named && named.keyId !== id) throw new KmsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
  const k = c.store.keys(c.region).get(id);
  if (!k) throw new KmsError('InvalidCiphertextException', 'The ciphertext refers to a KMS key that does not exist in this Region.');
  const algorithm = algorithmFor(k, c, input[algorithmMember]);
  r.allow(k);
  return { key: k, algorithm, open: () => open(blob, Buffer.from(k.material!, 'base64'), ec) };
}

/** Bytes of data key asked for (the validation layer made sure exactly one of the two is given). */
function dataKeyLength(input: Request['input']): number {
  const spec = input['KeySpec'];
  return spec === 'AES_256' ? 32 : spec === 'AES_128' ? 16 : (input['NumberOfBytes'] as number);
}

function generateDataKey(r: Request, withPlaintext: boolean): () => Json {
  const k = r.allow(r.key('KeyId')!);
  if (k.keySpec !== 'SYMMETRIC_DEFAULT') throw new KmsError('InvalidKeyUsageException', `${keyArn(r.c, k.keyId)} is not a symmetric encryption KMS key.`);
  const length = dataKeyLength(r.input);
  return () => {
    const dk = randomBytes(length);
    const out: Json = { CiphertextBlob: b64(encryptUnder(k, 'SYMMETRIC_DEFAULT', dk, r.input['EncryptionContext'] as Ec)), KeyId: keyArn(r.c, k.keyId), KeyMaterialId: keyMaterialId(k) };
    if (withPlaintext) out['Plaintext'] = b64(dk);
    dk.fill(0);
    return out;
  };
}

export const CRYPTO_OPERATIONS: Readonly<Record<string, Handler>> = {
  Encrypt(r) {
    const k = r.key('KeyId')!;
    const algorithm = algorithmFor(k, r.c, r.input['EncryptionAlgorithm']);
    const ec = r.input['EncryptionContext'] as Ec;
    noContextForRsa(k, ec);
    r.allow(k);
    return () => ({ CiphertextBlob: b64(encryptUnder(k, algorithm, r.input['Plaintext'] as Buffer, ec)), KeyId: keyArn(r.c, k.keyId), EncryptionAlgorithm: algorithm });
  },
  Decrypt(r) {
    const src = source(r, 'CiphertextBlob', 'KeyId', 'EncryptionAlgorithm', 'EncryptionContext');
    return () => {
      const plaintext = src.open();
      const out: Json = { KeyId: keyArn(r.c, src.key.keyId), Plaintext: b64(plaintext), EncryptionAlgorithm: src.algorithm };
      const materialId = keyMaterialId(src.key);
      if (materialId) out['KeyMaterialId'] = materialId;
      plaintext.fill(0);
      return out;
    };
  },
  ReEncrypt(r) {
    const src = source(r, 'CiphertextBlob', 'SourceKeyId', 'SourceEncryptionAlgorithm', 'SourceEncryptionContext');
    const dest = r.key('DestinationKeyId')!;
    const algorithm = algorithmFor(dest, r.c, r.input['DestinationEncryptionAlgorithm']);
    const ec = r.input['DestinationEncryptionContext'] as Ec;
    noContextForRsa(dest, ec);
    r.allow(dest);
    return () => {
      const plaintext = src.open();
      try {
        return {
          CiphertextBlob: b64(encryptUnder(dest, algorithm, plaintext, ec)),
          SourceKeyId: keyArn(r.c, src.key.keyId),
          KeyId: keyArn(r.c, dest.keyId),
          SourceEncryptionAlgorithm: src.algorithm,
          DestinationEncryptionAlgorithm: algorithm,
        };
      } finally {
        plaintext.fill(0);
      }
    };
  },
  GenerateDataKey: (r) => generateDataKey(r, true),
  GenerateDataKeyWithoutPlaintext: (r) => generateDataKey(r, false),
  GetPublicKey(r) {
    const k = r.key('KeyId')!;
    if (k.keySpec === 'SYMMETRIC_DEFAULT') throw new KmsError('UnsupportedOperationException', `${keyArn(r.c, k.keyId)} is a symmetric encryption KMS key; it has no public key.`);
    r.allow(k);
    return () => ({
      KeyId: keyArn(r.c, k.keyId),
      PublicKey: k.publicKey,
      CustomerMasterKeySpec: k.keySpec,
      KeySpec: k.keySpec,
      KeyUsage: 'ENCRYPT_DECRYPT',
      EncryptionAlgorithms: encryptionAlgorithms(k),
    });
  },
};
