#!/usr/bin/env node
// Packs every publishable workspace package with `pnpm pack`, which rewrites `workspace:*` to the
// packages' versions (npm pack would keep it, and the tarball could not be installed). Used by the
// release flow (`node scripts/pack.mjs DIR` to look at exactly what would be published) and by the
// pack → install test (packages/release-tests). With package names after DIR, packs those and the
// workspace packages they depend on, so `npm install DIR/*.tgz` installs them from the clone alone.
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

/** `names` and every workspace package they depend on, directly or not (all packages without names). */
export function withDependencies(packages, names) {
  if (!names?.length) return packages;
  const byName = new Map(packages.map((p) => [p.manifest.name, p]));
  const wanted = new Set();
  const add = (name) => {
    const p = byName.get(name);
    if (!p) throw new Error(`${name} is not a published package of this workspace (${[...byName.keys()].join(', ')})`);
    if (wanted.has(name)) return;
    wanted.add(name);
    // Optional ones too: core's native AES-GCM addon installs with it from the same tarballs.
    for (const dep of Object.keys({ ...p.manifest.dependencies, ...p.manifest.optionalDependencies })) if (byName.has(dep)) add(dep);
  };
  for (const n of names) add(n);
  return packages.filter((p) => wanted.has(p.manifest.name));
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

/**
 * Packs every publishable package, or `names` and the workspace packages they need (built dist/
 * must exist), into `dest`; resolves name → tarball path.
 */
export async function packAll(dest, names) {
  mkdirSync(dest, { recursive: true });
  const packages = withDependencies(publishablePackages(), names);
  const pnpm = pnpmCommand();
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
  const [destArg, ...names] = process.argv.slice(2);
  const dest = path.resolve(destArg ?? path.join(root, 'dist-packages'));
  try {
    for (const [name, file] of Object.entries(await packAll(dest, names))) console.log(`${name}\t${path.relative(process.cwd(), file)}`);
  } catch (e) {
    console.error(`pack: ${e.message}`);
    process.exit(1);
  }
  // npm reads `dir/x.tgz` as a GitHub repository: the path must start with ./, ../ or /.
  const shown = path.relative(process.cwd(), dest) || '.';
  const where = shown.startsWith('.') || path.isAbsolute(shown) ? shown : `./${shown}`;
  console.error(`\nInstall them together: npm install ${where}/*.tgz  (npm install -g … for the envelope command)`);
}
