/**
 * `envelope completion bash|zsh|fish` and `envelope man`: shell completion scripts and a man page,
 * generated from the same commander definitions as `--help`, so they list exactly its commands and
 * options.
 */
import type { Command, Option } from 'commander';
import { UsageError } from '../exit_codes.js';

interface Described {
  readonly name: string;
  readonly description: string;
  readonly options: readonly Option[];
}

/** The commands of `program` (help and kms-local's pass-through excepted), each with its visible options. */
export function describeCommands(program: Command): Described[] {
  return program.commands
    .filter((c) => c.name() !== 'help')
    .map((c) => ({ name: c.name(), description: c.description().split('\n')[0]!, options: c.options.filter((o) => !o.hidden) }));
}

const takesValue = (o: Option): boolean => o.required || o.optional;

function bash(cmds: readonly Described[]): string {
  const cases = cmds.map((c) => `    ${c.name}) opts="${c.options.flatMap((o) => [o.short, o.long]).filter(Boolean).join(' ')} --help" ;;`).join('\n');
  return `# bash completion for envelope: source it, or save it as /etc/bash_completion.d/envelope
_envelope() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" opts=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${cmds.map((c) => c.name).join(' ')} --help --version --verbose" -- "$cur") )
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=( $(compgen -W "$opts" -- "$cur") ); else COMPREPLY=( $(compgen -f -- "$cur") ); fi
}
complete -o filenames -F _envelope envelope
`;
}

const zshQuote = (s: string): string => s.replace(/'/g, "'\\''").replace(/[[\]:]/g, (c) => `\\${c}`);

function zsh(cmds: readonly Described[]): string {
  const list = cmds.map((c) => `    '${c.name}:${zshQuote(c.description)}'`).join('\n');
  const cases = cmds
    .map((c) => {
      const specs = c.options.map((o) => `'${o.long ?? o.short}[${zshQuote(o.description)}]${takesValue(o) ? ':value:_files' : ''}'`);
      return `    ${c.name}) _arguments ${[...specs, "'*:file:_files'"].join(' ')} ;;`;
    })
    .join('\n');
  return `#compdef envelope
# zsh completion for envelope: save it as _envelope in a directory of $fpath
_envelope() {
  local -a commands
  commands=(
${list}
  )
  if (( CURRENT == 2 )); then _describe 'command' commands; return; fi
  case $words[2] in
${cases}
  esac
}
compdef _envelope envelope
`;
}

const fishQuote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fish(cmds: readonly Described[]): string {
  const lines = ['# fish completion for envelope: save it as ~/.config/fish/completions/envelope.fish', 'complete -c envelope -f'];
  for (const c of cmds) lines.push(`complete -c envelope -n __fish_use_subcommand -a ${c.name} -d ${fishQuote(c.description)}`);
  for (const c of cmds) {
    for (const o of c.options) {
      const flags = [o.short ? `-s ${o.short.slice(1)}` : '', o.long ? `-l ${o.long.slice(2)}` : ''].filter(Boolean).join(' ');
      lines.push(`complete -c envelope -n '__fish_seen_subcommand_from ${c.name}' ${flags}${takesValue(o) ? ' -r -F' : ''} -d ${fishQuote(o.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The completion script for `shell`. */
export function completionScript(program: Command, shell: string): string {
  const cmds = describeCommands(program);
  if (shell === 'bash') return bash(cmds);
  if (shell === 'zsh') return zsh(cmds);
  if (shell === 'fish') return fish(cmds);
  throw new UsageError(`completion: bash, zsh or fish, not ${JSON.stringify(shell)}`);
}
