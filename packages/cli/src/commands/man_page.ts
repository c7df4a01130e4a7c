/** `envelope man`: the man page (roff, section 1), from the same definitions as `--help`. */
import type { Command, Option } from 'commander';
import { describeCommands } from './completion.js';

/** Text made safe for roff: backslashes, hyphens, and a leading dot or quote. */
const roff = (s: string): string => s.replace(/\\/g, '\\e').replace(/-/g, '\\-').replace(/^([.'])/gm, '\\&$1');

function optionItem(o: Option): string {
  const flags = [o.short, o.long].filter(Boolean).map((f) => `\\fB${roff(f!)}\\fR`).join(', ');
  const value = o.flags.match(/[<[][^>\]]+[>\]]/)?.[0];
  return `.TP\n${flags}${value ? ` \\fI${roff(value.slice(1, -1))}\\fR` : ''}\n${roff(o.description)}${o.defaultValue !== undefined && typeof o.defaultValue !== 'boolean' ? ` (default ${roff(String(o.defaultValue))})` : ''}`;
}

/** The man page of `program` at `version`; `after` is the examples and exit codes of `--help`. */
export function manPage(program: Command, version: string, after: string): string {
  const sections = describeCommands(program).map((c) => [`.SS ${roff(c.name)}`, roff(c.description), ...c.options.map(optionItem)].join('\n'));
  const examples = after
    .split('\n')
    .filter((l) => l.startsWith('  envelope') || l.startsWith('  ENVELOPE'))
    .map((l) => roff(l.trim()));
  const exit = after.split('\n').find((l) => l.startsWith('Exit codes:')) ?? '';
  return [
    `.TH ENVELOPE 1 "" "envelope ${roff(version)}" "User Commands"`,
    '.SH NAME',
    `envelope \\- ${roff(program.description().split('\n')[0]!)}`,
    '.SH SYNOPSIS',
    '\\fBenvelope\\fR [\\fB\\-v\\fR] \\fIcommand\\fR [\\fIoptions\\fR]',
    '.SH DESCRIPTION',
    roff(program.description()),
    '.SH COMMANDS',
    ...sections,
    '.SH EXAMPLES',
    '.nf',
    ...examples,
    '.fi',
    '.SH EXIT STATUS',
    roff(exit.replace(/^Exit codes:\s*/, '')),
    '.SH SEE ALSO',
    'age(1), the AWS Encryption SDK CLI, and the Envelope guide (docs/guide.md).',
    '',
  ].join('\n');
}
