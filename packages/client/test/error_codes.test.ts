// The error codes an application sees through @envelope/client: core's, plus the codes each keyring
// package declares (keyring-kms: KMS_REQUEST_FAILED), in one union that `switch (e.code)` narrows.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as client from '@envelope/client';

describe('@envelope/client error family', () => {
  it('every exported error class extends EnvelopeError and has a code of its own', () => {
    const classes = Object.entries(client).filter(
      (e): e is [string, new (...args: never[]) => Error] => typeof e[1] === 'function' && e[1].prototype instanceof client.EnvelopeError,
    );
    const codes = new Map<string, string>();
    for (const [name, C] of classes) {
      const e = new (C as unknown as new (...a: unknown[]) => client.EnvelopeError)('x', [], [], 'r');
      expect(e.name).toBe(name);
      if (codes.has(e.code) && !(e instanceof client.KeyringError)) expect.fail(`${name} shares its code with ${codes.get(e.code)}`);
      if (!codes.has(e.code)) codes.set(e.code, name);
    }
    expect(codes.get('KMS_REQUEST_FAILED')).toBe('KmsRequestError');
    expect(client.isEnvelopeError(new client.KmsRequestError('x'))).toBe(true);
  });

  it('switch (e.code) on AnyEnvelopeError narrows to the class of every code, the KMS one included (type-checked with tsc)', () => {
    const root = resolve(__dirname, '../../..');
    const out = execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', resolve(__dirname, 'types/tsconfig.json')], { encoding: 'utf8' });
    expect(out).toBe('');
  }, 120_000);
});
