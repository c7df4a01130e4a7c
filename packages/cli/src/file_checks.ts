/**
 * The checks made on input and output paths before any work starts (no key is asked for, no KMS
 * call made, while a path is wrong), with messages that name the path the user gave.
 */
import { randomBytes } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UsageError } from './exit_codes.js';

/** `-`, or no path at all: stdin / stdout. */
export const isStd = (p: string | undefined): boolean => p === undefined || p === '-';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
};

/** A sentence for an operating-system error on `p`, without the system call's own wording. */
export function pathProblem(p: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  return `${p}: ${REASONS[code] ?? (e as Error)?.message ?? String(e)}`;
}

function statOf(p: string, flag: string): Stats {
  try {
    return statSync(p);
  } catch (e) {
    throw new UsageError(`${flag} ${pathProblem(p, e)}`, { cause: e });
  }
}

/** The input must be a regular file (or stdin); returns its size. */
export function checkInput(p: string | undefined): number | undefined {
  if (isStd(p)) return undefined;
  const st = statOf(p!, '-i');
  if (st.isDirectory()) throw new UsageError(`-i ${p} is a directory (give its files, or use --suffix with several inputs)`);
  if (!st.isFile()) throw new UsageError(`-i ${p} is not a regular file`);
  return st.size;
}

/**
 * Refuses, before any work starts, to overwrite an existing output without --force, to write into
 * a directory that does not exist, and to replace anything but a regular file even with --force:
 * renaming over a device or a FIFO would turn it into a file holding the output.
 */
export function checkOutput(p: string | undefined, force: boolean): void {
  if (isStd(p)) return;
  let st: Stats | undefined;
  try {
    st = statSync(p!);
  } catch {
    st = undefined; // does not exist (or a dangling link, which the rename replaces)
  }
  if (st === undefined) {
    const dir = path.dirname(path.resolve(p!));
    const d = statOf(dir, `-o ${p}: directory`);
    if (!d.isDirectory()) throw new UsageError(`-o ${p}: ${dir} is not a directory`);
    return;
  }
  if (!st.isFile()) throw new UsageError(`${p} exists and is not a regular file; refusing to replace it${st.isCharacterDevice() || st.isFIFO() ? ' (use -o - and a shell redirection to write to a device or a pipe)' : ''}`);
  if (!force) throw new UsageError(`${p} exists (use --force to overwrite)`);
}

/** A fresh temporary name beside `target`, in the same directory so that rename is atomic. */
export function tempBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.envelope-tmp-${randomBytes(4).toString('hex')}`);
}
