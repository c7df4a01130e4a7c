// Issue 19 item 5: config.schema.json (published in this package, referenced by "$schema") and the
// config validator accept the same fields. The validator's field lists are read by behaviour: an
// unknown field is refused with "unknown field (expected one of …)", which names every field it
// accepts there. When you add a config field, this test says where the schema needs it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@envelope/core';
import { createRegistry, keyringFromConfig } from '@envelope/registry';

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
  allOf?: { if: { properties: { type: { const: string } } }; then: { $ref: string } }[];
}
const SCHEMA_FILE = fileURLToPath(new URL('../config.schema.json', import.meta.url));
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as SchemaNode;
const defs = schema.$defs!;
const PROBE = '__schemaProbe';
const AES = { type: 'raw-aes', keyNamespace: 'a', keyName: 'b', key: `base64:${Buffer.alloc(32).toString('base64')}` };
/** Objects that take extra fields on purpose (credential objects of the AWS SDK carry `$source`). */
const OPEN = new Set(['the top level.kms.credentials']);
/** Sibling fields a nested object needs before the validator reads it. */
const NEEDS: Record<string, Record<string, unknown>> = { 'aws-kms.discoveryFilter': { discovery: true } };

/** The fields the validator accepts in one object, from its unknown-field error. */
async function acceptedFields(where: string, probe: (obj: Record<string, unknown>) => unknown): Promise<string[]> {
  let error: unknown;
  try {
    await probe({ [PROBE]: 1 });
  } catch (e) {
    error = e;
  }
  const m = error instanceof ConfigError ? /unknown field \(expected one of ([^)]*)\)/.exec(error.message) : null;
  if (!m) throw new Error(`the validator accepted an unknown field in ${where} (${String(error)}): it should refuse unknown fields with ConfigReader.onlyKnown([...]) before reading any`);
  return m[1]!.split(', ');
}

/** Compares one object's fields, then recurses into the nested objects the schema describes. */
async function compare(where: string, node: SchemaNode, schemaPath: string, probe: (obj: Record<string, unknown>) => unknown, problems: string[]): Promise<void> {
  const accepted = await acceptedFields(where, probe);
  const described = Object.keys(node.properties ?? {});
  for (const f of accepted.filter((x) => !described.includes(x))) {
    problems.push(`the validator accepts "${f}" in ${where}, but config.schema.json does not describe it: add it to ${schemaPath}.properties in packages/registry/config.schema.json`);
  }
  for (const f of described.filter((x) => !accepted.includes(x))) {
    problems.push(`config.schema.json describes "${f}" in ${where} (${schemaPath}.properties), but the validator refuses it: remove it from the schema, or accept it in the validator's onlyKnown list`);
  }
  if (node.additionalProperties !== false) problems.push(`${schemaPath} must say "additionalProperties": false (the validator refuses unknown fields)`);
  for (const f of accepted.filter((x) => described.includes(x))) {
    const child = node.properties![f]!;
    if (child.type === 'object' && child.properties && !OPEN.has(`${where}.${f}`)) {
      const needs = NEEDS[`${where}.${f}`] ?? {};
      await compare(`${where}.${f}`, child, `${schemaPath}.properties.${f}`, (obj) => probe({ ...needs, [f]: obj }), problems);
    }
  }
}

