/**
 * Writes a state file so that a crash mid-write leaves the previous file whole: the text goes to a
 * fresh temp file beside it, created exclusively (O_EXCL, unpredictable name, mode 0600, so a
 * planted link is never followed and the file is never shared), then renamed into place.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, text);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, file);
}
