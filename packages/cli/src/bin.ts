#!/usr/bin/env node
// The `envelope` executable.
import { main } from './program.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`envelope: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
