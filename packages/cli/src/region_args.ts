/** `--regions`: region names checked against keyring-kms's table (a module of its own: it loads the KMS package). */
import { regionNameProblem } from '@envelope/client';
import { UsageError } from './exit_codes.js';

/** `--regions us-east-1,eu-west-1` → the list; every entry must look like an AWS region. */
export function parseRegions(s: string | undefined, flag = '--regions'): string[] | undefined {
  if (s === undefined) return undefined;
  const regions = s.split(',').map((r) => r.trim()).filter(Boolean);
  if (regions.length === 0) throw new UsageError(`${flag} expects a comma-separated list of AWS regions`);
  for (const r of regions) {
    const problem = regionNameProblem(r);
    if (problem) throw new UsageError(`${flag}: ${problem}`);
  }
  if (new Set(regions).size !== regions.length) throw new UsageError(`${flag} names a region twice`);
  return regions;
}
