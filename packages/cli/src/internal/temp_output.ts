/**
 * An output file written as `.NAME.envelope-tmp-XXXX` beside its target (mode 0600, created
 * exclusively: never through a link) and renamed over the target only once the whole operation
 * succeeded, so a failed, tampered or interrupted run never leaves a file that looks complete.
 */
import { closeSync, existsSync, fsyncSync, openSync, unlinkSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../exit_codes.js';
import { checkOutput, pathProblem, tempBeside } from '../file_checks.js';

export class TempOutput {
  private readonly target: string;
  private tmp: string | undefined;
  private fdOpen: number | undefined;

  /**
   * @param output as the user gave it (messages name it, never the temporary file)
   * @param durable fsync the file before the rename and its directory after it (a file replaced in
   * place must not come back as the old version, or as nothing, after a crash)
   */
  constructor(private readonly output: string, private readonly durable = false) {
    this.target = path.resolve(output);
  }

  /** Creates the temporary file; returns its descriptor. */
  open(): number {
    const tmp = tempBeside(this.target);
    try {
      this.fdOpen = openSync(tmp, 'wx', 0o600);
    } catch (e) {
      throw new UsageError(`-o ${pathProblem(this.output, e)}`, { cause: e });
    }
    this.tmp = tmp;
    return this.fdOpen;
  }

  /** Closes the temporary file and renames it over the target (refusing one that appeared meanwhile without --force). */
  async commit(force: boolean): Promise<void> {
    if (this.durable && this.fdOpen !== undefined) fsyncSync(this.fdOpen);
    this.close();
    if (existsSync(this.target) && !force) throw new UsageError(`${this.output} appeared meanwhile (use --force to overwrite)`);
    checkOutput(this.output, true); // still a regular file (or gone) at the moment of the rename
    await rename(this.tmp!, this.target);
    this.tmp = undefined;
    if (this.durable) syncDirectory(path.dirname(this.target));
  }

  /** Closes and removes the temporary file, if any (synchronous: also called from a signal handler). */
  discard(): void {
    this.close();
    if (this.tmp === undefined) return;
    try {
      unlinkSync(this.tmp);
    } catch {
      /* already gone */
    }
    this.tmp = undefined;
  }

  private close(): void {
    if (this.fdOpen === undefined) return;
    try {
      closeSync(this.fdOpen);
    } catch {
      /* closed already */
    }
    this.fdOpen = undefined;
  }
}

/** Makes a rename in `dir` durable. */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
