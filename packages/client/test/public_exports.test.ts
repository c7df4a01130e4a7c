// @envelope/client must keep every public name it has exported: a name may move between the
// packages it re-exports, but removing one breaks its users. public_exports.json is the committed
// list (runtime values from the module itself, type-only names read from index.ts with the
// TypeScript parser); a new name is added to it on purpose.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as client from '@envelope/client';

const committed = JSON.parse(readFileSync(new URL('./fixtures/public_exports.json', import.meta.url), 'utf8')) as { values: string[]; types: string[] };

/** The names index.ts exports with `export type { … }` (or `export { type X }`). */
function typeExports(): string[] {
  const file = new URL('../src/index.ts', import.meta.url).pathname;
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  for (const st of sf.statements) {
    if (!ts.isExportDeclaration(st) || !st.exportClause || !ts.isNamedExports(st.exportClause)) continue;
    for (const el of st.exportClause.elements) if (st.isTypeOnly || el.isTypeOnly) names.push(el.name.text);
  }
  return names.sort();
}

describe('@envelope/client public names', () => {
  it('still exports every runtime name of the committed list', () => {
    const now = new Set(Object.keys(client));
    expect(committed.values.filter((n) => !now.has(n))).toEqual([]);
    // And each is defined (a re-export of a name its package dropped would be undefined).
    expect(committed.values.filter((n) => (client as Record<string, unknown>)[n] === undefined)).toEqual([]);
  });

  it('still exports every type name of the committed list', () => {
    const now = new Set([...typeExports(), ...Object.keys(client)]);
    expect(committed.types.filter((n) => !now.has(n))).toEqual([]);
  });
});
