// `openssl speed` in the bench's own run: what this CPU does for the same work with nothing of Node,
// the reference the stream rows are a fraction of. `-aead` counts the set-up of each operation (one
// IV, one AAD, one tag per message), as a frame needs. `-elapsed`: divided by wall-clock time, as
// every other figure of the bench is (by default openssl divides by its user CPU time, which on a
// machine shared with other work is no like-for-like reference for a wall-clock figure); with
// `elapsed` false, openssl's own user-CPU-time figure (to set beside a stream's MB per CPU second).
// Results in MB/s (10^6 bytes per second), or undefined when the openssl command is missing.
import { execFileSync } from 'node:child_process';

function speed(args, elapsed) {
  try {
    const out = execFileSync('openssl', ['speed', ...(elapsed ? ['-elapsed'] : []), '-mr', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    // Machine-readable: "+F:<n>:<name>:<bytes per second>" for the one size asked for.
    const line = out.split('\n').find((l) => l.startsWith('+F:'));
    return line ? Number(line.split(':').pop()) / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** `openssl speed -elapsed -aead -evp aes-256-gcm -bytes N`: one AEAD operation per N-byte message. */
export const opensslAeadGcm = (bytes, seconds = 2, elapsed = true) => speed(['-aead', '-evp', 'aes-256-gcm', '-bytes', String(bytes), '-seconds', String(seconds)], elapsed);

/** `openssl speed -elapsed -evp sha384 -bytes 16384`. */
export const opensslSha384 = (seconds = 2, elapsed = true) => speed(['-evp', 'sha384', '-bytes', '16384', '-seconds', String(seconds)], elapsed);

/** `openssl version`, for the report. */
export function opensslVersion() {
  try {
    return execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'openssl: not found';
  }
}
