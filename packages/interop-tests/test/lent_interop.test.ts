// The lending writer and reader across implementations: startMessageWriter → the ESDK's
// decryptStream, and the ESDK's encryptStream → messageReader, with random input chunking.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import esdkPkg from '@aws-crypto/client-node';
import { chunks as cut, through } from './helpers/chunked_streams.js';
import { messageReader, startMessageWriter, type LentSink } from '@envelope/core';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';

const { buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = esdkPkg;
const key = randomBytes(32);
const ours = new RawAesKeyring({ keyNamespace: 'lent', keyName: 'k', wrappingKey: new Uint8Array(key) });
const theirs = new RawAesKeyringNode({ keyNamespace: 'lent', keyName: 'k', unencryptedMasterKey: new Uint8Array(key), wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });
const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

const chunks = (b: Buffer): Buffer[] => cut(b, 300_000);
/** A sink that copies what it is lent. */
function copies(): { sink: LentSink; all: () => Buffer } {
  const parts: Buffer[] = [];
  return { sink: (b) => void parts.push(Buffer.from(b)), all: () => Buffer.concat(parts) };
}

describe('the lending writer and reader with @aws-crypto/client-node', () => {
  for (const suiteId of [0x0478, 0x0578]) {
    for (const frameLength of [4096, 65536]) {
      it(`suite 0x0${suiteId.toString(16)}, ${frameLength}-byte frames, both directions`, async () => {
        const pt = randomBytes(2 * 1024 * 1024 + Math.floor(Math.random() * 5000));
        const w = await startMessageWriter(ours, { suiteId, frameLength });
        const out = copies();
        for (const c of chunks(pt)) await w.write(c, out.sink);
        await w.end(out.sink);
        w.close();
        const ct = Buffer.concat([Buffer.from(w.headerBytes), out.all()]);
        expect((await through(chunks(ct), esdk.decryptStream(theirs))).equals(pt)).toBe(true);
        const ct2 = await through(chunks(pt), esdk.encryptStream(theirs, { suiteId, frameLength }));
        const r = messageReader(ours);
        const back = copies();
        for (const c of chunks(ct2)) await r.write(c, back.sink);
        await r.end(back.sink);
        r.close();
        expect(back.all().equals(pt)).toBe(true);
      });
    }
  }
});
