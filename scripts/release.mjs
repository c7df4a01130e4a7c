#!/usr/bin/env node
// `npm run release`: builds, checks, and publishes every package whose version is not on the
// registry yet. `changeset publish` runs `pnpm publish` (pnpm is the workspace's package manager),
// which rewrites `workspace:*` to the real versions exactly as `pnpm pack` does in the pack →
// install test. `--dry-run` packs into dist-packages/ instead, to look at what would go out.
// See RELEASING.md for the whole flow (changesets → version → release).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { packAll, root } from './pack.mjs';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`release: ${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

const dryRun = process.argv.includes('--dry-run');
run('git', ['diff', '--quiet', 'HEAD']); // nothing uncommitted goes out
run(process.execPath, ['scripts/setup.mjs']);
if (dryRun) {
  const dest = path.join(root, 'dist-packages');
  for (const [name, file] of Object.entries(await packAll(dest))) console.log(`${name}\t${path.relative(root, file)}`);
} else {
  run(process.execPath, ['scripts/test.mjs']);
  run('npx', ['--no-install', 'changeset', 'publish']);
}
