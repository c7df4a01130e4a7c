// The fast-check properties with a modest number of runs (npm run fuzz runs them for a time budget).
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { PROPERTIES } from '../src/properties.js';

const RUNS: Record<keyof typeof PROPERTIES, number> = {
  'buffer round trip': 8,
  'stream round trip': 8,
  'required context': 40,
  'encrypt writes only what decrypt reads': 60,
  'limits at their boundary': 25,
  'arbitrary bytes': 300,
};

describe('properties (fast-check)', () => {
  for (const name of Object.keys(PROPERTIES) as (keyof typeof PROPERTIES)[]) {
    it(name, async () => {
      await fc.assert(PROPERTIES[name] as fc.IAsyncProperty<unknown>, { numRuns: RUNS[name] });
    });
  }
});
