import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as core from '@envelope/core';
import { EnvelopeError, type EnvelopeErrorCode } from '@envelope/core';

const errorClasses = Object.entries(core).filter(
  (e): e is [string, new (...args: never[]) => Error] => typeof e[1] === 'function' && e[1].prototype instanceof Error,
);

describe('error family', () => {
  it('every exported error class extends EnvelopeError and has a code of its own', () => {
    expect(errorClasses.length).toBeGreaterThan(10);
    const codes = new Map<string, string>();
    for (const [name, C] of errorClasses) {
      if (C === (EnvelopeError as unknown)) continue;
      expect(C.prototype, name).toBeInstanceOf(EnvelopeError);
      const e = new (C as unknown as new () => EnvelopeError)();
      expect(e.name).toBe(name);
      expect(typeof e.code).toBe('string');
      expect(codes.get(e.code), `${name} shares its code with ${codes.get(e.code)}`).toBeUndefined();
      codes.set(e.code, name);
    }
    // AnyEnvelopeError lists each of them (the type-level file below switches over every code).
    const listed: EnvelopeErrorCode[] = ['MALFORMED_MESSAGE', 'TRUNCATED_MESSAGE', 'UNSUPPORTED_SUITE', 'AUTHENTICATION_FAILED', 'COMMITMENT_MISMATCH', 'SIGNATURE_INVALID', 'COMMITMENT_POLICY', 'ENCRYPTION_CONTEXT', 'LIMIT_EXCEEDED', 'NO_KEY_DECRYPTED', 'KEYRING_FAILED', 'CONFIG', 'INVALID_ARGUMENT', 'ABORTED'];
    expect([...codes.keys()].sort()).toEqual([...listed].sort());
  });

  it('switch (e.code) narrows AnyEnvelopeError to the class of the code (type-checked with tsc)', () => {
    const root = resolve(__dirname, '../../..');
    const tsconfig = resolve(__dirname, 'types/tsconfig.json');
    // tsc exits non-zero (and the test fails) if a case does not narrow or the @ts-expect-error is unused.
    const out = execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { encoding: 'utf8' });
    expect(out).toBe('');
  }, 60_000);

  it('isEnvelopeError tells Envelope errors from foreign ones', () => {
    expect(core.isEnvelopeError(new core.ConfigError('x'))).toBe(true);
    expect(core.isEnvelopeError(new TypeError('x'))).toBe(false);
    expect(core.isEnvelopeError('x')).toBe(false);
  });
});
