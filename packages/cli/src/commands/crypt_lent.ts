/**
 * `encrypt` and `decrypt` from a regular file into a regular file through the core's lending
 * writer and reader (io.ts runLent): no Transform, nothing allocated per frame with the native
 * backend. Stdin, stdout and armor keep the streams (crypt.ts).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { cryptoBackend, messageReader, parseHeader, startMessageWriter, type DecryptOptions, type EncryptOptions, type Keyring, type MaterialsManager, type MessageHeader } from '@envelope/core';
import { runLent } from '../io.js';
import { isStd } from '../file_checks.js';
import { skippedKey, type SkippedKey } from '../skipped_keys.js';

/** Where a lent run reads and writes, and what its progress bar says. */
export interface LentEnds {
  readonly input: string;
  readonly output: string;
  readonly force: boolean;
  readonly label: string;
}

/** Whether `input` and `output` are files (not stdin/stdout), which the lending path serves. */
export function filesBothWays(input: string | undefined, output: string | undefined): boolean {
  return !isStd(input) && !isStd(output);
}

/** Node:crypto allocates per frame even when lending: keep the forced scavenges then. */
const scavenge = (): boolean => cryptoBackend.name !== 'native';

/** Encrypts `ends.input` into `ends.output`; resolves with the header and the keys skipped. */
export async function encryptLent(keyring: Keyring | MaterialsManager, options: EncryptOptions, ends: LentEnds): Promise<{ header: MessageHeader; skipped: SkippedKey[] }> {
  const w = await startMessageWriter(keyring, options);
  try {
    await runLent({ ...ends, codec: w, first: w.headerBytes, scavenge: scavenge() });
  } finally {
    w.close();
  }
  return { header: w.header, skipped: w.skippedKeys.map(skippedKey) };
}

/** Decrypts `ends.input` into `ends.output`; resolves with the reader (header, key that opened it). */
export async function decryptLent(keyring: Keyring | MaterialsManager, options: DecryptOptions, ends: LentEnds): Promise<ReturnType<typeof messageReader>> {
  const r = messageReader(keyring, options);
  try {
    await runLent({ ...ends, codec: r, scavenge: scavenge() });
  } finally {
    r.close();
  }
  return r;
}

/** The header at the start of `file`, if it is there whole within its first MiB (to explain a failure). */
export function headerOfFile(file: string): MessageHeader | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const b = Buffer.alloc(1024 * 1024);
    return parseHeader(b.subarray(0, readSync(fd, b, 0, b.length, 0)))?.header;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
