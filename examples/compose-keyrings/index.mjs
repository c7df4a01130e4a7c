// An application composing keyrings: KMS in two regions, its own provider (env-aes) and an escrow
// key, described in a config object and built by the registry.
import { randomBytes } from 'node:crypto';
import { createRegistry, keyringFromConfig, encrypt, decrypt, generateRsaKeyPair, NoKeyDecryptedError } from '@envelope/client';
import { envAesProvider } from '../custom-provider/env_aes_provider.mjs';
import { localKms } from '../local_kms.mjs';

const local = await localKms();
try {
  const { publicKeyPem, privateKeyPem } = await generateRsaKeyPair({ bits: 2048 });
  const registry = createRegistry();
  registry.register(envAesProvider);
  const config = {
    localRegion: 'eu-west-1',
    kms: { endpoints: local.endpoints, credentials: local.credentials, timeoutMs: 1000 },
    keyring: {
      type: 'multi',
      generator: { type: 'aws-kms', keyId: 'alias/app', regions: ['us-east-1', 'eu-west-1'] },
      children: [
        { type: 'env-aes', keyNamespace: 'app', keyName: 'env-1', variable: 'APP_AES_KEY' },
        { type: 'raw-rsa', keyNamespace: 'escrow', keyName: 'escrow-example', publicKey: 'escrow.pub.pem', padding: 'oaep-sha256' },
      ],
    },
  };
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envelope-compose-'));
  fs.writeFileSync(path.join(dir, 'escrow.pub.pem'), publicKeyPem);
  fs.writeFileSync(path.join(dir, 'escrow.pem'), privateKeyPem, { mode: 0o600 });
  const env = { APP_AES_KEY: randomBytes(32).toString('base64') };
  const keyring = await keyringFromConfig(config, { registry, env, baseDir: dir });
  const { ciphertext, header } = await encrypt(keyring, 'composed');
  console.log('EDKs:', header.encryptedDataKeys.map((e) => e.providerId).join(', '));
  let out = await decrypt(keyring, ciphertext);
  console.log(`healthy: ${out.decryptedBy.providerId} in ${out.decryptedBy.region}`);
  for (const r of Object.keys(local.endpoints)) local.setFault(r, { mode: 'down' });
  out = await decrypt(keyring, ciphertext);
  console.log(`KMS down: ${out.decryptedBy.providerId} ${out.decryptedBy.keyId}`);
  const wrongEnv = await keyringFromConfig({ keyring: config.keyring.children[0] }, { registry, env: { APP_AES_KEY: randomBytes(32).toString('base64') } });
  const err = await decrypt(wrongEnv, ciphertext).catch((e) => e);
  console.log(`another env key: ${err instanceof NoKeyDecryptedError ? 'refused (NoKeyDecryptedError)' : 'UNEXPECTED'}`);
  fs.rmSync(dir, { recursive: true, force: true });
  console.log('OK compose-keyrings');
} finally {
  await local.close();
}
