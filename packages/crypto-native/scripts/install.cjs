#!/usr/bin/env node
// Makes the addon available without ever failing an installation:
// - `node scripts/install.cjs` (the package's install step): nothing to do when a build loads
//   already (the linux-x64 prebuild shipped in prebuilds/, or an earlier build); else a build from
//   source with node-gyp; when that cannot happen (no compiler, no make, no Node headers) a note,
//   exit 0, and Envelope uses node:crypto.
// - `--prebuild` (the workspace's build): compiles prebuilds/<platform>-<arch>/ with prebuildify,
//   the binary that the published package carries.
// Node's headers come from beside the running node (PREFIX/include/node, where Node's own
// installers put them, OpenSSL's included), so no header download is needed.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const prebuild = process.argv.includes('--prebuild');

function loads() {
  const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(require.resolve('node-gyp-build'))})(${JSON.stringify(root)})`], { stdio: 'ignore' });
  return r.status === 0;
}

/** PREFIX of the running node when it has its headers in PREFIX/include/node. */
function nodeDir() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'common.gypi')) ? prefix : undefined;
}

/** The node-gyp to run: the package manager's (npm and pnpm say where), else a local one, else PATH. */
function nodeGyp() {
  const fromEnv = process.env.npm_config_node_gyp;
  if (fromEnv && existsSync(fromEnv)) return [process.execPath, fromEnv];
  try {
    return [process.execPath, require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] })];
  } catch {
    return ['node-gyp'];
  }
}

function run(command, env) {
  const [cmd, ...args] = command;
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env, encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function build() {
  const dir = nodeDir();
  const env = { ...process.env };
  if (dir && !env.npm_config_nodedir) env.npm_config_nodedir = dir;
  if (prebuild) {
    const bin = require.resolve('prebuildify/bin.js', { paths: [root] });
    return run([process.execPath, bin, '--napi', '--strip'], env);
  }
  return run([...nodeGyp(), 'rebuild'], env);
}

/** The newest modification time among the addon's sources. */
function sourcesTime() {
  const files = ['binding.gyp', ...readdirSync(path.join(root, 'native')).map((f) => path.join('native', f))];
  return Math.max(...files.map((f) => statSync(path.join(root, f)).mtimeMs));
}

/** A prebuild for this platform newer than every source (the workspace's build re-runs for TypeScript changes too). */
function prebuildFresh() {
  const dir = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`);
  if (!existsSync(dir)) return false;
  const built = readdirSync(dir).filter((f) => f.endsWith('.node'));
  return built.length > 0 && statSync(path.join(dir, built[0])).mtimeMs > sourcesTime() && loads();
}

// In a checkout of the repository (tsconfig.json is not published) the workspace's build makes
// the addon; the install step leaves it to that.
if (!prebuild && (existsSync(path.join(root, 'tsconfig.json')) || loads())) process.exit(0);
if (prebuild && prebuildFresh()) process.exit(0);
const r = build();
if (r.ok && loads()) {
  if (prebuild) console.log('@envelope/crypto-native: built prebuilds/' + `${process.platform}-${process.arch}`);
  process.exit(0);
}
const last = r.output.trim().split('\n').filter((l) => /error|not found|ENOENT/i.test(l)).slice(-3).join('\n  ');
console.warn(`@envelope/crypto-native: the native AES-GCM addon could not be built here; Envelope will use node:crypto.${last ? `\n  ${last}` : ''}`);
process.exit(0);
