// A signed suite's hash beside the ciphers (concurrency 2: the native backend's own hash thread, or a
// V8 worker on node:crypto) across implementations, on both curves: Envelope's streams and lending
// writer → the ESDK's decryptStream, the ESDK's encryptStream → Envelope's streams and lending
// reader; a footer signature the ESDK made, altered, is refused.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import esdkPkg from '@aws-crypto/client-node';
import { chunks as cut, through } from './helpers/chunked_streams.js';
import { decryptStream, encryptStream, messageReader, startMessageWriter, SignatureError } from '@envelope/core';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';

const { buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = esdkPkg;
const key = randomBytes(32);
const ours = new RawAesKeyring({ keyNamespace: 'hash', keyName: 'k', wrappingKey: new Uint8Array(key) });
const theirs = new RawAesKeyringNode({ keyNamespace: 'hash', keyName: 'k', unencryptedMasterKey: new Uint8Array(key), wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });
const chunks = (b: Buffer): Buffer[] => cut(b, 300_000);

/** The message `pt` through Envelope's lending writer. */
async function written(pt: Buffer, options: Parameters<typeof startMessageWriter>[1]): Promise<Buffer> {
  const w = await startMessageWriter(ours, options);
  const out: Buffer[] = [Buffer.from(w.headerBytes)];
  for (const c of chunks(pt)) await w.write(c, (b) => void out.push(Buffer.from(b)));
  await w.end((b) => void out.push(Buffer.from(b)));
  w.close();
  return Buffer.concat(out);
}

/** The plaintext of `ct` through Envelope's lending reader. */
async function read(ct: Buffer, options: Parameters<typeof messageReader>[1]): Promise<Buffer> {
  const r = messageReader(ours, options);
  const out: Buffer[] = [];
  try {
    for (const c of chunks(ct)) await r.write(c, (b) => void out.push(Buffer.from(b)));
    await r.end((b) => void out.push(Buffer.from(b)));
  } finally {
    r.close();
  }
  return Buffer.concat(out);
}

describe('signed suites hashed beside the ciphers, with @aws-crypto/client-node', () => {
  // 0x0214: P-256 with SHA-256 (not committing); 0x0578: P-384 with SHA-384.
  for (const suiteId of [0x0214, 0x0578]) {
    const committing = suiteId >= 0x0478;
    const esdk = buildClient(committing ? CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT : CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);
    const commitmentPolicy = committing ? 'require-encrypt-require-decrypt' : 'forbid-encrypt-allow-decrypt';
    for (const size of [100_000, 3 * 1024 * 1024 + 7]) {
      it(`suite 0x0${suiteId.toString(16)}, ${size} bytes: streams and lending, both directions`, async () => {
        const pt = randomBytes(size);
        const options = { suiteId, frameLength: 4096, concurrency: 2, commitmentPolicy } as const;
        for (const ct of [await through(chunks(pt), encryptStream(ours, options)), await written(pt, options)]) {
          expect((await through(chunks(ct), esdk.decryptStream(theirs))).equals(pt)).toBe(true);
        }
        const ct2 = await through(chunks(pt), esdk.encryptStream(theirs, { suiteId, frameLength: 65536 }));
        const back = { concurrency: 2, commitmentPolicy: 'require-encrypt-allow-decrypt' } as const;
        expect((await through(chunks(ct2), decryptStream(ours, back))).equals(pt)).toBe(true);
        expect((await read(ct2, back)).equals(pt)).toBe(true);
        const bad = Buffer.from(ct2);
        bad[bad.length - 5]! ^= 1; // in the signature
        await expect(through(chunks(bad), decryptStream(ours, back))).rejects.toBeInstanceOf(SignatureError);
        await expect(read(bad, back)).rejects.toBeInstanceOf(SignatureError);
      });
    }
  }
});
