#!/usr/bin/env node
// The `envelope` executable.
// V8 settings first, then the rest: a static import would be parsed (on V8's heap) before them.
import './heap_flags.js';
import { readFileSync } from 'node:fs';

const { main } = await import('./program.js');
const { printSafe } = await import('./terminal_text.js');

// A reader that closed stdout early (`envelope decrypt … | head -c 10`) ends the command quietly.
// Other errors reach stdout when a pipeline into it fails; the pipeline's promise reports those.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

// The AWS SDK warns on every start under Node 20 that its 2027 releases need Node 22; that is for
// the people who pin dependencies, not for someone running a command. Other warnings still show.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (!`${w.name} ${w.message}`.includes('NodeVersionSupportWarning')) process.stderr.write(`(node) ${w.name}: ${w.message}\n`);
});

if (process.env['ENVELOPE_REPORT_RSS']) {
  // For tests and benchmarks: peak resident memory of this process, on stderr, at exit.
  // VmHWM of this process: getrusage's maxrss would include the parent's memory at fork time.
  process.on('exit', () => {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    const mib = m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
    process.stderr.write(`envelope-peak-rss-mib ${mib.toFixed(1)}\n`);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`envelope: ${printSafe((e as Error)?.message ?? String(e))}\n`);
    process.exitCode = 1;
  },
);
