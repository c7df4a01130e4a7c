import { Buffer } from 'node:buffer';
import { constants, publicEncrypt, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AbortedError,
  AuthenticationError,
  CommitmentMismatchError,
  ConfigError,
  EnvelopeError,
  KeyringError,
  NoKeyDecryptedError,
  SUITE_IDS,
  SUITES,
  decrypt,
  decryptStream,
  encrypt,
  isPlannable,
  type DecryptionMaterials,
  type EncryptionMaterials,
  type Keyring,
} from '@envelope/core';
import { RawRsaKeyring, generateRsaKeyPair } from '@envelope/keyring-raw-rsa';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';
import { MultiKeyring } from '@envelope/keyring-multi';
import { ThresholdKeyring, readShareInfo } from '@envelope/keyring-threshold';

const N = 5;
const K = 3;
let pairs: { publicKeyPem: string; privateKeyPem: string }[] = [];

// Five RSA-2048 custodian keys, once for the file (key generation is slow on a shared machine).
beforeAll(async () => {
  pairs = await Promise.all(Array.from({ length: N }, () => generateRsaKeyPair({ bits: 2048 })));
}, 120_000);

const custodian = (i: number, withPrivate: boolean): RawRsaKeyring =>
  new RawRsaKeyring({
    keyNamespace: 'custodian',
    keyName: `officer-${i}`,
    publicKey: pairs[i]!.publicKeyPem,
    ...(withPrivate ? { privateKey: pairs[i]!.privateKeyPem } : {}),
    padding: 'oaep-sha256',
  });
/** A 3-of-5 threshold keyring whose custodians in `present` hold their private keys. */
const board = (present: readonly number[] = [], threshold = K, custodians?: Keyring[]): ThresholdKeyring =>
  new ThresholdKeyring({
    keyNamespace: 'board',
    keyName: 'board-2026',
    threshold,
    custodians: custodians ?? Array.from({ length: N }, (_, i) => custodian(i, present.includes(i))),
  });
const subsets = (size: number): number[][] => {
  const out: number[][] = [];
  const walk = (start: number, acc: number[]): void => {
    if (acc.length === size) return void out.push(acc);
    for (let i = start; i < N; i++) walk(i + 1, [...acc, i]);
  };
  walk(0, []);
  return out;
};
const policyFor = (id: number) => (SUITES[id as keyof typeof SUITES].committing ? 'require-encrypt-require-decrypt' : 'forbid-encrypt-allow-decrypt') as 'forbid-encrypt-allow-decrypt';

/** Wraps a keyring and keeps every data key buffer that passes through it. */
function spy(inner: Keyring): Keyring & { seen: Uint8Array[]; decrypts: number } {
  const s = {
    seen: [] as Uint8Array[],
    decrypts: 0,
    async onEncrypt(m: EncryptionMaterials) {
      if (m.plaintextDataKey) s.seen.push(m.plaintextDataKey);
      const out = await inner.onEncrypt(m);
      if (out.plaintextDataKey) s.seen.push(out.plaintextDataKey);
      return out;
    },
    async onDecrypt(m: DecryptionMaterials, edks: Parameters<Keyring['onDecrypt']>[1]) {
      s.decrypts++;
      const out = await inner.onDecrypt(m, edks);
      if (out.plaintextDataKey) s.seen.push(out.plaintextDataKey);
      return out;
    },
  };
  return s;
}

