// Issue 14 item 12: config JSON syntax errors give a line and column, never the text around them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@envelope/core';
import { keyringFromConfig } from '@envelope/registry';
import { jsonErrorPosition } from '../../src/internal/json_error_position.js';

describe('jsonErrorPosition', () => {
  it.each([
    ['{"a": 1 x}', 1, 9],
    ['{\n  "a": tru\n}', 2, 8],
    ['[1, 2,]', 1, 7],
    ['{"a": "b\u0001"}', 1, 9],
    ['{"a": "\\q"}', 1, 9],
    ['{"a": 01}', 1, 8],
    ['{"a": 1}\n\n  }', 3, 3],
    ['{"a": "unterminated', 1, 20],
    ['', 1, 1],
  ])('%j → line %i column %i', (text, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorPosition(text)).toEqual({ line, column });
  });
  it('finds nothing wrong in valid JSON', () => {
    expect(jsonErrorPosition('\ufeff{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"], "b": {}}')).toBeUndefined();
  });
});

describe('keyringFromConfig with a config that is not JSON', () => {
  it('reports line and column and quotes none of the text (it may be a secret)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'registry-json-'));
    const file = path.join(dir, 'c.json');
    // The kind of error whose JSON.parse message quotes the neighbouring text (Node 22+).
    writeFileSync(file, '{\n  "keyring": { "type": "raw-aes", "key": "base64:SECRETSECRETSECRET" x }\n}');
    const err = await keyringFromConfig(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('line 2, column 70');
    expect((err as Error).message).not.toMatch(/SECRET|base64|"x"/);
    expect((err as Error).cause).toBeUndefined();
    writeFileSync(file, '{"keyring": {"type": "raw-aes", "key": "base64:SECRETSECRET"}, }');
    const err2 = await keyringFromConfig(file).catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/line 1, column 64/);
    expect((err2 as Error).message).not.toMatch(/SECRET/);
  });
});
