// DESIGN.md § Conventions: no source file over 300 lines and no function over 60, in every package
// (core, the keyrings, registry, client, CLI, kms-local, fuzz, …). Measured with the TypeScript
// parser over each package's src/ (a function's lines include those of functions nested in it).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const PACKAGES = new URL('../../', import.meta.url).pathname;
const FUNCTION_LIMIT = 60;
const FILE_LIMIT = 300;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : /\.(c|m)?tsx?$/.test(d.name) ? [join(dir, d.name)] : []));
}

/** Every package's source files, as paths from packages/. */
export function sourceFiles(): string[] {
  return readdirSync(PACKAGES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(PACKAGES, d.name, 'src')))
    .flatMap((d) => files(join(PACKAGES, d.name, 'src')));
}

/** Every function-like node of the sources with its length in lines, longest first. */
export function functionLengths(): { where: string; lines: number }[] {
  const out: { where: string; lines: number }[] = [];
  for (const file of sourceFiles()) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        const name = (node as ts.FunctionLikeDeclaration).name?.getText(sf) ?? '(anonymous)';
        out.push({ where: `${file.slice(PACKAGES.length)}:${start + 1} ${name}`, lines: end - start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out.sort((a, b) => b.lines - a.lines);
}

describe('source shape of every package', () => {
  it('reads the sources of every package', () => {
    const packages = new Set(sourceFiles().map((f) => f.slice(PACKAGES.length).split('/')[0]));
    for (const p of ['core', 'client', 'cli', 'kms-local', 'keyring-kms', 'keyring-hierarchy', 'registry', 'fuzz']) expect(packages).toContain(p);
  });

  it(`has no function over ${FUNCTION_LIMIT} lines`, () => {
    const all = functionLengths();
    console.log('longest functions:', all.slice(0, 5).map((f) => `${f.where} (${f.lines})`).join(', '));
    expect(all.filter((f) => f.lines > FUNCTION_LIMIT)).toEqual([]);
  });

  it('names no issue numbers in source comments (the history is in git, the figures in README/docs)', () => {
    const hits = sourceFiles().flatMap((f) =>
      readFileSync(f, 'utf8').split('\n').flatMap((line, i) => (/\b[Ii]ssues? #?\d+/.test(line) ? [`${f.slice(PACKAGES.length)}:${i + 1}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it('exports no mutable bindings and no test hooks (export let, …ForTests, module-level setters)', () => {
    const hook = /^\s*export\s+(let|var)\b|^\s*export\s+(async\s+)?function\s+(\w+ForTests?|set[A-Z]\w*|reset[A-Z]\w*)\b|\b\w+ForTests?\b/;
    const hits = sourceFiles().flatMap((f) =>
      readFileSync(f, 'utf8').split('\n').flatMap((line, i) => (hook.test(line) ? [`${f.slice(PACKAGES.length)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it(`has no source file over ${FILE_LIMIT} lines`, () => {
    const long = sourceFiles()
      .map((f) => ({ file: f.slice(PACKAGES.length), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > FILE_LIMIT);
    expect(long).toEqual([]);
  });
});
