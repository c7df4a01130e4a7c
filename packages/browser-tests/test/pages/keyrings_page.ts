/**
 * A page that builds its keyrings as an application would with `@envelope/client`'s browser build:
 * from a config object (`keyringFromConfig`, `managerFromConfig`, keys inline), and in code (multi,
 * threshold, the three materials managers, a KMS keyring over two regions).
 */
import {
  CachingMaterialsManager,
  DefaultMaterialsManager,
  KmsKeyring,
  MultiKeyring,
  RawAesKeyring,
  RawRsaKeyring,
  RequiredEncryptionContextManager,
  ThresholdKeyring,
  decrypt,
  encrypt,
  isEnvelopeError,
  keyringFromConfig,
  managerFromConfig,
} from '@envelope/client';
import type { Keyring, MaterialsManager } from '@envelope/client';
import { expose } from './page_bytes.js';

/** What a failure looks like to the test: the error's class, code, message and JSON path. */
async function outcome<T>(work: () => Promise<T>): Promise<T | { error: string; code?: string; message: string; path?: string }> {
  try {
    return await work();
  } catch (e) {
    const path = (e as { path?: string }).path;
    return { error: (e as Error).name, message: (e as Error).message, ...(isEnvelopeError(e) ? { code: e.code } : {}), ...(path !== undefined ? { path } : {}) };
  }
}

interface KeySpec {
  readonly aes?: Uint8Array;
  readonly rsaPublic?: string;
  readonly rsaPrivate?: string;
}
const aes = (key: Uint8Array, name: string): Keyring => new RawAesKeyring({ keyNamespace: 'page', keyName: name, wrappingKey: key });
const rsa = (spec: KeySpec, name: string): Keyring =>
  new RawRsaKeyring({ keyNamespace: 'escrow', keyName: name, padding: 'oaep-sha256', ...(spec.rsaPublic ? { publicKey: spec.rsaPublic } : {}), ...(spec.rsaPrivate ? { privateKey: spec.rsaPrivate } : {}) });

/** A threshold keyring of three custodians (raw RSA, raw AES, raw AES); a missing key leaves its custodian unable to decrypt. */
function threshold(keys: { rsa: KeySpec; aes1?: Uint8Array; aes2?: Uint8Array }): Keyring {
  const blank = new Uint8Array(32).fill(7); // a custodian without the right key: its share stays wrapped
  return new ThresholdKeyring({
    keyNamespace: 'board',
    keyName: 'board-2026',
    threshold: 2,
    custodians: [rsa(keys.rsa, 'custodian-0'), aes(keys.aes1 ?? blank, 'custodian-1'), aes(keys.aes2 ?? blank, 'custodian-2')],
  });
}

async function roundTrip(source: Keyring | MaterialsManager, text: string, context: Record<string, string> = { app: 'page' }) {
  const e = await encrypt(source, text, { encryptionContext: context });
  const d = await decrypt(source, e.ciphertext, { encryptionContext: context });
  return { ciphertext: e.ciphertext, text: new TextDecoder().decode(d.plaintext), decryptedBy: d.decryptedBy, edks: e.header.encryptedDataKeys.map((k) => k.providerId) };
}

expose({
  configEncrypt: (config: object, text: string) =>
    outcome(async () => {
      const keyring = await keyringFromConfig(config);
      const r = await roundTrip(keyring, text);
      return r;
    }),
  configDecrypt: (config: object, ciphertext: Uint8Array) =>
    outcome(async () => {
      const d = await decrypt(await keyringFromConfig(config), ciphertext);
      return { text: new TextDecoder().decode(d.plaintext), decryptedBy: d.decryptedBy };
    }),
  configFails: (config: object | string) => outcome(async () => keyringFromConfig(config as object)),
  managerConfig: (config: object, text: string) =>
    outcome(async () => {
      const manager = await managerFromConfig(config);
      const good = await roundTrip(manager, text, { tenant: 'a' });
      const missing = await outcome(() => encrypt(manager, text, { encryptionContext: { other: 'x' } }));
      return { good, missing, kind: manager.constructor.name };
    }),
  multi: (keys: { aes: Uint8Array; rsa: KeySpec }, text: string) =>
    outcome(async () => {
      const keyring = new MultiKeyring({ generator: aes(keys.aes, 'gen'), children: [rsa(keys.rsa, 'escrow-key')] });
      const r = await roundTrip(keyring, text);
      // The child alone opens what the multi keyring wrote.
      const child = await decrypt(rsa(keys.rsa, 'escrow-key'), r.ciphertext);
      return { ...r, childText: new TextDecoder().decode(child.plaintext) };
    }),
  thresholdEncrypt: async (keys: { rsa: KeySpec; aes1: Uint8Array; aes2: Uint8Array }, text: string) =>
    (await encrypt(threshold(keys), text, { encryptionContext: { app: 'board' } })).ciphertext,
  thresholdDecrypt: (keys: { rsa: KeySpec; aes1?: Uint8Array; aes2?: Uint8Array }, ciphertext: Uint8Array) =>
    outcome(async () => {
      const d = await decrypt(threshold(keys), ciphertext);
      return { text: new TextDecoder().decode(d.plaintext), decryptedBy: d.decryptedBy };
    }),
  managers: (key: Uint8Array, text: string) =>
    outcome(async () => {
      const keyring = aes(key, 'managed');
      const viaDefault = await roundTrip(new DefaultMaterialsManager(keyring), text);
      const caching = new CachingMaterialsManager({ source: keyring, maxAgeMs: 60_000, maxMessagesEncrypted: 10 });
      for (let i = 0; i < 3; i++) await roundTrip(caching, text);
      const required = new RequiredEncryptionContextManager({ source: caching, requiredKeys: ['tenant'] });
      const withTenant = await roundTrip(required, text, { tenant: 'a' });
      const withoutTenant = await outcome(() => encrypt(required, text, { encryptionContext: { app: 'page' } }));
      return { viaDefault: viaDefault.text, stats: caching.stats, withTenant: withTenant.text, withoutTenant };
    }),
  kmsTwoRegions: (spec: { keyIds: string[]; endpoints: Record<string, string>; credentials: { accessKeyId: string; secretAccessKey: string }; localRegion: string }, ciphertext: Uint8Array, rounds: number) =>
    outcome(async () => {
      const keyring = new KmsKeyring({ ...spec, maxAttempts: 1, timeoutMs: 2000 });
      const regions: (string | undefined)[] = [];
      for (let i = 0; i < rounds; i++) {
        const d = await decrypt(keyring, ciphertext);
        regions.push((d.decryptedBy as { region?: string } | undefined)?.region);
      }
      return { regions, text: new TextDecoder().decode((await decrypt(keyring, ciphertext)).plaintext) };
    }),
});
