// Found with the fuzzer's slowest-run figures: encryptStream with large frames (>= 64 KiB) fed many
// small writes took time quadratic in the writes per frame, because each frame's views were shifted
// off one by one (4 MiB in 1 MiB frames from 16-byte writes: 31 s; now 0.5 s).
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { decrypt, encryptStream, type DecryptionMaterials, type EncryptionMaterials, type Keyring } from '@envelope/core';

function fixedKeyring(): Keyring {
  const edk = { providerId: 'linear', providerInfo: new Uint8Array([1]), ciphertext: new Uint8Array([1]) };
  const key = (n: number): Uint8Array => new Uint8Array(n).fill(9);
  return {
    onEncrypt: async (m: EncryptionMaterials) => ({ ...m, plaintextDataKey: key(m.suite.keyLength), encryptedDataKeys: [edk] }),
    onDecrypt: async (m: DecryptionMaterials) => ({ ...m, plaintextDataKey: key(m.suite.keyLength) }),
  };
}

describe('encryptStream: large frames from many small writes', () => {
  it('4 MiB in 2 MiB frames from 8-byte writes round-trips (quadratic before: over a minute, past the test timeout; the fuzzer reports its slowest runs)', async () => {
    const k = fixedKeyring();
    const pt = randomBytes(4 * 1024 * 1024);
    const e = encryptStream(k, { suiteId: 0x0478, frameLength: 2 * 1024 * 1024 });
    const out: Buffer[] = [];
    const done = new Promise<void>((resolve, reject) => {
      e.on('end', resolve);
      e.on('error', reject);
    });
    e.on('data', (c: Buffer) => out.push(c));
    for (let o = 0; o < pt.length; o += 8) e.write(pt.subarray(o, o + 8));
    e.end();
    await done;
    expect(Buffer.from((await decrypt(k, Buffer.concat(out))).plaintext).equals(pt)).toBe(true);
  });
});
