// The multi keyring's plan and runner, with plain-object candidates (no network).
import { describe, expect, it } from 'vitest';
import { SUITES, NoKeyDecryptedError, type DecryptCandidate, type DecryptionMaterials, type EncryptedDataKey, type EncryptionMaterials, type PlannableKeyring } from '@envelope/core';
import { RegionHealth } from '@envelope/keyring-kms';
import { MultiKeyring, planOrder } from '@envelope/keyring-multi';

const suite = SUITES[0x0478];
const edk: EncryptedDataKey = { providerId: 'p', providerInfo: new Uint8Array(), ciphertext: new Uint8Array() };
const dm: DecryptionMaterials = { suite, encryptionContext: {} };
type Behaviour = { ok: boolean; ms?: number };

/** A fake keyring offering one candidate per (region or raw key), whose attempts are logged. */
function fake(log: string[], entries: { kind: 'kms' | 'raw'; id: string; region?: string; behave: Behaviour }[], health?: RegionHealth): PlannableKeyring {
  return {
    async onEncrypt(m: EncryptionMaterials) {
      return { ...m, plaintextDataKey: m.plaintextDataKey ?? new Uint8Array(32).fill(9), encryptedDataKeys: [...m.encryptedDataKeys, { ...edk, providerId: entries[0]!.id }] };
    },
    async onDecrypt(m: DecryptionMaterials) {
      return m;
    },
    decryptCandidates(): DecryptCandidate[] {
      return entries.map((e) => ({
        kind: e.kind,
        keyring: e.kind === 'kms' ? 'aws-kms' : 'raw-rsa',
        keyId: e.id,
        ...(e.region ? { region: e.region } : {}),
        edk,
        attempt: (m, o) =>
          new Promise((resolve, reject) => {
            log.push(`start ${e.id}`);
            const t = setTimeout(() => {
              log.push(`end ${e.id}`);
              if (e.region) health?.record(e.region, e.behave.ok, e.behave.ms ?? 0);
              if (e.behave.ok) resolve({ ...m, plaintextDataKey: new Uint8Array(32), decryptedBy: { providerId: e.id, keyId: e.id } });
              else reject(new Error(`${e.id} failed`));
            }, e.behave.ms ?? 0);
            o?.signal?.addEventListener('abort', () => {
              clearTimeout(t);
              log.push(`abort ${e.id}`);
              reject(new Error('aborted'));
            });
          }),
      }));
    },
  };
}

describe('plan order', () => {
  it('local KMS region, other regions by health, other keyrings, raw keys last', () => {
    const health = new RegionHealth();
    health.record('eu', true, 90);
    health.record('ap', true, 10);
    const c = (kind: DecryptCandidate['kind'], id: string, region?: string): DecryptCandidate => ({ kind, keyring: kind, keyId: id, ...(region ? { region } : {}), edk, attempt: async (m) => m });
    const plan = planOrder([c('raw', 'escrow'), c('kms', 'eu', 'eu'), c('other', 'custom'), c('kms', 'ap', 'ap'), c('kms', 'us', 'us')], health, 'us');
    expect(plan.map((p) => p.keyId)).toEqual(['us', 'ap', 'eu', 'custom', 'escrow']);
    health.record('us', false, 1);
    expect(planOrder([c('kms', 'us', 'us'), c('kms', 'eu', 'eu')], health, 'us').map((p) => p.keyId)).toEqual(['eu', 'us']);
  });
});

describe('MultiKeyring', () => {
  it('first success wins; failures are listed; open regions are skipped and only a last resort', async () => {
    const log: string[] = [];
    const health = new RegionHealth();
    const kms = fake(log, [
      { kind: 'kms', id: 'us', region: 'us', behave: { ok: false } },
      { kind: 'kms', id: 'eu', region: 'eu', behave: { ok: true } },
    ], health);
    const escrow = fake(log, [{ kind: 'raw', id: 'escrow', behave: { ok: true } }]);
    const multi = new MultiKeyring({ generator: kms, children: [escrow], localRegion: 'us', availability: health });
    const out = await multi.onDecrypt(dm, [edk]);
    expect(out.decryptedBy?.keyId).toBe('eu');
    expect(out.attempts?.map((a) => a.keyId)).toEqual(['us']);
    log.length = 0;
    const again = await multi.onDecrypt(dm, [edk]);
    expect(log).toEqual(['start eu', 'end eu']);
    expect(again.attempts ?? []).toEqual([]); // the open region moved behind the healthy one
  });

  it('nothing opens: NoKeyDecryptedError lists every attempt', async () => {
    const log: string[] = [];
    const multi = new MultiKeyring({ children: [fake(log, [{ kind: 'kms', id: 'us', region: 'us', behave: { ok: false } }]), fake(log, [{ kind: 'raw', id: 'escrow', behave: { ok: false } }])] });
    const err = await multi.onDecrypt(dm, [edk]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoKeyDecryptedError);
    expect((err as NoKeyDecryptedError).attempts.map((a) => a.keyId)).toEqual(['us', 'escrow']);
  });

  it('hedging starts the next candidate after the delay and aborts the loser', async () => {
    const log: string[] = [];
    const multi = new MultiKeyring({
      children: [fake(log, [
        { kind: 'kms', id: 'slow', region: 'us', behave: { ok: true, ms: 2000 } },
        { kind: 'kms', id: 'fast', region: 'eu', behave: { ok: true, ms: 5 } },
      ])],
      localRegion: 'us',
      hedging: { delayMs: 30 },
    });
    const out = await multi.onDecrypt(dm, [edk]);
    expect(out.decryptedBy?.keyId).toBe('fast');
    expect(log).toEqual(['start slow', 'start fast', 'end fast', 'abort slow']);
  });

  it('without hedging the plan is sequential', async () => {
    const log: string[] = [];
    const multi = new MultiKeyring({ children: [fake(log, [{ kind: 'kms', id: 'a', region: 'us', behave: { ok: false, ms: 20 } }, { kind: 'kms', id: 'b', region: 'eu', behave: { ok: true } }])], localRegion: 'us' });
    await multi.onDecrypt(dm, [edk]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('encrypt: the generator makes the key, children wrap it; without a generator a key must exist', async () => {
    const log: string[] = [];
    const multi = new MultiKeyring({ generator: fake(log, [{ kind: 'kms', id: 'gen', behave: { ok: true } }]), children: [fake(log, [{ kind: 'raw', id: 'child', behave: { ok: true } }])] });
    const m = await multi.onEncrypt({ suite, encryptionContext: {}, encryptedDataKeys: [] });
    expect(m.encryptedDataKeys.map((e) => e.providerId)).toEqual(['gen', 'child']);
    const noGen = new MultiKeyring({ children: [fake(log, [{ kind: 'raw', id: 'child', behave: { ok: true } }])] });
    await expect(noGen.onEncrypt({ suite, encryptionContext: {}, encryptedDataKeys: [] })).rejects.toThrow(/data key/);
  });
});
