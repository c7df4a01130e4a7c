// Loads the published AWS ESDK vectors kept in fixtures/esdk-python-1.3.0 (source in its README)
// and builds our keyrings for their static raw keys.
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import type { Keyring } from '@envelope/core';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';
import { RawRsaKeyring } from '@envelope/keyring-raw-rsa';
import { MultiKeyring } from '@envelope/keyring-multi';

const dir = new URL('../../fixtures/esdk-python-1.3.0/', import.meta.url);
export interface MasterKey { provider_id: string; encryption_algorithm: 'AES' | 'RSA'; padding_algorithm?: string; padding_hash?: string; key_bits?: number; decryptable: boolean }
export interface Vector { file: string; suiteId: string; frameLength: number; plaintext: string; masterKeys: MasterKey[] }
export const { vectors } = JSON.parse(readFileSync(new URL('vectors.json', dir), 'utf8')) as { vectors: Vector[] };
const { keys } = JSON.parse(readFileSync(new URL('keys.json', dir), 'utf8')) as { keys: Record<string, { encoding: string; key: string }> };

/** Our keyring for one static master key of a vector. */
export function staticKeyring(v: Vector, mk: MasterKey): Keyring {
  const suiteKeyBits = { '0x0014': 128, '0x0114': 128, '0x0214': 128, '0x0046': 192, '0x0146': 192, '0x0346': 192 }[v.suiteId] ?? 256;
  if (mk.encryption_algorithm === 'AES') {
    const bits = mk.key_bits ?? suiteKeyBits;
    return new RawAesKeyring({ keyNamespace: mk.provider_id, keyName: `AES.${bits}..`, wrappingKey: Buffer.from(keys[`AES.${bits}`]!.key, 'base64') });
  }
  const padding = mk.padding_algorithm === 'PKCS1' ? 'pkcs1' : (`oaep-${mk.padding_hash!.replace('SHA-', 'sha')}` as 'oaep-sha1');
  return new RawRsaKeyring({
    keyNamespace: mk.provider_id,
    keyName: `RSA.${mk.key_bits}.${mk.padding_algorithm}.${mk.padding_hash ?? ''}`,
    privateKey: keys[`RSA.${mk.key_bits}`]!.key,
    padding,
    allowPkcs1Decrypt: true, // the vectors include legacy PKCS1 messages
  });
}

export function vectorKeyring(v: Vector): Keyring {
  return new MultiKeyring({ children: v.masterKeys.filter((m) => m.decryptable).map((m) => staticKeyring(v, m)) });
}

export function load(v: Vector): { ciphertext: Buffer; plaintext: Buffer } {
  return { ciphertext: readFileSync(new URL(v.file, dir)), plaintext: readFileSync(new URL(v.plaintext, dir)) };
}

