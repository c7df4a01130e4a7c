// Issue 19 item 1: every published package.json is complete, carries the license, and declares
// exactly the dependencies its sources import. Failures say which package lacks what.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { publishablePackages, root } from '../../../scripts/pack.mjs';

interface Manifest {
  name: string;
  version: string;
  description?: string;
  keywords?: string[];
  license?: string;
  homepage?: string;
  repository?: { type?: string; url?: string; directory?: string };
  bugs?: { url?: string };
  engines?: { node?: string };
  files?: string[];
  sideEffects?: boolean | string[];
  exports?: Record<string, unknown>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
const packages = (publishablePackages() as { dir: string; manifest: Manifest }[]).map((p) => ({ ...p, short: path.basename(p.dir) }));
const rootManifest = JSON.parse(readFileSync(path.join(root as string, 'package.json'), 'utf8')) as Manifest;
const license = readFileSync(path.join(root as string, 'LICENSE'), 'utf8');

/** Dependencies needed without an import of their own: peers of a dependency. */
const PEERS_OF_DEPENDENCIES: Record<string, readonly string[]> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.(ts|js|mjs)$/.test(f) ? [p] : [];
  });
}

/** Package names imported (statically, dynamically or through require) by the package's own code, bundled or not. */
function importedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  const builtins = new Set(builtinModules);
  const files = [...sourceFiles(path.join(dir, 'src')), ...(statSync(path.join(dir, 'bin'), { throwIfNoEntry: false }) ? sourceFiles(path.join(dir, 'bin')) : [])];
  // A native addon's binding.gyp requires the packages its build needs (node-addon-api's headers).
  if (statSync(path.join(dir, 'binding.gyp'), { throwIfNoEntry: false })) files.push(path.join(dir, 'binding.gyp'));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      if (spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec.split('/')[0]!)) continue;
      // Prose in comments ("… from 'tried and failed'") is no module specifier.
      if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]*)?$/.test(spec)) continue;
      const parts = spec.split('/');
      names.add(spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  // A bundled bin (the CLI's bundle/) loads some packages at run time from its own folder: the
  // bundle's build lists them.
  const bundled = path.join(dir, 'bundle', 'requires.json');
  if (statSync(bundled, { throwIfNoEntry: false })) for (const n of JSON.parse(readFileSync(bundled, 'utf8')) as string[]) names.add(n);
  return names;
}

describe('published package metadata', () => {
  it('the root declares the license, the repository and the supported Node versions', () => {
    expect(license).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(license).toMatch(/END OF TERMS AND CONDITIONS/);
    expect(rootManifest.license).toBe('Apache-2.0');
    expect(rootManifest.engines?.node).toBeTruthy();
    expect(packages.length).toBeGreaterThanOrEqual(9);
  });

  it.each(packages.map((p) => [p.manifest.name, p] as const))('%s: complete metadata', (name, { dir, manifest: m, short }) => {
    const missing = (['description', 'keywords', 'license', 'homepage', 'repository', 'bugs', 'engines', 'files', 'sideEffects', 'exports'] as const).filter(
      (k) => m[k] === undefined || m[k] === '' || (Array.isArray(m[k]) && (m[k] as unknown[]).length === 0),
    );
    expect(missing, `${name}/package.json lacks ${missing.join(', ')} (copy the shape of packages/core/package.json)`).toEqual([]);
    expect(m.license).toBe('Apache-2.0');
    expect(m.engines?.node, `${name}: engines.node must be the root's`).toBe(rootManifest.engines?.node);
    expect(m.repository, `${name}: repository`).toEqual({ type: 'git', url: rootManifest.repository?.url, directory: `packages/${short}` });
    expect(readFileSync(path.join(dir, 'LICENSE'), 'utf8'), `${name}: packages/${short}/LICENSE must be a copy of the root LICENSE`).toBe(license);
    expect(m.files, `${name}: files must ship dist, src (the source maps point there) and LICENSE`).toEqual(expect.arrayContaining(['dist', 'src', 'LICENSE', 'README.md']));
    if (m.bin) expect(m.files).toContain('bin');
    // Packages with a browser build add the `browser` condition, before `import` so bundlers see it first.
    const browser = m.exports?.['.']?.browser === undefined ? {} : { browser: './dist/index_browser.js' };
    expect(m.exports?.['.'], `${name}: exports["."] serves types, import, and require through default`).toEqual({ types: './dist/index.d.ts', ...browser, import: './dist/index.js', default: './dist/index.js' });
    if (m.exports?.['.']?.browser) expect(Object.keys(m.exports['.']).indexOf('browser')).toBeLessThan(Object.keys(m.exports['.']).indexOf('import'));
    expect(m.exports?.['./package.json']).toBe('./package.json');
  });

  it.each(packages.map((p) => [p.manifest.name, p] as const))('%s: dependencies are exactly what the sources import, in ranges', (name, { dir, manifest: m }) => {
    const imported = importedPackages(dir);
    imported.delete(name);
    const declared = new Set([...Object.keys(m.dependencies ?? {}), ...Object.keys(m.peerDependencies ?? {}), ...Object.keys(m.optionalDependencies ?? {})]);
    const undeclared = [...imported].filter((d) => !declared.has(d));
    expect(undeclared, `${name} imports ${undeclared.join(', ')} without depending on it`).toEqual([]);
    const allowed = new Set(Object.entries(PEERS_OF_DEPENDENCIES).flatMap(([dep, peers]) => (declared.has(dep) ? peers : [])));
    const unused = Object.keys(m.dependencies ?? {}).filter((d) => !imported.has(d) && !allowed.has(d));
    expect(unused, `${name} depends on ${unused.join(', ')} but never imports it: remove it (or move it to devDependencies)`).toEqual([]);
    const exact = Object.entries(m.dependencies ?? {}).filter(([, v]) => /^\d/.test(v));
    expect(exact, `${name}: pinned runtime dependencies duplicate an application's own copies; use ^ ranges`).toEqual([]);
  });
});
