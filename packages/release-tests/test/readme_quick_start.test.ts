// Issue 19 item 5: the README's code quick start runs as written against kms-local. The block is
// taken from README.md, type-checked under strict TypeScript, and run with Node (types stripped).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..', '..');
// Inside this package, so '@envelope/client' and '@envelope/kms-local' resolve as in an application.
const work = path.join(here, '..', '.tmp', `quick-start-${process.pid}`);

function quickStart(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start (code)'));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('README.md: no ```ts block under "## Quick start (code)"');
  return m[1]!;
}

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
  it('type-checks and runs as written against kms-local', async () => {
    const code = quickStart();
    expect(code).toContain('startKmsLocal');
    mkdirSync(work, { recursive: true });
    writeFileSync(path.join(work, 'quick-start.mts'), code);
    writeFileSync(
      path.join(work, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [path.join(root, 'node_modules', '@types')] }, files: ['quick-start.mts'] }),
    );
    const check = await run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
    expect(check.out + check.err).toBe('');
    // As the README says (`node quick-start.mts`) where Node strips types itself; else transpiled.
    const stripsTypes = Boolean((process.features as { typescript?: unknown }).typescript);
    writeFileSync(path.join(work, 'quick-start.mjs'), ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
    const r = await run(process.execPath, [stripsTypes ? 'quick-start.mts' : 'quick-start.mjs']);
    expect(r.out, r.err).toMatch(/^hello, envelope \(opened with arn:aws:kms:us-east-1:\d{12}:key\/mrk-[0-9a-f]+ in us-east-1\)\n$/);
    expect(r.status).toBe(0);
  });
});
