import { createCipheriv, createSign, generateKeyPairSync, getHashes, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUITES, SUITE_IDS, DEFAULT_SUITE_ID, findSuite, suiteLabel } from '@envelope/core';

// Facts of the AWS ESDK specification, framework/algorithm-suites.md, restated here on purpose to
// check the table against them (the table is the only source for the library itself).
const SPEC: Record<number, [format: number, keyBits: number, kdf: string, curve: string | null]> = {
  0x0014: [1, 128, 'identity', null], 0x0046: [1, 192, 'identity', null], 0x0078: [1, 256, 'identity', null],
  0x0114: [1, 128, 'hkdf-sha256', null], 0x0146: [1, 192, 'hkdf-sha256', null], 0x0178: [1, 256, 'hkdf-sha256', null],
  0x0214: [1, 128, 'hkdf-sha256', 'P-256'], 0x0346: [1, 192, 'hkdf-sha384', 'P-384'], 0x0378: [1, 256, 'hkdf-sha384', 'P-384'],
  0x0478: [2, 256, 'hkdf-sha512', null], 0x0578: [2, 256, 'hkdf-sha512', 'P-384'],
};

describe('suites table', () => {
  it('holds exactly the suites of the specification, frozen', () => {
    expect([...SUITE_IDS].sort()).toEqual(Object.keys(SPEC).map(Number).sort());
    expect(Object.isFrozen(SUITES)).toBe(true);
    expect(DEFAULT_SUITE_ID).toBe(0x0578);
    expect(findSuite(0x9999)).toBeUndefined();
    expect(findSuite('1400' as unknown as number)).toBeUndefined();
    expect(findSuite(Number.NaN)).toBeUndefined();
    expect(suiteLabel(0x14)).toBe('0x0014');
  });

  it.each(SUITE_IDS.map((id) => [suiteLabel(id), id]))('row %s agrees with the specification and with node:crypto', (_l, id) => {
    const s = findSuite(id)!;
    const [format, keyBits, kdf, curve] = SPEC[id]!;
    expect(Object.isFrozen(s)).toBe(true);
    expect(s.id).toBe(id);
    expect(s.messageFormat).toBe(format);
    expect(s.messageIdLength).toBe(format === 1 ? 16 : 32);
    expect(s.keyLength * 8).toBe(keyBits);
    expect(s.kdf).toBe(kdf);
    expect(s.kdfHash).toBe(kdf === 'identity' ? null : kdf.slice(5));
    expect(s.committing).toBe(format === 2);
    expect(s.commitmentLength).toBe(format === 2 ? 32 : 0);
    expect(s.commitmentHash).toBe(format === 2 ? 'sha512' : null);
    expect(s.cacheable).toBe(kdf !== 'identity');
    // The cipher takes the key, IV and tag lengths of the row.
    const c = createCipheriv(s.cipher, randomBytes(s.keyLength), randomBytes(s.ivLength), { authTagLength: s.tagLength });
    c.final();
    expect(c.getAuthTag()).toHaveLength(s.tagLength);
    if (s.kdfHash) expect(getHashes()).toContain(s.kdfHash);
    expect(s.signature?.curve ?? null).toBe(curve);
    if (s.signature) {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: s.signature.namedCurve });
      const x = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
      expect(1 + x.length).toBe(s.signature.publicKeyLength);
      for (let i = 0; i < 20; i++) {
        const sig = createSign(s.signature.hash).update(randomBytes(32)).sign(privateKey);
        expect(sig.length).toBeLessThanOrEqual(s.signature.maxSignatureLength);
      }
    }
  });
});

describe('the suites table is the only source', () => {
  // Suite facts spelled out anywhere else in core's code (comments aside) would drift from the table.
  const RESTATED = /'sha(256|384|512)'|prime256v1|secp384r1|aes-(128|192|256)-gcm|\b0x0(014|046|078|114|146|178|214|346|378|478|578)\b/;
  // cache_id.ts hashes cache identifiers with SHA-512: the cache's own choice, not a suite's.
  const ALLOWED = new Set(['suites.ts', 'managers/cache_id.ts']);
  // A crypto backend translates the interface's words (a key length, a curve) into its library's names.
  const BACKENDS = 'crypto/node/';
  const src = new URL('../src/', import.meta.url).pathname;
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));

  it('no suite id, hash, curve or cipher name is restated in core/src outside suites.ts', () => {
    const hits: string[] = [];
    for (const file of files(src)) {
      const rel = file.slice(src.length);
      if (ALLOWED.has(rel) || rel.startsWith(BACKENDS)) continue;
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      code.split('\n').forEach((line, i) => {
        if (RESTATED.test(line)) hits.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
