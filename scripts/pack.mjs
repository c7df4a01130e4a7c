#!/usr/bin/env node
// Packs every publishable workspace package with `pnpm pack`, which rewrites `workspace:*` to the
// packages' versions (npm pack would keep it, and the tarball could not be installed). Used by the
// release flow (`node scripts/pack.mjs DIR` to look at exactly what would be published) and by the
// pack → install test (packages/release-tests).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The workspace packages that are published: every packages/* without "private": true. */
export function publishablePackages() {
  return readdirSync(path.join(root, 'packages'))
    .map((dir) => path.join(root, 'packages', dir))
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) }))
    .filter((p) => !p.manifest.private);
}

/** dist/ files compiled from a source file that no longer exists (tsc never removes them). */
function staleOutputs(dir) {
  const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  return walk(path.join(dir, 'dist'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.relative(path.join(dir, 'dist'), f))
    .filter((rel) => !existsSync(path.join(dir, 'src', rel.replace(/\.js$/, '.ts'))));
}

/** The pnpm CLI of packageManager, resolved once through npx (each npx call costs about a second). */
function pnpmCommand() {
  const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
  const bin = execFileSync('npx', ['-y', '-p', `pnpm@${version}`, 'node', '-e', "process.stdout.write(require('child_process').execSync('command -v pnpm').toString().trim())"], {
    cwd: root,
    encoding: 'utf8',
  });
  return bin;
}

/** Packs every publishable package (built dist/ must exist) into `dest`; resolves name → tarball path. */
export async function packAll(dest) {
  mkdirSync(dest, { recursive: true });
  const pnpm = pnpmCommand();
  const packages = publishablePackages();
  for (const { dir, manifest } of packages) {
    if (!existsSync(path.join(dir, 'dist', 'index.js'))) throw new Error(`${manifest.name}: dist/ is missing; build first (node scripts/setup.mjs)`);
    const stale = staleOutputs(dir);
    if (stale.length) throw new Error(`${manifest.name}: dist/ holds output of removed sources (${stale.slice(0, 3).join(', ')}); rebuild it (rm -rf dist && npm run build)`);
  }
  const out = {};
  // Two at a time: pnpm's start-up dominates, and the machine has two cores.
  const queue = [...packages];
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      await promisify(execFile)(pnpm, ['pack', '--pack-destination', dest], { cwd: p.dir });
      const file = path.join(dest, `${p.manifest.name.replace(/^@/, '').replace('/', '-')}-${p.manifest.version}.tgz`);
      if (!existsSync(file)) throw new Error(`pnpm pack did not write ${file}`);
      out[p.manifest.name] = file;
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dest = path.resolve(process.argv[2] ?? path.join(root, 'dist-packages'));
  for (const [name, file] of Object.entries(await packAll(dest))) console.log(`${name}\t${path.relative(process.cwd(), file)}`);
}
