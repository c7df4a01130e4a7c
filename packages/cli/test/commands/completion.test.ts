// Issue 29 item 14: shell completion (bash, zsh, fish) and a man page, generated from the same
// definitions as --help: every command and every option of the help is in each.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { workspace } from '../helpers.js';

const { run, write, dir } = workspace('completion');
const help = (cmd: string): string => run([cmd, '--help']).stdout.toString();
const longOptions = (text: string): string[] => [...new Set([...text.matchAll(/\s(--[a-z][a-z-]*)/g)].map((m) => m[1]!))].filter((o) => o !== '--help');
const COMMANDS = ['encrypt', 'decrypt', 'rewrap', 'inspect', 'keygen'];

describe('envelope completion', () => {
  it.each(['bash', 'zsh', 'fish'])('%s: every command, and every option of encrypt and decrypt --help', (shell) => {
    const r = run(['completion', shell]);
    expect(r.status).toBe(0);
    const script = r.stdout.toString();
    for (const c of COMMANDS) expect(script, c).toContain(c);
    for (const cmd of ['encrypt', 'decrypt']) {
      const flags = longOptions(help(cmd));
      expect(flags).toContain('--armor');
      for (const o of flags) expect(script, `${shell} ${cmd} ${o}`).toMatch(shell === 'fish' ? new RegExp(`-l ${o.slice(2)}\\b`) : new RegExp(`${o}\\b`));
    }
  });
  it('bash: the script parses and completes an option and a command', () => {
    write('completion.bash', run(['completion', 'bash']).stdout);
    const probe = (words: string): string =>
      spawnSync('bash', ['-c', `source completion.bash; COMP_WORDS=(${words}); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); _envelope; echo "\${COMPREPLY[*]}"`], { cwd: dir, encoding: 'utf8' }).stdout.trim();
    expect(probe('envelope encrypt --ar')).toBe('--armor');
    expect(probe('envelope dec')).toBe('decrypt');
  });
  it('an unknown shell is a usage error', () => {
    expect(run(['completion', 'tcsh']).status).toBe(2);
  });
});

describe('envelope man', () => {
  it('a roff page with every command, every option of the help, the examples and the exit codes', () => {
    const r = run(['man']);
    expect(r.status).toBe(0);
    const page = r.stdout.toString();
    expect(page).toMatch(/^\.TH ENVELOPE 1 /);
    const unroff = page.replaceAll('\\-', '-');
    for (const c of COMMANDS) expect(page).toContain(`.SS ${c}`);
    for (const cmd of COMMANDS) for (const o of longOptions(help(cmd))) expect(unroff, `${cmd} ${o}`).toContain(o);
    expect(unroff).toContain('envelope encrypt -r escrow.pub.pem -i data.bin -o data.bin.envelope');
    expect(unroff).toMatch(/\.SH EXIT STATUS\n0 ok, 1 crypto or data error, 2 usage or config error, 3 no key could decrypt\./);
    // Rendered by man/groff where they are installed: no warnings.
    const groff = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z'], { input: page, encoding: 'utf8' });
    if (groff.status !== null && !groff.error) expect(groff.stderr).toBe('');
  });
});
