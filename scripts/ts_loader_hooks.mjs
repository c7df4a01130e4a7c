// The hooks of ts_loader.mjs (they run on Node's loader thread).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let esbuild;

export async function resolve(specifier, context, next) {
  // Core's `#crypto-backend` (package.json `imports`) from a source file: the node backend's source,
  // as vitest.config.ts does for the test process (the package's own mapping points at dist/).
  const core = context.parentURL?.endsWith('.ts') ? context.parentURL.match(/^(.*\/packages\/core\/src\/)/) : null;
  if (specifier === '#crypto-backend' && core) return { url: `${core[1]}crypto/node/index.ts`, format: 'module', shortCircuit: true };
  try {
    return await next(specifier, context);
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !specifier.endsWith('.js')) throw err;
    const url = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
    if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) throw err;
    return { url: url.href, format: 'module', shortCircuit: true };
  }
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  esbuild ??= await import('esbuild');
  const source = readFileSync(fileURLToPath(url), 'utf8');
  const { code } = esbuild.transformSync(source, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: fileURLToPath(url), sourcemap: 'inline' });
  return { format: 'module', source: code, shortCircuit: true };
}
