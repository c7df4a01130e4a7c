#!/usr/bin/env node
// The `envelope` executable.
import { setFlagsFromString } from 'node:v8';
import { readFileSync } from 'node:fs';

// Streams of many GB allocate a buffer per frame: a small young generation makes the garbage
// collector reclaim them early, which keeps peak memory near the baseline whatever the file size.
setFlagsFromString('--max-semi-space-size=2');
const { main } = await import('./program.js');

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
    process.stderr.write(`envelope: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
