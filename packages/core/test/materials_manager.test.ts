import { describe, expect, it } from 'vitest';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  encrypt, decrypt, encryptStream, decryptStream, DefaultMaterialsManager, AbortedError, KeyringError, CommitmentPolicyError,
  LimitExceededError, ConfigError, InvalidArgumentError, COMMITMENT_POLICIES, SUITES, toMaterialsManager, isMaterialsManager,
  type MaterialsManager, type EncryptionRequest, type DecryptionRequest, type Keyring, type EncryptionMaterials, type DecryptionMaterials,
} from '@envelope/core';
import { fixedKeyring, random } from './helpers.js';

/** A manager of the caller's own: a plain object that records its requests and delegates. */
function recordingManager(keyring: Keyring) {
  const inner = new DefaultMaterialsManager(keyring);
  const enc: EncryptionRequest[] = [];
  const dec: DecryptionRequest[] = [];
  const handed: Uint8Array[] = [];
  const manager: MaterialsManager = {
    async getEncryptionMaterials(r) {
      enc.push(r);
      const m = await inner.getEncryptionMaterials(r);
      handed.push(m.plaintextDataKey!);
      return m;
    },
    async decryptMaterials(r) {
      dec.push(r);
      const m = await inner.decryptMaterials(r);
      handed.push(m.plaintextDataKey!);
      return m;
    },
  };
  return { manager, enc, dec, handed };
}

async function through(t: NodeJS.ReadWriteStream, chunks: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), t, new Writable({ write(c: Buffer, _e, cb) { out.push(c); cb(); } }));
  return Buffer.concat(out);
}

const never: Keyring = { onEncrypt: () => new Promise(() => {}), onDecrypt: () => new Promise(() => {}) };

describe('materials managers', () => {
  it("a caller's own manager works with all four entry points, once per message, and its keys are wiped after use", async () => {
    const { manager, enc, dec, handed } = recordingManager(fixedKeyring());
    expect(isMaterialsManager(manager)).toBe(true);
    const pt = random(10_000);
    const { ciphertext, header } = await encrypt(manager, pt, { encryptionContext: { tenant: 'a' } });
    expect(enc).toHaveLength(1);
    expect(enc[0]!.plaintextLength).toBe(10_000);
    expect(enc[0]!.encryptionContext).toEqual({ tenant: 'a' });
    expect(enc[0]!.commitmentPolicy).toBe('require-encrypt-require-decrypt');

    const out = await decrypt(manager, ciphertext, { encryptionContext: { tenant: 'a' } });
    expect(Buffer.from(out.plaintext).equals(pt)).toBe(true);
    expect(dec).toHaveLength(1);
    expect(dec[0]!.header.messageId).toEqual(header.messageId);
    expect(dec[0]!.header.encryptedDataKeys).toHaveLength(1);
    expect(dec[0]!.encryptionContext).toEqual({ tenant: 'a' });

    const streamed = await through(encryptStream(manager, { plaintextLength: pt.length }), [pt.subarray(0, 3000), pt.subarray(3000)]);
    expect(enc).toHaveLength(2);
    expect(enc[1]!.plaintextLength).toBe(10_000);
    const back = await through(decryptStream(manager), [streamed]);
    expect(back.equals(pt)).toBe(true);
    expect(dec).toHaveLength(2);

    await through(encryptStream(manager), [pt]);
    expect(enc).toHaveLength(3);
    expect(enc[2]!.plaintextLength).toBeUndefined();

    expect(handed).toHaveLength(5);
    for (const k of handed) expect(k.every((b) => b === 0)).toBe(true);
  });

  it('a keyring is wrapped in DefaultMaterialsManager; anything else is a typed error', async () => {
    expect(toMaterialsManager(fixedKeyring())).toBeInstanceOf(DefaultMaterialsManager);
    for (const bad of [{}, undefined, null, 42, { onEncrypt() {} }]) {
      await expect(encrypt(bad as unknown as Keyring, 'x')).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(decrypt(bad as unknown as Keyring, new Uint8Array(10))).rejects.toBeInstanceOf(InvalidArgumentError);
    }
  });

  it('core checks what any manager returns: a forbidden suite, a wrong-length key (wiped), no EDKs', async () => {
    const inner = new DefaultMaterialsManager(fixedKeyring());
    const swap = (f: (m: EncryptionMaterials) => EncryptionMaterials): MaterialsManager => ({
      getEncryptionMaterials: async (r) => f(await inner.getEncryptionMaterials(r)),
      decryptMaterials: (r) => inner.decryptMaterials(r),
    });
    await expect(encrypt(swap((m) => ({ ...m, suite: SUITES[0x0078] })), 'x')).rejects.toBeInstanceOf(CommitmentPolicyError);
    let short: Uint8Array | undefined;
    const shortKey = swap((m) => {
      short = new Uint8Array(16).fill(7);
      return { ...m, plaintextDataKey: short };
    });
    await expect(encrypt(shortKey, 'x')).rejects.toBeInstanceOf(KeyringError);
    expect(short!.every((b) => b === 0)).toBe(true);
    await expect(encrypt(swap((m) => ({ ...m, encryptedDataKeys: [] })), 'x')).rejects.toBeInstanceOf(KeyringError);
    await expect(encrypt(swap(() => undefined as unknown as EncryptionMaterials), 'x')).rejects.toBeInstanceOf(KeyringError);
  });

  it('the commitment policy is one table: what each policy writes, reads, and its default suite', async () => {
    expect(COMMITMENT_POLICIES['forbid-encrypt-allow-decrypt']).toMatchObject({ encrypts: 'non-committing', decrypts: 'any', defaultSuiteId: 0x0378 });
    expect(COMMITMENT_POLICIES['require-encrypt-allow-decrypt']).toMatchObject({ encrypts: 'committing', decrypts: 'any', defaultSuiteId: 0x0578 });
    expect(COMMITMENT_POLICIES['require-encrypt-require-decrypt']).toMatchObject({ encrypts: 'committing', decrypts: 'committing', defaultSuiteId: 0x0578 });
    const k = fixedKeyring();
    for (const [policy, rule] of Object.entries(COMMITMENT_POLICIES)) {
      const { header } = await encrypt(k, 'x', { commitmentPolicy: policy as keyof typeof COMMITMENT_POLICIES });
      expect(header.suiteId).toBe(rule.defaultSuiteId);
    }
    await expect(encrypt(k, 'x', { commitmentPolicy: 'nope' as never })).rejects.toBeInstanceOf(CommitmentPolicyError);
  });
});

