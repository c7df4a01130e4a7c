// Issue 19 item 3: the configs the demo prints work when copied (complete, accepted by
// keyringFromConfig), one of them a real offline recovery config; no ANSI codes when piped.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { keyringFromConfig, RawRsaKeyring, MultiKeyring } from '@envelope/client';
import { demoConfigs } from '../../src/commands/demo.js';
import { runAsync, workspace } from '../helpers.js';

const ws = workspace('demo');
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
writeFileSync(ws.file('escrow.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(ws.file('escrow.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });

/** The JSON printed under the step whose title starts with `title`. */
function printedBlock(stdout: string, title: string): unknown {
  const block = stdout.split('\n▶ ').find((b) => b.startsWith(title));
  expect(block, `a step "${title}"`).toBeDefined();
  return JSON.parse(block!.split('\n').slice(1).join('\n'));
}

describe('demo configs', () => {
  it('demoConfigs gives a complete app config (no private key) and an offline recovery config (no KMS)', async () => {
    const { app, recovery } = demoConfigs({ endpoints: { 'us-east-1': 'http://127.0.0.1:1', 'eu-west-1': 'http://127.0.0.1:2' }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }, ['us-east-1', 'eu-west-1']);
    expect(JSON.stringify(app)).not.toContain('privateKey');
    expect(recovery).not.toHaveProperty('kms');
    expect(JSON.stringify(recovery)).not.toContain('aws-kms');
    expect(await keyringFromConfig(app, { baseDir: ws.dir })).toBeInstanceOf(MultiKeyring);
    expect(await keyringFromConfig(recovery, { baseDir: ws.dir })).toBeInstanceOf(RawRsaKeyring);
  });
  it('envelope demo prints both configs as accepted JSON, with no ANSI codes when stdout is a pipe', async () => {
    const r = await runAsync(ws.dir, ['demo'], { ENVELOPE_DEMO_MB: '1' });
    const out = r.stdout.toString();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(out).not.toContain('\u001b');
    const app = printedBlock(out, 'envelope.json') as object;
    const recovery = printedBlock(out, 'recovery.json') as object;
    // Copied next to the escrow key files, they build (the demo's kms-local is gone by now: building needs no KMS call).
    writeFileSync(ws.file('envelope.json'), JSON.stringify(app));
    writeFileSync(ws.file('recovery.json'), JSON.stringify(recovery));
    expect(await keyringFromConfig(ws.file('envelope.json'))).toBeInstanceOf(MultiKeyring);
    expect(await keyringFromConfig(ws.file('recovery.json'))).toBeInstanceOf(RawRsaKeyring);
    expect(out).toMatch(/offline recovery[^\n]*\n[^\n]*recovery\.json[\s\S]*SHA-256 matches/);
    expect(out).toMatch(/every KMS region is down[^\n]*\n[^\n]*\n\s+exit 3/);
  });
});
