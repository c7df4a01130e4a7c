// Streams across implementations: Envelope's encryptStream → the ESDK's decryptStream, and the
// ESDK's encryptStream → Envelope's decryptStream, with random input chunking.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import esdkPkg from '@aws-crypto/client-node';
import { chunks as cut, through } from './helpers/chunked_streams.js';
import { encryptStream, decryptStream } from '@envelope/core';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';

const { buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = esdkPkg;
const key = randomBytes(32);
const ours = new RawAesKeyring({ keyNamespace: 'stream', keyName: 'k', wrappingKey: new Uint8Array(key) });
const theirs = new RawAesKeyringNode({ keyNamespace: 'stream', keyName: 'k', unencryptedMasterKey: new Uint8Array(key), wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });
const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);

const chunks = (b: Buffer): Buffer[] => cut(b, 20000);

describe('stream interop with @aws-crypto/client-node', () => {
  for (const suiteId of [0x0178, 0x0378, 0x0478, 0x0578]) {
    for (const frameLength of [512, 4096, 65536]) {
      it(`suite 0x0${suiteId.toString(16)}, ${frameLength}-byte frames, both directions`, async () => {
        const pt = randomBytes(100_000 + Math.floor(Math.random() * 5000));
        const policy = suiteId >= 0x0478 ? 'require-encrypt-require-decrypt' : 'forbid-encrypt-allow-decrypt';
        const ct = await through(chunks(pt), encryptStream(ours, { suiteId, frameLength, commitmentPolicy: policy }));
        expect((await through(chunks(ct), esdk.decryptStream(theirs))).equals(pt)).toBe(true);
        const theirsEnc = suiteId >= 0x0478 ? esdk : buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);
        const ct2 = await through(chunks(pt), theirsEnc.encryptStream(theirs, { suiteId, frameLength }));
        expect((await through(chunks(ct2), decryptStream(ours, { commitmentPolicy: 'require-encrypt-allow-decrypt' }))).equals(pt)).toBe(true);
      });
    }
  }

  for (const suiteId of [0x0478, 0x0578]) {
    // 4096: frames on worker threads; 65536 and 1 MiB: frames here, a signed suite's hash on a worker (on 2+ cores).
    for (const frameLength of [4096, 65536, 1024 * 1024]) {
      it(`concurrency: 2, suite 0x0${suiteId.toString(16)}, ${frameLength}-byte frames, both directions`, async () => {
        const pt = randomBytes(3 * 1024 * 1024 + Math.floor(Math.random() * 5000));
        const ct = await through(chunks(pt), encryptStream(ours, { suiteId, frameLength, concurrency: 2 }));
        expect((await through(chunks(ct), esdk.decryptStream(theirs))).equals(pt)).toBe(true);
        const ct2 = await through(chunks(pt), esdk.encryptStream(theirs, { suiteId, frameLength }));
        expect((await through(chunks(ct2), decryptStream(ours, { concurrency: 2 }))).equals(pt)).toBe(true);
      });
    }
  }
});
