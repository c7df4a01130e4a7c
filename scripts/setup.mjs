#!/usr/bin/env node
// One entry for every root command: install the workspace with the committed lockfile (pnpm 9 through
// npx when pnpm is not on the machine), then build every package in dependency order with turbo.
// Idempotent and quick when nothing changed, so `npm test` and `npm run demo` can both call it first.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pnpmVersion = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', TURBO_NO_UPDATE_NOTIFIER: '1' };

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`setup: ${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

const pnpm = ['--yes', `pnpm@${pnpmVersion}`];
const quiet = process.argv.includes('--quiet');
run('npx', [...pnpm, 'install', '--frozen-lockfile', ...(quiet ? ['--reporter=silent'] : [])]);
run('npx', [...pnpm, 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
