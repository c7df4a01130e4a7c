// Issue 12 acceptance: no function in core over ~60 lines. Measured with the TypeScript parser
// over every source file (a function's lines include those of functions nested in it).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;
const LIMIT = 60;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

/** Every function-like node of core's sources with its length in lines, longest first. */
export function functionLengths(): { where: string; lines: number }[] {
  const out: { where: string; lines: number }[] = [];
  for (const file of files(SRC)) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
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
  }
  return out.sort((a, b) => b.lines - a.lines);
}

describe('core source shape', () => {
  it(`has no function over ${LIMIT} lines`, () => {
    const all = functionLengths();
    console.log('longest functions in core:', all.slice(0, 5).map((f) => `${f.where} (${f.lines})`).join(', '));
    expect(all.filter((f) => f.lines > LIMIT)).toEqual([]);
  });
});
