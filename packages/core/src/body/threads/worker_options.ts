/** The Node options a body worker starts with. */

/**
 * The process's Node options for a worker, without `--input-type` (it applies to code given on the
 * command line, and a worker refuses it); undefined, so that the worker inherits them as Node does
 * (process-wide ones and a module loader included), when there is none.
 */
export function workerExecArgv(): string[] | undefined {
  const args = process.execArgv;
  if (!args.some((a) => a === '--input-type' || a.startsWith('--input-type='))) return undefined;
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--input-type') i++;
    else if (!args[i]!.startsWith('--input-type=')) out.push(args[i]!);
  }
  return out;
}
