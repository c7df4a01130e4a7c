import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { encrypt } from '@envelope/core';
import { layoutOf } from '../src/message_layout.js';
import { mutantsOf } from '../src/mutations.js';
import { Prng } from '../src/prng.js';
import { aesKeyring } from '../src/targets.js';

async function message() {
  const m = Buffer.from((await encrypt(aesKeyring(randomBytes(16)), randomBytes(40), { suiteId: 0x0578, frameLength: 16, encryptionContext: { k: 'v' } })).ciphertext);
  return { m, l: layoutOf(m) };
}

describe('mutations', () => {
  it('a full round has every truncation, a flip at every byte, and every length field at 0 and all ones', async () => {
    const { m, l } = await message();
    const all = mutantsOf(m, l, new Prng(7), undefined, true);
    const notes = new Set(all.map((x) => x.note));
    for (let i = 0; i < m.length; i++) expect(notes.has(`truncate at ${i}`), `truncate at ${i}`).toBe(true);
    expect(all.filter((x) => x.kind === 'bit-flip')).toHaveLength(m.length);
    for (const f of l.fields.filter((x) => x.isLength)) {
      const max = (2n ** BigInt(8 * f.width) - 1n).toString(16);
      expect(notes.has(`${f.name} := 0x0`) || m.readUIntBE(f.offset, Math.min(f.width, 6)) === 0, f.name).toBe(true);
      expect(notes.has(`${f.name} := 0x${max}`), f.name).toBe(true);
    }
    // Targeted values land in the field the walk found (here the frame length, a 4-byte field).
    const fl = l.fields.find((x) => x.name === 'header.frameLength')!;
    const set = all.find((x) => x.note === 'header.frameLength := 0xffffffff')!.build();
    expect(set.readUInt32BE(fl.offset)).toBe(0xffffffff);
    expect(Buffer.concat([set.subarray(0, fl.offset), set.subarray(fl.offset + 4)]).equals(Buffer.concat([m.subarray(0, fl.offset), m.subarray(fl.offset + 4)]))).toBe(true);
  });

  it('the same seed gives the same schedule (what FUZZ_SEED replays)', async () => {
    const { m, l } = await message();
    const a = mutantsOf(m, l, new Prng(42), { bytes: m, headerLength: l.headerLength }, false);
    const b = mutantsOf(m, l, new Prng(42), { bytes: m, headerLength: l.headerLength }, false);
    expect(a.map((x) => x.note)).toEqual(b.map((x) => x.note));
    expect(a.map((x) => x.build().toString('hex'))).toEqual(b.map((x) => x.build().toString('hex')));
    expect(mutantsOf(m, l, new Prng(43), undefined, false).map((x) => x.note)).not.toEqual(a.map((x) => x.note));
  });
});
