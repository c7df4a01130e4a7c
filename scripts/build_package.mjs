#!/usr/bin/env node
// A package's `build`: removes dist/ and compiles with tsc. tsc never deletes outputs whose source
// was removed or renamed; without the clean, such stale files (and source maps pointing at sources
// that no longer exist) would be packed and published.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
rmSync(path.join(process.cwd(), 'dist'), { recursive: true, force: true });
const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