describe('config.schema.json', () => {
  it('describes every top-level and kms field the validator accepts, and no other', async () => {
    const problems: string[] = [];
    await compare('the top level', schema, '(root)', (obj) => keyringFromConfig({ keyring: AES, ...obj }), problems);
    expect(problems).toEqual([]);
  });

  it('has a definition for every built-in keyring type, and for no other', () => {
    const types = createRegistry().types();
    const described = schema.$defs!['keyring']!.allOf!.map((c) => c.if.properties.type.const);
    const missing = types.filter((t) => !described.includes(t) || !defs[t]);
    expect(missing, `built-in types without a schema: add $defs.<type> and an allOf entry in $defs.keyring of packages/registry/config.schema.json for ${missing.join(', ')}`).toEqual([]);
    expect(described.filter((t) => !types.includes(t)), 'schema types that createRegistry() does not register').toEqual([]);
    for (const c of schema.$defs!['keyring']!.allOf!) expect(c.then.$ref).toBe(`#/$defs/${c.if.properties.type.const}`);
  });

  it.each(createRegistry().types())('describes every field of "%s" the validator accepts, and no other', async (type) => {
    const provider = createRegistry().get(type)!;
    const node = defs[type];
    expect(node, `no $defs.${type} in packages/registry/config.schema.json`).toBeDefined();
    const problems: string[] = [];
    await compare(type, node!, `$defs.${type}`, (obj) => provider.parse({ type, ...obj }, 'keyring'), problems);
    expect(problems).toEqual([]);
  });

  it('is published by the package and named for "$schema"', () => {
    const manifest = JSON.parse(readFileSync(path.join(path.dirname(SCHEMA_FILE), 'package.json'), 'utf8')) as { files: string[]; exports: Record<string, unknown> };
    expect(manifest.files).toContain('config.schema.json');
    expect(manifest.exports['./config.schema.json']).toBe('./config.schema.json');
    expect((schema as { $id?: string }).$id).toBe('https://unpkg.com/@envelope/registry/config.schema.json');
  });

  it('accepts every config shown in the docs and examples, and refuses what the validator refuses', () => {
    const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
    const root = path.resolve(path.dirname(SCHEMA_FILE), '..', '..');
    const docs = ['README.md', 'docs/guide.md', ...['registry', 'keyring-kms', 'keyring-raw-rsa', 'keyring-raw-aes', 'keyring-multi', 'keyring-threshold', 'keyring-hierarchy', 'cli'].map((p) => `packages/${p}/README.md`)];
    const shown: { where: string; config: unknown }[] = [];
    for (const file of docs) {
      const text = readFileSync(path.join(root, file), { encoding: 'utf8', flag: 'r' });
      for (const m of text.matchAll(/```json\n([\s\S]*?)```/g)) {
        let config: unknown;
        try {
          config = JSON.parse(m[1]!);
        } catch {
          continue; // fragments, not whole files
        }
        if (config && typeof config === 'object' && 'keyring' in config) shown.push({ where: file, config });
      }
    }
    shown.push({ where: 'examples/custom-provider/config.json', config: JSON.parse(readFileSync(path.join(root, 'examples/custom-provider/config.json'), 'utf8')) });
    expect(shown.length).toBeGreaterThanOrEqual(4);
    for (const { where, config } of shown) expect(validate(config) ? [] : validate.errors, `${where}: ${JSON.stringify(config)}`).toEqual([]);

    const rsa = { type: 'raw-rsa', keyNamespace: 'e', keyName: 'n', padding: 'oaep-sha256', publicKey: 'e.pub.pem' };
    const refused: unknown[] = [
      { keyring: AES, unknown: 1 },
      { keyring: { ...rsa, padding: 'oaep-md5' } },
      { keyring: { ...rsa, publicKey: undefined } },
      { keyring: { ...rsa, allowPkcs1Decrypt: 'yes' } },
      { keyring: { type: 'aws-kms', keyId: 'alias/app', regions: [] } },
      { keyring: { type: 'aws-kms', generatorKeyId: 'alias/app', minKeys: 0 } },
      { keyring: { type: 'threshold', keyNamespace: 'b', keyName: 'k', threshold: 1, custodians: [rsa, rsa] } },
      { keyring: { type: 'multi', children: [{ ...rsa, keyName: '' }] } },
      { keyring: AES, cache: { maxAgeSeconds: 0 } },
      { keyring: AES, requiredEncryptionContextKeys: ['aws-crypto-public-key'] },
      { keyring: AES, kms: { timeoutMs: 0 } },
    ].map((c) => JSON.parse(JSON.stringify(c)));
    for (const config of refused) expect(validate(config), JSON.stringify(config)).toBe(false);
  });
});
