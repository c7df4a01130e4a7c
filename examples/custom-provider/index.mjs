// Registers the env-aes provider and builds a keyring from config.json (with an escrow child).
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistry, keyringFromConfig, encrypt, decrypt, generateRsaKeyPair } from '@envelope/client';
import { envAesProvider } from './env_aes_provider.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'envelope-custom-'));
try {
  const { publicKeyPem } = await generateRsaKeyPair({ bits: 2048 });
  writeFileSync(path.join(dir, 'escrow.pub.pem'), publicKeyPem);
  copyFileSync(path.join(here, 'config.json'), path.join(dir, 'config.json'));
  const registry = createRegistry();
  registry.register(envAesProvider);
  const env = { APP_AES_KEY: process.env.APP_AES_KEY ?? randomBytes(32).toString('base64') };
  const keyring = await keyringFromConfig(path.join(dir, 'config.json'), { registry, env });
  const { ciphertext, header } = await encrypt(keyring, 'sealed by a third-party provider');
  console.log('EDKs:', header.encryptedDataKeys.map((e) => e.providerId).join(', '));
  const { plaintext, decryptedBy } = await decrypt(keyring, ciphertext);
  console.log(`decrypted by ${decryptedBy.providerId}/${decryptedBy.keyId.split('/').pop()}: ${Buffer.from(plaintext).toString()}`);
  console.log('OK custom-provider');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
