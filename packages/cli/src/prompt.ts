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
// What was typed after the end of one answer (a fast typist, a paste) belongs to the next prompt.
let typedAhead = '';

export async function readPassphrase(question: string, options: { stdinIsData: boolean }): Promise<string | undefined> {
  if (!canPrompt(options.stdinIsData)) return undefined;
  const stdin = process.stdin;
  stdin.setRawMode(true); // echo off before the question shows, so no early keystroke is echoed
  process.stderr.write(question);
  try {
    return await new Promise<string>((resolve, reject) => {
      let line = '';
      const take = (text: string): boolean => {
        const chars = [...text];
        for (let i = 0; i < chars.length; i++) {
          const ch = chars[i]!;
          if (ch === '\r' || ch === '\n') {
            // A CR LF pair ends one answer, not two.
            typedAhead = chars.slice(ch === '\r' && chars[i + 1] === '\n' ? i + 2 : i + 1).join('');
            resolve(line);
            return true;
          }
          if (ch === '\u0003' || ch === '\u0004') {
            typedAhead = '';
            reject(new UsageError('cancelled'));
            return true;
          }
          if (ch === '\u007f' || ch === '\b') line = [...line].slice(0, -1).join('');
          else line += ch;
        }
        return false;
      };
      const pending = typedAhead;
      typedAhead = '';
      if (take(pending)) return;
      const onData = (chunk: Buffer): void => {
        if (take(chunk.toString('utf8'))) stdin.removeListener('data', onData);
      };
      stdin.on('data', onData);
      stdin.resume();
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}
