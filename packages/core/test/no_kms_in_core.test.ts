// DESIGN.md § Conventions: core speaks of keys, materials and availability; KMS words live in
// keyring-kms. No identifier of core's sources names KMS (comments and strings such as the format's
// `aws-kms` provider id are not identifiers). Read with the TypeScript scanner.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

function identifiers(file: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, readFileSync(file, 'utf8'));
  const out: string[] = [];
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
    if (t === ts.SyntaxKind.Identifier) out.push(scanner.getTokenText());
  }
  return out;
}

describe('core knows no KMS', () => {
  it('has no Kms* / KMS_* identifier in src/', () => {
    const hits = files(SRC).flatMap((f) => identifiers(f).filter((id) => /Kms|KMS_/.test(id)).map((id) => `${f.slice(SRC.length)}: ${id}`));
    expect(hits).toEqual([]);
  });
});