describe('ThresholdKeyring', () => {
  it('round-trips every suite (the data key has the suite key length), 3 of 5 custodians present', async () => {
    for (const suiteId of SUITE_IDS) {
      const commitmentPolicy = policyFor(suiteId);
      const { ciphertext, header } = await encrypt(board(), `suite ${suiteId}`, { suiteId, commitmentPolicy, encryptionContext: { app: 'threshold' } });
      expect(header.encryptedDataKeys).toHaveLength(N);
      const out = await decrypt(board([0, 2, 4]), ciphertext, { commitmentPolicy });
      expect(Buffer.from(out.plaintext).toString()).toBe(`suite ${suiteId}`);
      expect(out.decryptedBy).toEqual({ providerId: 'board', keyId: 'board/board-2026' });
    }
  });

  it('decryptStream recovers through the same keyring, and reports who opened it', async () => {
    const data = randomBytes(50_000);
    const { ciphertext } = await encrypt(board(), data, { frameLength: 4096 });
    const stream = decryptStream(board([1, 2, 3]));
    let by: unknown;
    stream.on('decryptedBy', (d: unknown) => (by = d));
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((resolve, reject) => (stream.on('end', resolve), stream.on('error', reject)));
    for (let i = 0; i < ciphertext.length; i += 7000) stream.write(ciphertext.subarray(i, i + 7000));
    stream.end();
    await done;
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect(by).toEqual({ providerId: 'board', keyId: 'board/board-2026' });
  });

  it('writes one share EDK per custodian: provider id = namespace, info = documented layout, distinct x', async () => {
    const { header } = await encrypt(board(), 'layout');
    const infos = header.encryptedDataKeys.map((e) => {
      expect(e.providerId).toBe('board');
      expect(e.ciphertext).toHaveLength(256);
      return readShareInfo(e.providerInfo)!;
    });
    expect(infos.map((i) => [i.threshold, i.custodians, i.custodianIndex, i.keyName, i.custodianProviderId, Buffer.from(i.custodianProviderInfo).toString()])).toEqual(
      [0, 1, 2, 3, 4].map((i) => [3, 5, i, 'board-2026', 'custodian', `officer-${i}`]),
    );
    expect(new Set(infos.map((i) => i.shareX)).size).toBe(N);
  });

  it('each of the 10 subsets of 3 custodians decrypts; each of the 10 subsets of 2 fails with NoKeyDecryptedError', async () => {
    const { ciphertext } = await encrypt(board(), 'any three');
    expect(subsets(3)).toHaveLength(10);
    expect(subsets(2)).toHaveLength(10);
    for (const present of subsets(3)) {
      expect(Buffer.from((await decrypt(board(present), ciphertext)).plaintext).toString()).toBe('any three');
    }
    for (const present of subsets(2)) {
      const err = await decrypt(board(present), ciphertext).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NoKeyDecryptedError);
      expect((err as Error).message).toContain('opened 2 of the 3 shares needed (5 custodians)');
      const attempts = (err as NoKeyDecryptedError).attempts;
      expect(attempts).toHaveLength(3);
      expect(attempts.every((a) => /no private key/.test(a.reason ?? ''))).toBe(true);
    }
  });

  it('stops opening shares once it has the threshold', async () => {
    const { ciphertext } = await encrypt(board(), 'three calls');
    const spies = Array.from({ length: N }, (_, i) => spy(custodian(i, true)));
    await decrypt(board([], K, spies), ciphertext);
    expect(spies.map((s) => s.decrypts)).toEqual([1, 1, 1, 0, 0]);
  });

  it('wipes the shares it wrapped and opened, and the recombined key ends wiped by the core', async () => {
    const spies = Array.from({ length: N }, (_, i) => spy(custodian(i, true)));
    const { ciphertext } = await encrypt(board([], K, spies), 'wiped');
    const wrapped = spies.flatMap((s) => s.seen);
    expect(wrapped).toHaveLength(2 * N);
    expect(wrapped.every((b) => b.length === 32 && b.every((x) => x === 0))).toBe(true);
    for (const s of spies) s.seen.length = 0;
    const recombined: Uint8Array[] = [];
    const t = board([], K, spies);
    const outer: Keyring = {
      onEncrypt: (m) => t.onEncrypt(m),
      onDecrypt: async (m, edks) => {
        const out = await t.onDecrypt(m, edks);
        recombined.push(out.plaintextDataKey!);
        return out;
      },
    };
    expect(Buffer.from((await decrypt(outer, ciphertext)).plaintext).toString()).toBe('wiped');
    const opened = spies.flatMap((s) => s.seen);
    expect(opened).toHaveLength(K);
    expect(opened.every((b) => b.every((x) => x === 0))).toBe(true);
    expect(recombined).toHaveLength(1);
    expect(recombined[0]!.every((x) => x === 0)).toBe(true);
  });

  it('a forged share (re-wrapped under the custodian public key) ends as a typed error, never plaintext', async () => {
    for (const suiteId of [0x0478, 0x0578, 0x0178] as const) {
      const commitmentPolicy = policyFor(suiteId);
      const { ciphertext, header } = await encrypt(board(), 'forged', { suiteId, commitmentPolicy });
      const target = header.encryptedDataKeys[1]!.ciphertext;
      const forged = publicEncrypt({ key: pairs[1]!.publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(32));
      const tampered = Buffer.from(ciphertext);
      const at = tampered.indexOf(Buffer.from(target));
      expect(at).toBeGreaterThan(0);
      forged.copy(tampered, at);
      const err = await decrypt(board([0, 1, 2]), tampered, { commitmentPolicy }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EnvelopeError);
      expect(err).toBeInstanceOf(suiteId === 0x0178 ? AuthenticationError : CommitmentMismatchError);
    }
  });

  it('a custodian that returns a wrong share (header untouched) ends as a typed error, never plaintext', async () => {
    for (const suiteId of [0x0478, 0x0078] as const) {
      const commitmentPolicy = policyFor(suiteId);
      const { ciphertext } = await encrypt(board(), 'lying custodian', { suiteId, commitmentPolicy });
      const liar = custodian(2, true);
      const custodians: Keyring[] = [custodian(0, true), custodian(1, true), {
        onEncrypt: (m) => liar.onEncrypt(m),
        onDecrypt: async (m, edks) => {
          const out = await liar.onDecrypt(m, edks);
          out.plaintextDataKey![0]! ^= 1;
          return out;
        },
      }, custodian(3, false), custodian(4, false)];
      const err = await decrypt(board([], K, custodians), ciphertext, { commitmentPolicy }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(suiteId === 0x0478 ? CommitmentMismatchError : AuthenticationError);
    }
  });

  it('a tampered x-coordinate in the provider info is detected the same way', async () => {
    const { ciphertext, header } = await encrypt(board(), 'x', { suiteId: 0x0478 });
    const info = Buffer.from(header.encryptedDataKeys[0]!.providerInfo);
    const tampered = Buffer.from(ciphertext);
    const at = tampered.indexOf(info);
    tampered[at + 4] = tampered[at + 4] === 0xff ? 0xfe : tampered[at + 4]! + 1;
    const err = await decrypt(board([0, 1, 2]), tampered).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvelopeError);
    expect((err as EnvelopeError).code).toMatch(/COMMITMENT_MISMATCH|AUTHENTICATION_FAILED|NO_KEY_DECRYPTED/);
  });

  it('is one raw candidate, planned after the other keys of a multi keyring, and works inside one', async () => {
    const aes = new RawAesKeyring({ keyNamespace: 'app', keyName: 'aes', wrappingKey: randomBytes(32) });
    const { ciphertext, header } = await encrypt(new MultiKeyring({ generator: aes, children: [board()] }), 'in a multi');
    expect(header.encryptedDataKeys.map((e) => e.providerId)).toEqual(['app', 'board', 'board', 'board', 'board', 'board']);
    const t = board([1, 3, 4]);
    expect(isPlannable(t)).toBe(true);
    const candidates = t.decryptCandidates({ suite: SUITES[0x0578], encryptionContext: {} }, header.encryptedDataKeys);
    expect(candidates.map((c) => [c.kind, c.keyring, c.keyId])).toEqual([['raw', 'threshold', 'board/board-2026']]);
    const out = await decrypt(new MultiKeyring({ children: [t] }), ciphertext);
    expect(out.decryptedBy).toEqual({ providerId: 'board', keyId: 'board/board-2026' });
    const err = await decrypt(new MultiKeyring({ children: [board([1, 3])] }), ciphertext).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoKeyDecryptedError);
    expect((err as Error).message).toContain('opened 2 of the 3 shares needed');
  });

  it('custodians may be any keyring (raw AES, binary provider info)', async () => {
    const keys = Array.from({ length: 3 }, () => randomBytes(32));
    const aes = (i: number) => new RawAesKeyring({ keyNamespace: 'vault', keyName: `aes-${i}`, wrappingKey: keys[i]! });
    const t = new ThresholdKeyring({ keyNamespace: 'board', keyName: 'aes-board', threshold: 2, custodians: [0, 1, 2].map(aes) });
    const { ciphertext } = await encrypt(t, 'aes custodians', { suiteId: 0x0146, commitmentPolicy: 'forbid-encrypt-allow-decrypt' });
    const other = new RawAesKeyring({ keyNamespace: 'vault', keyName: 'aes-0', wrappingKey: randomBytes(32) });
    const partial = new ThresholdKeyring({ keyNamespace: 'board', keyName: 'aes-board', threshold: 2, custodians: [other, aes(1), aes(2)] });
    const out = await decrypt(partial, ciphertext, { commitmentPolicy: 'forbid-encrypt-allow-decrypt' });
    expect(Buffer.from(out.plaintext).toString()).toBe('aes custodians');
    expect(out.attempts?.map((a) => a.keyId)).toEqual(['board/aes-board custodian 0']);
  });

  it('a message split k of n under another setting is refused with the reason; other keys are ignored', async () => {
    const { ciphertext } = await encrypt(board(), 'three of five');
    const err = await decrypt(board([0, 1, 2, 3, 4], 2), ciphertext).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoKeyDecryptedError);
    expect((err as Error).message).toContain('split 3 of 5; this keyring is 2 of 5');
    const stranger = new ThresholdKeyring({ keyNamespace: 'board', keyName: 'other', threshold: 3, custodians: Array.from({ length: N }, (_, i) => custodian(i, true)) });
    const m: DecryptionMaterials = { suite: SUITES[0x0578], encryptionContext: {} };
    const { header } = await encrypt(board(), 'x');
    expect(await stranger.onDecrypt(m, header.encryptedDataKeys)).toBe(m);
  });

  it('a custodian failing on encrypt is a KeyringError and a generated data key is wiped', async () => {
    const broken: Keyring = { onEncrypt: () => Promise.reject(new Error('hsm offline')), onDecrypt: (m) => Promise.resolve(m) };
    const t = board([], K, [custodian(0, false), custodian(1, false), broken, custodian(3, false), custodian(4, false)]);
    const err = await t.onEncrypt({ suite: SUITES[0x0478], encryptionContext: {}, encryptedDataKeys: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyringError);
    expect((err as Error).message).toContain('custodian 2 could not wrap its share: hsm offline');
    const given = randomBytes(32);
    const copy = Buffer.from(given);
    await expect(t.onEncrypt({ suite: SUITES[0x0478], encryptionContext: {}, encryptedDataKeys: [], plaintextDataKey: given })).rejects.toBeInstanceOf(KeyringError);
    expect(given.equals(copy)).toBe(true); // a caller's key is the caller's to wipe
    const replacing: Keyring = { onEncrypt: async (m) => ({ ...m, plaintextDataKey: randomBytes(32), encryptedDataKeys: [{ providerId: 'x', providerInfo: new Uint8Array(), ciphertext: new Uint8Array(1) }] }), onDecrypt: (m) => Promise.resolve(m) };
    await expect(board([], 2, [custodian(0, false), replacing]).onEncrypt({ suite: SUITES[0x0478], encryptionContext: {}, encryptedDataKeys: [] })).rejects.toThrow(/replaced its share/);
  });

  it('refuses bad options with a ConfigError', () => {
    const five = Array.from({ length: N }, () => ({ onEncrypt: async (m: EncryptionMaterials) => m, onDecrypt: async (m: DecryptionMaterials) => m }));
    const make = (o: Partial<ConstructorParameters<typeof ThresholdKeyring>[0]>) => () => new ThresholdKeyring({ keyNamespace: 'b', keyName: 'n', threshold: 3, custodians: five, ...o });
    expect(make({})).not.toThrow();
    for (const threshold of [1, 6, 2.5, Number.NaN]) expect(make({ threshold })).toThrow(ConfigError);
    expect(make({ threshold: 6 })).toThrow(/from 2 to 5/);
    expect(make({ custodians: five.slice(0, 1), threshold: 2 })).toThrow(ConfigError);
    expect(make({ keyNamespace: 'aws-kms' })).toThrow(/aws-kms/);
    expect(make({ keyName: '' })).toThrow(ConfigError);
    expect(JSON.stringify(make({})())).toBe('{"keyring":"threshold","keyNamespace":"b","keyName":"n","threshold":3,"custodians":5}');
  });

  it('an aborted signal stops recovery', async () => {
    const { header } = await encrypt(board(), 'abort');
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(board([0, 1, 2]).onDecrypt({ suite: SUITES[0x0578], encryptionContext: {} }, header.encryptedDataKeys, { signal: ac.signal })).rejects.toBeInstanceOf(AbortedError);
  });
});
