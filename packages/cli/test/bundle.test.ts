// The `envelope` bin runs the bundle the build writes (scripts/bundle_bin.mjs): no module of any
// package's dist/ loads, the native addon resolves from the CLI package (--version names the same
// backend as core in this process), and a signed suite with --jobs 2 on node:crypto starts core's
// worker thread from the bundle (with the addon, its own hash thread takes the hash: no worker). Module loads are recorded by an ES module loader hook, worker threads' included.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cryptoBackendInfo } from '@envelope/core';
import { describe, expect, it } from 'vitest';
import { BIN, workspace } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const RECORDER = path.join(here, 'fixtures', 'record_loads.mjs');
const BUNDLE = path.resolve(here, '..', 'bundle');

describe.skipIf(process.env['ENVELOPE_TEST_BIN'] !== undefined)('the bundled envelope bin', () => {
  const w = workspace('bundle');
  const recorded = (name: string, args: string[], env: Record<string, string> = {}): { out: string; loads: string[] } => {
    const record = w.file(`${name}.loads`);
    const r = w.run(args, undefined, { NODE_OPTIONS: `--import ${RECORDER}`, RECORD_LOADS: record, ...env });
    expect(r.status, r.stderr).toBe(0);
    return { out: r.stdout.toString(), loads: readFileSync(record, 'utf8').split('\n').filter(Boolean) };
  };
  const files = (loads: string[]): string[] => loads.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));

  it('loads bundle chunks only (no dist/ module), and --version names the backend core chooses here', () => {
    const { out, loads } = recorded('version', ['--version']);
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+\S* \(crypto: /);
    expect(out.trim().endsWith(`(crypto: ${cryptoBackendInfo().description})`), out).toBe(true);
    // The addon stays outside the bundle (Node 22+ loads its ES module files, required, through the hooks too).
    const js = files(loads).filter((f) => f !== BIN && !/[\\/]crypto-native[\\/]/.test(f));
    expect(js.filter((f) => !f.startsWith(BUNDLE + path.sep))).toEqual([]);
    expect(js.length).toBeGreaterThan(2);
  });

  it('honours ENVELOPE_NATIVE=0', () => {
    expect(recorded('version0', ['--version'], { ENVELOPE_NATIVE: '0' }).out).toContain('(crypto: node:crypto (ENVELOPE_NATIVE=0))');
  });

  it('round-trips a signed suite with --jobs 2 on node:crypto, the hash worker started from the bundle; with the addon by default, no worker', () => {
    expect(w.run(['keygen', 'rsa', '--bits', '2048', '-o', w.file('escrow'), '--no-passphrase']).status).toBe(0);
    const data = randomBytes((3 << 20) + 123);
    w.write('data.bin', data);
    const node = { ENVELOPE_NATIVE: '0' };
    const enc = recorded('enc', ['encrypt', '--suite', '0x0578', '--jobs', '2', '-r', w.file('escrow.pub.pem'), '-i', w.file('data.bin'), '-o', w.file('data.envelope')], node);
    const dec = recorded('dec', ['decrypt', '--jobs', '2', '--identity', w.file('escrow.pem'), '-i', w.file('data.envelope'), '-o', w.file('data.out')], node);
    expect(readFileSync(w.file('data.out')).equals(data)).toBe(true);
    for (const { loads } of [enc, dec]) expect(files(loads)).toContain(path.join(BUNDLE, 'worker.js'));
    if (cryptoBackendInfo().name !== 'native') return;
    const enc2 = recorded('enc2', ['encrypt', '-r', w.file('escrow.pub.pem'), '-i', w.file('data.bin'), '-o', w.file('data2.envelope')]);
    const dec2 = recorded('dec2', ['decrypt', '--identity', w.file('escrow.pem'), '-i', w.file('data2.envelope'), '-o', w.file('data2.out')]);
    expect(readFileSync(w.file('data2.out')).equals(data)).toBe(true);
    for (const { loads } of [enc2, dec2]) expect(files(loads)).not.toContain(path.join(BUNDLE, 'worker.js'));
  });
});
