#!/usr/bin/env node
// `npm run demo`: the CLI's demo, after scripts/setup.mjs installed and built the workspace.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(process.execPath, [path.join(root, 'packages', 'cli', 'bin', 'envelope.js'), 'demo'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
