// Threshold escrow: five officers hold one RSA key each; any three of them together can recover a
// message encrypted under KMS (3 regions) + the board's 3-of-5 threshold keyring, after KMS is gone.
// Two officers alone cannot.
import {
  KmsKeyring,
  MultiKeyring,
  RawRsaKeyring,
  ThresholdKeyring,
  NoKeyDecryptedError,
  encrypt,
  decrypt,
  generateRsaKeyPair,
} from '@envelope/client';
import { localKms, REGIONS } from '../local_kms.mjs';

// Each officer generates a key pair on their own machine and hands in only the public key
// (`envelope keygen rsa --out officer-N`); 2048 bits here to keep the example quick.
const officers = await Promise.all([0, 1, 2, 3, 4].map(() => generateRsaKeyPair({ bits: 2048 })));
const board = (present) =>
  new ThresholdKeyring({
    keyNamespace: 'board',
    keyName: 'board-example',
    threshold: 3,
    custodians: officers.map(({ publicKeyPem, privateKeyPem }, i) =>
      new RawRsaKeyring({
        keyNamespace: 'officers',
        keyName: `officer-${i}`,
        publicKey: publicKeyPem,
        ...(present.includes(i) ? { privateKey: privateKeyPem } : {}),
        padding: 'oaep-sha256',
      })),
  });

const local = await localKms();
let ciphertext;
try {
  const keyring = new MultiKeyring({
    generator: new KmsKeyring({ keyId: 'alias/app', regions: REGIONS, endpoints: local.endpoints, credentials: local.credentials }),
    children: [board([])],
  });
  let header;
  ({ ciphertext, header } = await encrypt(keyring, 'the board minutes', { encryptionContext: { dept: 'board' } }));
  console.log(`EDKs: ${header.encryptedDataKeys.map((e) => e.providerId).join(', ')}`);
} finally {
  await local.close(); // KMS is gone
}

try {
  await decrypt(board([1, 4]), ciphertext);
} catch (err) {
  if (!(err instanceof NoKeyDecryptedError)) throw err;
  console.log(`officers 1 and 4: refused (${err.message.split('\n')[0]})`);
}
const { plaintext, decryptedBy } = await decrypt(board([0, 2, 3]), ciphertext, { encryptionContext: { dept: 'board' } });
console.log(`officers 0, 2 and 3: recovered with ${decryptedBy.keyId}: ${Buffer.from(plaintext).toString()}`);
console.log('OK threshold-escrow');
