/**
 * The file `rewrap --in-place` replaces. A symlink is followed: its target is rewritten (temporary
 * file and rename in the target's directory) and the link stays a link; replacing the link itself
 * would leave the target, the version an attacker needs beside the new one, where it was. A file
 * with other hard links is refused for the same reason: the old version would survive under them.
 */
import { realpathSync, statSync } from 'node:fs';
import { UsageError } from './exit_codes.js';
import { pathProblem } from './file_checks.js';

export function inPlaceTarget(file: string): string {
  let target: string;
  try {
    target = realpathSync(file);
  } catch (e) {
    throw new UsageError(`--in-place ${pathProblem(file, e)}`, { cause: e });
  }
  const st = statSync(target);
  if (!st.isFile()) throw new UsageError(`--in-place ${file} is not a regular file`);
  if (st.nlink > 1) {
    throw new UsageError(`--in-place ${file} has ${st.nlink - 1} other hard link(s): the old version would stay readable under them; refusing (rewrap it to a new file with -o, then replace every link)`);
  }
  return target;
}
