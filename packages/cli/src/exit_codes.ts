import { ConfigError, EnvelopeError, KeyringError, NoKeyDecryptedError, type KeyAttempt } from '@envelope/core';

/** Exit codes of DESIGN.md § CLI. */
export const EXIT = { ok: 0, data: 1, usage: 2, noKey: 3 } as const;

/** A usage problem found by the CLI itself (bad flag value, existing output without --force). */
export class UsageError extends Error {}

/** The reader of stdout went away (`… | head -c 10`): not an error; the command ends quietly. */
export class OutputClosed extends Error {
  constructor() {
    super('output closed by its reader');
  }
}

/** Errors of the operating system that mean the command was given a bad path, not bad data. */
const USAGE_ERRNOS = new Set(['ENOENT', 'EACCES', 'EISDIR', 'EEXIST', 'ENOTDIR', 'ELOOP', 'EPERM']);

/** True if `e` or anything in its `cause` chain is a config or usage error. */
function configCaused(e: unknown, depth = 0): boolean {
  if (e instanceof ConfigError || e instanceof UsageError) return true;
  if (depth > 8 || !(e instanceof Error)) return false;
  return configCaused(e.cause, depth + 1);
}

/** keyring-kms's KmsRequestError, known by its code (the KMS packages load only when a command uses KMS). */
function isKmsRequestError(e: unknown): e is EnvelopeError {
  return e instanceof EnvelopeError && (e.code as string) === 'KMS_REQUEST_FAILED';
}

/**
 * True when every key that was tried failed because its KMS call could not even be made with this
 * config (a region without an endpoint). A keyring that declines for lack of a private key (an
 * encrypt-only escrow, an absent custodian) is "no key", not a config error.
 */
function allAttemptsConfig(attempts: readonly KeyAttempt[]): boolean {
  return attempts.length > 0 && attempts.every((a) => isKmsRequestError(a.error) && configCaused(a.error.cause));
}

/**
 * The exit code for an error. A KMS call that failed because of the configuration (a region with
 * no endpoint) is a config error however deep the ConfigError sits.
 */
export function exitCodeOf(e: unknown): number {
  if (e instanceof OutputClosed) return EXIT.ok;
  if (e instanceof NoKeyDecryptedError) return allAttemptsConfig(e.attempts) ? EXIT.usage : EXIT.noKey;
  if (e instanceof KeyringError && allAttemptsConfig(e.attempts)) return EXIT.usage;
  if (configCaused(e)) return EXIT.usage;
  if (e instanceof EnvelopeError) return EXIT.data;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code !== undefined && USAGE_ERRNOS.has(code)) return EXIT.usage;
  return EXIT.data;
}
