/** Reading a passphrase from the terminal without echoing it. */
import { UsageError } from './exit_codes.js';

/** Whether a passphrase can be asked for: stdin and stderr are a terminal and stdin carries no data. */
export function canPrompt(stdinIsData: boolean): boolean {
  return !stdinIsData && process.stdin.isTTY === true && process.stderr.isTTY === true;
}

/**
 * Asks `question` on stderr and reads one line from the terminal with echo off. Resolves undefined
 * when there is no terminal to ask on; Ctrl-C or Ctrl-D cancel with a UsageError.
 */
export async function readPassphrase(question: string, options: { stdinIsData: boolean }): Promise<string | undefined> {
  if (!canPrompt(options.stdinIsData)) return undefined;
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let line = '';
      const onData = (chunk: Buffer): void => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            stdin.removeListener('data', onData);
            resolve(line);
            return;
          }
          if (ch === '\u0003' || ch === '\u0004') {
            stdin.removeListener('data', onData);
            reject(new UsageError('cancelled'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') line = [...line].slice(0, -1).join('');
          else line += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}
