// Encrypt a file under a KMS key in three regions plus an RSA escrow public key, then decrypt it:
// the local region answers; with the local region down, another region does.
import { createHash, randomBytes } from 'node:crypto';
import { KmsKeyring, RawRsaKeyring, MultiKeyring, encrypt, decrypt, generateRsaKeyPair } from '@envelope/client';
import { localKms, REGIONS } from '../local_kms.mjs';

const local = await localKms();
try {
  const { publicKeyPem } = await generateRsaKeyPair({ bits: 2048 });
  const kms = { endpoints: local.endpoints, credentials: local.credentials }; // leave out for real AWS
  const keyring = new MultiKeyring({
    generator: new KmsKeyring({ keyId: 'alias/app', regions: REGIONS, localRegion: 'us-east-1', timeoutMs: 1000, ...kms }),
    children: [new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'escrow-example', publicKey: publicKeyPem, padding: 'oaep-sha256' })],
  });
  const file = randomBytes(1024 * 1024);
  const { ciphertext, header } = await encrypt(keyring, file, { encryptionContext: { file: 'report.pdf' } });
  for (const e of header.encryptedDataKeys) console.log(`EDK ${e.providerId} ${Buffer.from(e.providerInfo).toString().slice(0, 80)}`);
  const sha = (b) => createHash('sha256').update(b).digest('hex');
  let out = await decrypt(keyring, ciphertext);
  console.log(`healthy: opened in ${out.decryptedBy.region}, sha256 ${sha(out.plaintext) === sha(file) ? 'matches' : 'DIFFERS'}`);
  local.setFault('us-east-1', { mode: 'down' });
  out = await decrypt(keyring, ciphertext);
  console.log(`us-east-1 down: opened in ${out.decryptedBy.region}, sha256 ${sha(out.plaintext) === sha(file) ? 'matches' : 'DIFFERS'}`);
  console.log('OK multi-region-escrow');
} finally {
  await local.close();
}
