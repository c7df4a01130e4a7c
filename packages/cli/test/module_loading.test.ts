// What a command loads: `encrypt -r` and `decrypt --identity` start without the config registry, the
// KMS and hierarchical keyrings, inversify or the AWS SDK (start-up time and resident memory on big
// files); a --config loads the registry. Recorded by an ES module loader hook in the child; a chunk
// of the bundled bin stands for the sources it holds (the bundle's metafile lists them).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workspace } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const RECORDER = path.join(here, 'fixtures', 'record_loads.mjs');
const PACKAGE = path.resolve(here, '..');

/** The source files behind loaded module URLs: a bundle chunk's inputs, resolved; any other URL as it is. */
function sources(urls: string[]): string[] {
  const meta = JSON.parse(readFileSync(path.join(PACKAGE, 'bundle', 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  return urls.flatMap((u) => {
    const file = u.startsWith('file:') ? fileURLToPath(u) : u;
    const chunk = meta.outputs[path.relative(PACKAGE, file)];
    return chunk ? Object.keys(chunk.inputs).map((i) => path.resolve(PACKAGE, i)) : [file];
  });
}

/** Module URLs that belong to what -r/--identity must not load. */
const HEAVY = [/\/packages\/registry\//, /\/packages\/keyring-kms\//, /\/packages\/keyring-hierarchy\//, /\/packages\/client\//, /\/@aws-sdk\//, /\/@smithy\//, /\/inversify\//];

describe('modules loaded by a command', () => {
  const w = workspace('loads');
  const loads = (name: string, args: string[]): string[] => {
    const record = w.file(`${name}.loads`);
    const r = w.run(args, undefined, { NODE_OPTIONS: `--import ${RECORDER}`, RECORD_LOADS: record });
    expect(r.status, r.stderr).toBe(0);
    return sources(readFileSync(record, 'utf8').split('\n').filter(Boolean));
  };

  it('encrypt -r and decrypt --identity load core and the RSA keyring, not the registry, the KMS keyrings or the AWS SDK', () => {
    expect(w.run(['keygen', 'rsa', '--bits', '2048', '-o', w.file('escrow'), '--no-passphrase']).status).toBe(0);
    w.write('data.bin', Buffer.alloc(4096, 7));
    const enc = loads('enc', ['encrypt', '-r', w.file('escrow.pub.pem'), '-i', w.file('data.bin'), '-o', w.file('data.envelope')]);
    const dec = loads('dec', ['decrypt', '--identity', w.file('escrow.pem'), '-i', w.file('data.envelope'), '-o', w.file('data.out')]);
    for (const list of [enc, dec]) {
      expect(list.some((u) => /\/packages\/keyring-raw-rsa\//.test(u))).toBe(true);
      expect(list.filter((u) => HEAVY.some((h) => h.test(u)))).toEqual([]);
    }
    expect(readFileSync(w.file('data.out'))).toEqual(Buffer.alloc(4096, 7));
  });

  it('a --config loads the registry (the recorder sees what a command loads)', () => {
    w.write('data2.bin', 'hello');
    const list = loads('config', ['encrypt', '--config', w.file('aes.json'), '-i', w.file('data2.bin'), '-o', w.file('data2.envelope')]);
    expect(list.some((u) => /\/packages\/registry\//.test(u))).toBe(true);
  });
});
