// kms-local's sources keep the project's shape: no file over 300 lines, no function over 60
// (measured with the TypeScript parser; a function's lines include those nested in it).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

describe('kms-local source shape', () => {
  it('has no source file over 300 lines and no function over 60', () => {
    const long: string[] = [];
    for (const file of files(SRC)) {
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n').length;
      if (lines > 300) long.push(`${file.slice(SRC.length)} (${lines} lines)`);
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
          const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
          if (end - start + 1 > 60) long.push(`${file.slice(SRC.length)}:${start + 1} (${end - start + 1} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(long).toEqual([]);
  });

  it('holds no module-level mutable state (no top-level let, no export let)', () => {
    const found = files(SRC).filter((f) => /^(export )?let /m.test(readFileSync(f, 'utf8'))).map((f) => f.slice(SRC.length));
    expect(found).toEqual([]);
  });
});
