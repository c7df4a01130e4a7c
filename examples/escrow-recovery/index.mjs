// Recovery: a message encrypted under KMS (3 regions) + escrow is decrypted with nothing but the
// escrow private key, after KMS is gone entirely.
import { KmsKeyring, RawRsaKeyring, MultiKeyring, encrypt, decrypt, generateRsaKeyPair } from '@envelope/client';
import { localKms, REGIONS } from '../local_kms.mjs';

const { publicKeyPem, privateKeyPem } = await generateRsaKeyPair({ bits: 2048 });
const local = await localKms();
let ciphertext;
try {
  const keyring = new MultiKeyring({
    generator: new KmsKeyring({ keyId: 'alias/app', regions: REGIONS, endpoints: local.endpoints, credentials: local.credentials }),
    children: [new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'escrow-example', publicKey: publicKeyPem, padding: 'oaep-sha256' })],
  });
  ({ ciphertext } = await encrypt(keyring, 'the books of 2026', { encryptionContext: { dept: 'finance' } }));
} finally {
  await local.close(); // KMS is gone
}
const recovery = new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'escrow-example', privateKey: privateKeyPem, padding: 'oaep-sha256' });
const { plaintext, decryptedBy } = await decrypt(recovery, ciphertext, { encryptionContext: { dept: 'finance' } });
console.log(`recovered with ${decryptedBy.keyId}: ${Buffer.from(plaintext).toString()}`);
console.log('OK escrow-recovery');
