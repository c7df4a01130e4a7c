#!/usr/bin/env node
// The kms-local executable: see cli.ts.
import { runKmsLocalCli } from './cli.js';

runKmsLocalCli(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (e: unknown) => {
    process.stderr.write(`kms-local: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
