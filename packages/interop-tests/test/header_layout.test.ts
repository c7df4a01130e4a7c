// Exact header bytes of messages Envelope writes, field by field as laid out in the AWS ESDK
// specification (data-format/message-header.md) and the worked examples of the AWS Encryption SDK
// developer guide ("Message format examples": suite 0x0378, framed, frame length 256, context
// {"0This":"is","1an":"encryption","2context":"example"} plus aws-crypto-public-key). The random
// fields (message id, public key, EDK, IVs, tags, commitment) are taken from the message itself;
// everything else must match byte for byte, and the ESDK must accept the message.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encrypt } from '@envelope/core';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';
import { esdkForbid, esdkRawAes, esdkRequire } from './helpers/esdk.js';

const u8 = (n: number) => Buffer.from([n]);
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
const str = (s: string) => Buffer.from(s, 'utf8');
const docContext = { '0This': 'is', '1an': 'encryption', '2context': 'example' };
const key = randomBytes(32);
const keyring = new RawAesKeyring({ keyNamespace: 'static-aws-xcompat', keyName: 'AES.256..', wrappingKey: key });

function aad(ec: Readonly<Record<string, string>>): Buffer {
  const pairs = Object.entries(ec).sort(([a], [b]) => Buffer.compare(str(a), str(b)));
  if (pairs.length === 0) return u16(0);
  const body = Buffer.concat([u16(pairs.length), ...pairs.flatMap(([k, v]) => [u16(str(k).length), str(k), u16(str(v).length), str(v)])]);
  return Buffer.concat([u16(body.length), body]);
}

function edks(list: readonly { providerId: string; providerInfo: Uint8Array; ciphertext: Uint8Array }[]): Buffer {
  return Buffer.concat([
    u16(list.length),
    ...list.flatMap((e) => [u16(str(e.providerId).length), str(e.providerId), u16(e.providerInfo.length), Buffer.from(e.providerInfo), u16(e.ciphertext.length), Buffer.from(e.ciphertext)]),
  ]);
}

describe('header bytes match the specification layout', () => {
  it('v1, suite 0x0378, framed 256, the developer guide example context', async () => {
    const { ciphertext, header } = await encrypt(keyring, randomBytes(600), {
      suiteId: 0x0378,
      frameLength: 256,
      encryptionContext: docContext,
      commitmentPolicy: 'forbid-encrypt-allow-decrypt',
    });
    const ec = header.encryptionContext;
    expect(Object.keys(ec).sort()).toEqual(['0This', '1an', '2context', 'aws-crypto-public-key']);
    expect(ec['aws-crypto-public-key']).toMatch(/^[A-Za-z0-9+/]{66}==$/); // compressed P-384 point (49 bytes), base64: 68 chars as in the example
    const expected = Buffer.concat([
      u8(0x01), u8(0x80), u16(0x0378), Buffer.from(header.messageId), aad(ec), edks(header.encryptedDataKeys),
      u8(0x02), u32(0), u8(12), u32(256),
    ]);
    expect(header.messageId).toHaveLength(16);
    expect(Buffer.from(ciphertext.subarray(0, expected.length)).toString('hex')).toBe(expected.toString('hex'));
    // header IV (12) + tag (16), then frame 1 starts with sequence number 1
    expect(Buffer.from(ciphertext.subarray(expected.length + 28, expected.length + 32)).toString('hex')).toBe('00000001');
    expect((await esdkForbid.decrypt(esdkRawAes('static-aws-xcompat', 'AES.256..', key), ciphertext)).messageHeader.frameLength).toBe(256);
  });

  it('v1 non-framed, suite 0x0014, empty context: AAD length 0, content type 1, frame length 0', async () => {
    const k16 = randomBytes(16);
    const { ciphertext, header } = await encrypt(new RawAesKeyring({ keyNamespace: 'ns', keyName: 'k', wrappingKey: k16 }), randomBytes(10), {
      suiteId: 0x0014,
      frameLength: 0,
      commitmentPolicy: 'forbid-encrypt-allow-decrypt',
    });
    const expected = Buffer.concat([
      u8(0x01), u8(0x80), u16(0x0014), Buffer.from(header.messageId), u16(0), edks(header.encryptedDataKeys), u8(0x01), u32(0), u8(12), u32(0),
    ]);
    expect(Buffer.from(ciphertext.subarray(0, expected.length)).toString('hex')).toBe(expected.toString('hex'));
    // header IV + tag, then body IV (12) and an 8-byte content length of 10
    expect(Buffer.from(ciphertext.subarray(expected.length + 28 + 12, expected.length + 28 + 20)).toString('hex')).toBe('000000000000000a');
  });

  it.each([['0478', 0x0478], ['0578', 0x0578]] as const)('v2, suite 0x%s: 32-byte message id, no type/reserved/IV length, 32-byte commitment', async (_hex, suiteId) => {
    const { ciphertext, header } = await encrypt(keyring, randomBytes(100), { suiteId, frameLength: 4096, encryptionContext: docContext });
    const ec = header.encryptionContext;
    expect('aws-crypto-public-key' in ec).toBe(suiteId === 0x0578);
    const expected = Buffer.concat([u8(0x02), u16(suiteId), Buffer.from(header.messageId), aad(ec), edks(header.encryptedDataKeys), u8(0x02), u32(4096)]);
    expect(header.messageId).toHaveLength(32);
    expect(Buffer.from(ciphertext.subarray(0, expected.length)).toString('hex')).toBe(expected.toString('hex'));
    // commitment (32) + header tag (16), then the final frame marker (100 bytes < one frame)
    expect(Buffer.from(ciphertext.subarray(expected.length + 48, expected.length + 56)).toString('hex')).toBe('ffffffff00000001');
    const opened = await esdkRequire.decrypt(esdkRawAes('static-aws-xcompat', 'AES.256..', key), ciphertext);
    expect(opened.messageHeader.suiteId).toBe(suiteId);
  });
});
