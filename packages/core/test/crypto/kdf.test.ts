import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SUITE_IDS, findSuite, suiteLabel } from '@envelope/core';
import { deriveMessageKeys } from '../../src/crypto/kdf.js';

describe('message key derivation', () => {
  afterEach(() => vi.restoreAllMocks());

  // Issue 14 item 8: identity suites used to keep an unwiped Buffer.from copy of the data key.
  it.each(SUITE_IDS.map((id) => [suiteLabel(id), id]))('suite %s leaves no unwiped copy of the data key behind', (_l, id) => {
    const suite = findSuite(id)!;
    const dataKey = randomBytes(suite.keyLength);
    const made: Buffer[] = [];
    const from = Buffer.from.bind(Buffer) as (...a: unknown[]) => Buffer;
    vi.spyOn(Buffer, 'from').mockImplementation(((...a: unknown[]) => {
      const b = from(...a);
      made.push(b);
      return b;
    }) as typeof Buffer.from);
    const { key } = deriveMessageKeys(suite, dataKey, randomBytes(suite.messageIdLength));
    vi.restoreAllMocks();
    const exported = key.export();
    for (const b of made) {
      expect(b.includes(dataKey), 'a copy of the data key').toBe(false);
      expect(b.includes(exported), 'a copy of the message key').toBe(false);
    }
    if (suite.kdfHash === null) expect(exported.equals(dataKey)).toBe(true);
    else expect(exported.equals(dataKey)).toBe(false);
  });
});
