// The README's code quick start runs as written: the ```js block under "## Quick start (code)" is
// saved as quick-start.mjs and run with `node quick-start.mjs`, as the README says (on whichever
// Node runs the suite: CI runs it on 20, 22 and 24), and type-checked as quick-start.mts with the
// README's tsc flags. Here inside this package, so '@envelope/client' and '@envelope/kms-local'
// resolve from the workspace; pack_install.test.ts runs the same block against the tarballs.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { QUICK_START_OUTPUT, readmeBlock, root } from './readme_blocks.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const work = path.join(here, '..', '.tmp', `quick-start-${process.pid}`);

function run(cmd: string, args: string[]): Promise<{ status: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: work });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, out, err }));
  });
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('README quick start (code)', () => {
  it('node quick-start.mjs runs as written against kms-local', async () => {
    const code = readmeBlock('Quick start (code)', 'js');
    expect(code).toContain('startKmsLocal');
    mkdirSync(work, { recursive: true });
    writeFileSync(path.join(work, 'quick-start.mjs'), code);
    const r = await run(process.execPath, ['quick-start.mjs']);
    expect(r.out, r.err).toMatch(QUICK_START_OUTPUT);
    expect(r.status).toBe(0);
  });
  it('type-checks as quick-start.mts with the flags the README gives', async () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const command = /`npx tsc ([^`]*) quick-start\.mts`/.exec(readme);
    expect(command, 'README.md names the tsc command').not.toBeNull();
    mkdirSync(work, { recursive: true });
    writeFileSync(path.join(work, 'quick-start.mts'), readmeBlock('Quick start (code)', 'js'));
    // @types/node as an application installs it (the README says so); here from the workspace root.
    const flags = [...command![1]!.split(/\s+/), '--types', 'node', '--typeRoots', path.join(root, 'node_modules', '@types'), '--skipLibCheck'];
    const check = await run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), ...flags, 'quick-start.mts']);
    expect(check.out + check.err).toBe('');
    expect(check.status).toBe(0);
  });
});
