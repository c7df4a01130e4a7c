// Issue 19 item 4: docs/guide.md shows the whole path without AWS; this runs it as written (the
// `envelope` lines of its shell blocks and its envelope.json), on free ports instead of 4566/4567.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKmsLocal, type KmsLocal } from '@envelope/kms-local';
import { runAsync, workspace } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const guide = readFileSync(path.resolve(here, '..', '..', '..', 'docs', 'guide.md'), 'utf8');
const section = guide.slice(guide.indexOf('### First, the whole path without AWS'), guide.indexOf('### Then, AWS'));
const blocks = (lang: string): string[] => [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

const ws = workspace('guide');
let local: KmsLocal;
let port = 0;

beforeAll(async () => {
  for (let attempt = 0; attempt < 20 && !local; attempt++) {
    const p = 20_000 + Math.floor(Math.random() * 40_000);
    try {
      local = await startKmsLocal({ regions: ['us-east-1', 'eu-west-1'], port: p });
      port = p;
    } catch {
      // taken: another port
    }
  }
});
afterAll(() => local?.close());

describe('docs/guide.md: the path without AWS', () => {
  it('runs as written: create-key, keygen, the config, encrypt, inspect, decrypt', async () => {
    expect(section.length).toBeGreaterThan(100);
    const ports = (s: string): string => s.replaceAll('4566', String(port)).replaceAll('4567', String(port + 1));
    ws.write('envelope.json', ports(blocks('json')[0]!));
    ws.write('data.bin', randomBytes(50_000));
    const lines = blocks('sh')
      .flatMap((b) => b.split('\n'))
      .map((l) => l.replace(/#.*$/, '').replace(/&\s*$/, '').trim())
      .filter((l) => l.startsWith('envelope ') && !l.includes('kms-local start')); // start: served by this test
    expect(lines.some((l) => l.includes('kms-local create-key'))).toBe(true);
    for (const line of lines) {
      const r = await runAsync(ws.dir, ports(line).split(/\s+/).slice(1));
      expect(r.status, `${line}\n${r.stderr}`).toBe(0);
      if (line.includes('create-key')) expect(Object.keys(JSON.parse(r.stdout.toString()))).toEqual(['us-east-1', 'eu-west-1']);
      if (line.includes('inspect')) expect(r.stdout.toString().match(/aws-kms/g)).toHaveLength(2);
    }
    expect(readFileSync(ws.file('data.out')).equals(readFileSync(ws.file('data.bin')))).toBe(true);
  });
});
