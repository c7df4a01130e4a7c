/** `--verbose`: one line per KMS call on stderr, from Envelope's in-process listener (no OpenTelemetry SDK needed). */
import { onKmsCall, type KmsCallRecord } from '@envelope/client';
import { printSafe } from './terminal_text.js';

/** The line printed for one call: service, method, region, key, outcome (error type), duration. */
export function kmsCallLine(r: KmsCallRecord): string {
  const key = r.keyId !== undefined ? ` ${r.keyId}` : '';
  const error = r.errorType !== undefined ? ` (${r.errorType})` : '';
  return printSafe(`envelope: ${r.service} ${r.method} ${r.region}${key} ${r.outcome}${error} ${Math.round(r.durationMs)} ms`);
}

/** Starts printing every KMS call to `write` (stderr); returns the function that stops it. */
export function printKmsCalls(write: (line: string) => void = (line) => process.stderr.write(line)): () => void {
  return onKmsCall((r) => write(`${kmsCallLine(r)}\n`));
}
