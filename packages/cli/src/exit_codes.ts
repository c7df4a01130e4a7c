import { ConfigError, EnvelopeError, NoKeyDecryptedError } from '@envelope/client';

/** Exit codes of DESIGN.md § CLI. */
export const EXIT = { ok: 0, data: 1, usage: 2, noKey: 3 } as const;

/** A usage problem found by the CLI itself (bad flag value, existing output without --force). */
export class UsageError extends Error {}

/** The exit code for an error. */
export function exitCodeOf(e: unknown): number {
  if (e instanceof NoKeyDecryptedError) return EXIT.noKey;
  if (e instanceof ConfigError || e instanceof UsageError) return EXIT.usage;
  if (e instanceof EnvelopeError) return EXIT.data;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'EEXIST') return EXIT.usage;
  return EXIT.data;
}
