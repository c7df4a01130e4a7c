#!/usr/bin/env node
// The `envelope` executable as a bundle (bundle/, beside dist/): run by `npm run build` after tsc.
// A process that loads ~140 module files pays the ES module loader, a file lookup and a package.json
// read for each before its first byte; the bundle loads a handful of chunks instead. Dynamic imports
// stay lazy (code splitting), so a command loads only the chunks of what it uses. dist/ is left as
// tsc wrote it: the package's library exports point there, not here.
//
// What has to stay outside the bundle, and why:
// - @envelope/crypto-native is a native addon: required at run time from where the bundle lies, so
//   the CLI declares it (optional, as core does).
// - Modules loaded through createRequire(import.meta.url) (node-forge, inversify, reflect-metadata,
//   @opentelemetry/api) are looked up at run time from the bundle's folder too, so the CLI must
//   declare them as well; checkRuntimeRequires() fails the build when one is not.
// - Files found through new URL('./x', import.meta.url) (core's worker thread module, the package's
//   package.json) resolve against the chunk that holds the code: core's worker is an entry of its
//   own, written next to the chunks, and checkUrlTargets() fails the build when a target is missing.
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(pkgDir, 'bundle');
const manifest = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const coreDist = path.dirname(fileURLToPath(import.meta.resolve('@envelope/core')));

/** Bare names required at run time by bundled code through createRequire. */
function runtimeRequires(inputs) {
  const names = new Set();
  for (const input of inputs) {
    const text = readFileSync(path.join(pkgDir, input), 'utf8');
    if (!text.includes('createRequire(import.meta.url)')) continue;
    for (const m of text.matchAll(/\brequire\w*\(\s*['"]([^'"]+)['"]\s*\)|createRequire\(import\.meta\.url\)\(\s*['"]([^'"]+)['"]\s*\)/g)) names.add(m[1] ?? m[2]);
  }
  return [...names].filter((n) => !n.startsWith('.') && !n.startsWith('node:') && !builtinModules.includes(n));
}

/** Fails on a package required at run time that the CLI does not declare; returns them all. */
function checkRuntimeRequires(metafile) {
  const declared = { ...manifest.dependencies, ...manifest.optionalDependencies };
  const names = runtimeRequires(Object.keys(metafile.inputs));
  const missing = names.filter((n) => !(n in declared));
  if (missing.length) throw new Error(`bundle: ${missing.join(', ')} loaded at run time through createRequire: add to the CLI's dependencies`);
  return names.sort();
}

/**
 * With code splitting, esbuild gives a dynamic import() of a CommonJS module a namespace holding
 * `default` only (Node's holds the named exports too): named exports would be undefined. Such an
 * import is allowed only where its result is used as `(await import('x')).default`.
 */
function checkDynamicCommonJs(metafile) {
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    for (const i of imports.filter((i) => i.kind === 'dynamic-import' && metafile.inputs[i.path]?.format === 'cjs')) {
      const text = readFileSync(path.join(pkgDir, input), 'utf8');
      const all = text.split(`import('${i.original}')`).length - 1;
      const asDefault = text.split(`(await import('${i.original}')).default`).length - 1;
      if (all !== asDefault) throw new Error(`bundle: ${input} imports the CommonJS ${i.original} dynamically and uses its named exports, which a split bundle does not give`);
    }
  }
}

function checkUrlTargets(metafile) {
  for (const out of Object.keys(metafile.outputs).filter((o) => o.endsWith('.js'))) {
    const file = path.join(pkgDir, out);
    for (const m of readFileSync(file, 'utf8').matchAll(/new URL\(\s*["']([^"']+)["'],\s*import\.meta\.url\s*\)/g)) {
      if (!existsSync(path.resolve(path.dirname(file), m[1]))) throw new Error(`bundle: ${out} looks for ${m[1]} beside it, which is not there`);
    }
  }
}

rmSync(outDir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: pkgDir,
  entryPoints: { bin: path.join(pkgDir, 'dist', 'bin.js'), worker: path.join(coreDist, 'body', 'threads', 'worker.js') },
  outdir: outDir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // A package's ES module build first (the AWS SDK's clients have one): see checkDynamicCommonJs.
  mainFields: ['module', 'main'],
  external: ['@envelope/crypto-native'],
  // Linked maps back to the TypeScript sources (through tsc's maps): read only under
  // --enable-source-maps, which costs start-up, so they are not switched on here.
  sourcemap: 'linked',
  sourcesContent: false,
  // Renaming on a clash would change class names, which errors report (new.target.name).
  keepNames: true,
  metafile: true,
  logLevel: 'warning',
  // CommonJS dependencies (commander, the AWS SDK) call require() for Node's modules.
  banner: { js: "import { createRequire as __envelopeCreateRequire } from 'node:module';\nconst require = __envelopeCreateRequire(import.meta.url);" },
});
const requires = checkRuntimeRequires(result.metafile);
checkUrlTargets(result.metafile);
checkDynamicCommonJs(result.metafile);
// Not packed: which sources each chunk holds (the CLI's test of what a command loads reads it), and
// the packages the bundle requires at run time (the release test of dependencies against imports).
writeFileSync(path.join(outDir, 'meta.json'), JSON.stringify(result.metafile));
writeFileSync(path.join(outDir, 'requires.json'), `${JSON.stringify(requires)}\n`);
