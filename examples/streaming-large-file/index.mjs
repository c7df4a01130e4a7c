// Streams a large file through encryptStream and decryptStream in constant memory.
// Usage: node index.mjs [MiB]   (default 64)
import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KmsKeyring, encryptStream, decryptStream } from '@envelope/client';
import { localKms, REGIONS } from '../local_kms.mjs';

const mib = Number(process.argv[2] ?? 64);
const local = await localKms();
const dir = mkdtempSync(path.join(tmpdir(), 'envelope-stream-'));
try {
  const keyring = new KmsKeyring({ keyId: 'alias/app', regions: REGIONS, endpoints: local.endpoints, credentials: local.credentials });
  const block = randomBytes(1024 * 1024);
  const inHash = createHash('sha256');
  const source = Readable.from((function* () { for (let i = 0; i < mib; i++) { inHash.update(block); yield block; } })());
  const file = path.join(dir, 'big.env');
  let t = Date.now();
  await pipeline(source, encryptStream(keyring, { suiteId: 0x0478, encryptionContext: { stream: 'example' } }), createWriteStream(file));
  console.log(`encrypted ${mib} MiB in ${Date.now() - t} ms`);
  const outHash = createHash('sha256');
  t = Date.now();
  const d = decryptStream(keyring, { encryptionContext: { stream: 'example' } });
  d.once('header', (h) => console.log(`header verified: suite 0x0${h.suiteId.toString(16)}, ${h.encryptedDataKeys.length} EDKs`));
  await pipeline(createReadStream(file), d, new Writable({ write(c, _e, cb) { outHash.update(c); cb(); } }));
  console.log(`decrypted in ${Date.now() - t} ms, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  console.log(inHash.digest('hex') === outHash.digest('hex') ? 'sha256 matches' : 'sha256 DIFFERS');
  console.log('OK streaming-large-file');
} finally {
  rmSync(dir, { recursive: true, force: true });
  await local.close();
}
