import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { SUITE_IDS, encrypt, parseHeader } from '@envelope/core';
import { layoutOf, releasable } from '../src/message_layout.js';
import { aesKeyring } from '../src/targets.js';

const policyFor = (id: number) => (id >= 0x0478 ? 'require-encrypt-require-decrypt' : 'forbid-encrypt-allow-decrypt') as const;

describe('message layout (the fuzzer walks messages itself)', () => {
  it('agrees with core on the header length and finds every length field, frame and the footer, in every suite', async () => {
    const k = aesKeyring(randomBytes(32));
    for (const suiteId of SUITE_IDS) {
      for (const frameLength of [0, 10]) {
        const { ciphertext } = await encrypt(k, randomBytes(25), { suiteId, frameLength, encryptionContext: { a: 'bc', d: '' }, commitmentPolicy: policyFor(suiteId) });
        const l = layoutOf(ciphertext);
        expect(l.headerLength).toBe(parseHeader(ciphertext)!.headerLength);
        expect(l.length).toBe(ciphertext.length);
        const names = l.fields.map((f) => f.name);
        for (const n of ['header.encryptionContextLength', 'header.ec.count', 'header.ec[1].valueLength', 'header.edkCount', 'header.edk[0].ciphertextLength', 'header.frameLength']) expect(names).toContain(n);
        const signed = suiteId >= 0x0214 && suiteId !== 0x0478;
        expect(names.includes('footer.signatureLength')).toBe(signed);
        if (frameLength === 0) {
          expect(l.units.map((u) => u.kind)).toEqual(['single']);
          expect(names).toContain('body.contentLength');
        } else {
          expect(l.units.map((u) => u.kind)).toEqual(['frame', 'frame', 'final']);
          expect(names).toEqual(expect.arrayContaining(['frame[1].sequence', 'final.contentLength']));
        }
        // The field values read back where the walk says they are.
        const fl = l.fields.find((f) => f.name === 'header.frameLength')!;
        expect(Buffer.from(ciphertext).readUInt32BE(fl.offset)).toBe(frameLength);
        expect(l.units[0]!.start).toBe(l.headerLength);
        expect(l.units.at(-1)!.end).toBe(l.bodyEnd);
      }
    }
  });

  it('releasable: whole units before the first changed byte, nothing of the unit it falls in', async () => {
    const k = aesKeyring(randomBytes(16));
    const { ciphertext } = await encrypt(k, randomBytes(25), { suiteId: 0x0578, frameLength: 10 });
    const l = layoutOf(ciphertext);
    const [f0, f1, fin] = l.units;
    expect(releasable(l, 0)).toBe(0);
    expect(releasable(l, f0!.end - 1)).toBe(0);
    expect(releasable(l, f0!.end)).toBe(10);
    expect(releasable(l, f1!.end + 3)).toBe(20);
    expect(releasable(l, fin!.end)).toBe(25); // a change in the footer: every frame verified
    expect(releasable(l, ciphertext.length)).toBe(25);
  });
});
