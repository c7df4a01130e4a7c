// No CLI source file over 300 lines and no function over 60 (DESIGN.md § Conventions). Measured
// with the TypeScript parser; a function's lines include those of functions nested in it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

function functionLengths(file: string): { where: string; lines: number }[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: { where: string; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = (node as ts.FunctionLikeDeclaration).name?.getText(sf) ?? '(anonymous)';
      out.push({ where: `${file.slice(SRC.length)}:${start + 1} ${name}`, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('CLI source shape', () => {
  it('has no function over 60 lines and no file over 300', () => {
    const all = files(SRC);
    expect(all.flatMap(functionLengths).filter((f) => f.lines > 60)).toEqual([]);
    expect(all.map((f) => ({ file: f.slice(SRC.length), lines: readFileSync(f, 'utf8').split('\n').length - 1 })).filter((f) => f.lines > 300)).toEqual([]);
  });
});
