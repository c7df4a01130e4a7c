import { UsageError } from './exit_codes.js';

/** Collects repeated `-c key=value` flags. */
export function collectPair(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `['a=b', 'c=d=e']` → `{ a: 'b', c: 'd=e' }`. */
export function contextFrom(pairs: readonly string[] | undefined): Record<string, string> {
  const ec: Record<string, string> = {};
  for (const p of pairs ?? []) {
    const i = p.indexOf('=');
    if (i <= 0) throw new UsageError(`-c expects key=value, got ${JSON.stringify(p)}`);
    ec[p.slice(0, i)] = p.slice(i + 1);
  }
  return ec;
}

/** `0x0478`, `1144` → 0x0478. */
export function parseSuite(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = /^0x[0-9a-f]+$/i.test(s) ? parseInt(s, 16) : Number(s);
  if (!Number.isInteger(n)) throw new UsageError(`--suite expects an id such as 0x0478, got ${JSON.stringify(s)}`);
  return n;
}

export function parseFrameLength(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new UsageError(`--frame-length expects an integer from 0 (non-framed) to 4294967295, got ${JSON.stringify(s)}`);
  return n;
}
