// Bridges between our keyrings and the AWS ESDK's material model, so a keyring of one side can run
// inside the other side's message code (keyring-level interop before/besides message-level tests).
import { Buffer } from 'node:buffer';
import {
  EncryptedDataKey as EsdkEdk,
  KeyringNode,
  KeyringTraceFlag,
  type NodeDecryptionMaterial,
  type NodeEncryptionMaterial,
  unwrapDataKey,
} from '@aws-crypto/client-node';
import { findSuite, type EncryptedDataKey, type Keyring } from '@envelope/core';

/** Our EDK as the ESDK's (providerInfo as text, rawInfo as the exact bytes). */
export function toEsdkEdk(edk: EncryptedDataKey): EsdkEdk {
  const rawInfo = Buffer.from(edk.providerInfo);
  return new EsdkEdk({
    providerId: edk.providerId,
    providerInfo: rawInfo.toString('utf8'),
    rawInfo: new Uint8Array(rawInfo),
    encryptedDataKey: new Uint8Array(edk.ciphertext),
  });
}

/** The ESDK's EDK as ours (rawInfo when present: raw AES provider info is binary). */
export function fromEsdkEdk(edk: EsdkEdk): EncryptedDataKey {
  return {
    providerId: edk.providerId,
    providerInfo: edk.rawInfo ? new Uint8Array(edk.rawInfo) : Buffer.from(edk.providerInfo, 'utf8'),
    ciphertext: new Uint8Array(edk.encryptedDataKey),
  };
}

function suiteOf(id: number) {
  const s = findSuite(id);
  if (!s) throw new Error(`unknown suite ${id}`);
  return s;
}

/** Runs one of our keyrings as an ESDK keyring (ESDK message code, our wrapping). */
export class OurKeyringInEsdk extends KeyringNode {
  readonly ours: Keyring;
  constructor(ours: Keyring) {
    super();
    this.ours = ours;
  }

  async _onEncrypt(material: NodeEncryptionMaterial): Promise<NodeEncryptionMaterial> {
    const had = material.hasUnencryptedDataKey;
    const result = await this.ours.onEncrypt({
      suite: suiteOf(material.suite.id),
      encryptionContext: material.encryptionContext,
      encryptedDataKeys: [],
      ...(had ? { plaintextDataKey: new Uint8Array(unwrapDataKey(material.getUnencryptedDataKey())) } : {}),
    });
    const trace = { keyNamespace: 'envelope', keyName: 'adapter', flags: KeyringTraceFlag.WRAPPING_KEY_GENERATED_DATA_KEY };
    if (!had) material.setUnencryptedDataKey(new Uint8Array(result.plaintextDataKey!), trace);
    for (const edk of result.encryptedDataKeys) {
      material.addEncryptedDataKey(toEsdkEdk(edk), KeyringTraceFlag.WRAPPING_KEY_ENCRYPTED_DATA_KEY | KeyringTraceFlag.WRAPPING_KEY_SIGNED_ENC_CTX);
    }
    return material;
  }

  async _onDecrypt(material: NodeDecryptionMaterial, edks: EsdkEdk[]): Promise<NodeDecryptionMaterial> {
    const result = await this.ours.onDecrypt({ suite: suiteOf(material.suite.id), encryptionContext: material.encryptionContext }, edks.map(fromEsdkEdk));
    if (result.plaintextDataKey) {
      material.setUnencryptedDataKey(new Uint8Array(result.plaintextDataKey), {
        keyNamespace: result.decryptedBy?.providerId ?? 'envelope',
        keyName: result.decryptedBy?.keyId ?? 'adapter',
        flags: KeyringTraceFlag.WRAPPING_KEY_DECRYPTED_DATA_KEY | KeyringTraceFlag.WRAPPING_KEY_VERIFIED_ENC_CTX,
      });
    }
    return material;
  }
}