describe('cancellation (signal)', () => {
  it('a keyring that never settles is cut off on every entry point', async () => {
    const { ciphertext } = await encrypt(fixedKeyring(), 'hello');
    const reason = new Error('deadline');
    const cut = async (run: (signal: AbortSignal) => Promise<unknown>) => {
      const ac = new AbortController();
      const p = run(ac.signal).then(() => 'settled', (e: unknown) => e);
      setTimeout(() => ac.abort(reason), 20);
      const e = await p;
      expect(e).toBeInstanceOf(AbortedError);
      expect((e as AbortedError).cause).toBe(reason);
    };
    await cut((signal) => encrypt(never, 'x', { signal }));
    await cut((signal) => decrypt(never, ciphertext, { signal }));
    await cut((signal) => through(encryptStream(never, { signal }), [Buffer.from('x')]));
    await cut((signal) => through(decryptStream(never, { signal }), [Buffer.from(ciphertext)]));
  });

  it('an already-aborted signal rejects before the keyring is asked', async () => {
    let asked = 0;
    const k: Keyring = { onEncrypt: async (m) => { asked++; return m; }, onDecrypt: async (m) => { asked++; return m; } };
    const signal = AbortSignal.abort();
    await expect(encrypt(k, 'x', { signal })).rejects.toBeInstanceOf(AbortedError);
    await expect(decrypt(k, new Uint8Array(1), { signal })).rejects.toBeInstanceOf(AbortedError);
    expect(asked).toBe(0);
  });

  it('a data key that arrives after the abort is wiped; the signal reaches the keyring', async () => {
    let late: Uint8Array | undefined;
    let seen: AbortSignal | undefined;
    const slow: Keyring = {
      onEncrypt: (m: EncryptionMaterials, o) => {
        seen = o?.signal;
        return new Promise((resolve) => setTimeout(() => {
          late = new Uint8Array(32).fill(9);
          resolve({ ...m, plaintextDataKey: late, encryptedDataKeys: [{ providerId: 'p', providerInfo: new Uint8Array(1), ciphertext: new Uint8Array(1) }] });
        }, 40));
      },
      onDecrypt: async (m: DecryptionMaterials) => m,
    };
    const ac = new AbortController();
    const p = encrypt(slow, 'x', { signal: ac.signal });
    setTimeout(() => ac.abort(), 5);
    await expect(p).rejects.toBeInstanceOf(AbortedError);
    expect(seen).toBe(ac.signal);
    await new Promise((r) => setTimeout(r, 60));
    expect(late!.every((b) => b === 0)).toBe(true);
  });
});

describe('plaintextLength on streams', () => {
  it('more or fewer bytes than declared fail the stream; a wrong value is a ConfigError', async () => {
    const k = fixedKeyring();
    await expect(through(encryptStream(k, { plaintextLength: 5 }), [Buffer.alloc(6)])).rejects.toBeInstanceOf(LimitExceededError);
    await expect(through(encryptStream(k, { plaintextLength: 5 }), [Buffer.alloc(4)])).rejects.toBeInstanceOf(LimitExceededError);
    await expect(through(encryptStream(k, { plaintextLength: 200_000, frameLength: 65_536 }), [Buffer.alloc(100_000)])).rejects.toBeInstanceOf(LimitExceededError);
    expect(() => encryptStream(k, { plaintextLength: -1 })).toThrow(ConfigError);
  });
});
