// The threads `encrypt` and `decrypt` use without --jobs (context_args.ts): a second one for a
// signed suite's hash where the native addon hashes on a thread of its own and a core is there for
// it, else one; --jobs 1 keeps one thread whatever the backend.
import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { cryptoBackend } from '@envelope/core';
import { defaultJobs, parseJobs } from '../src/context_args.js';

describe('the default of --jobs', () => {
  it('2 with the addon’s hash thread and a second core, else 1', () => {
    expect(defaultJobs(2, true)).toBe(2);
    expect(defaultJobs(64, true)).toBe(2);
    expect(defaultJobs(1, true)).toBe(1);
    expect(defaultJobs(2, false)).toBe(1);
    expect(defaultJobs(64, false)).toBe(1);
  });

  it('the backend in use and this machine decide when --jobs is not given; --jobs 1 is one thread', () => {
    const hashThread = cryptoBackend.signerOnThread !== undefined;
    expect(hashThread).toBe(cryptoBackend.name === 'native');
    expect(parseJobs(undefined, undefined)).toBe(hashThread && availableParallelism() >= 2 ? 2 : 1);
    expect(parseJobs('1', undefined)).toBe(1);
    expect(parseJobs('auto', '-')).toBe(1);
  });
});
