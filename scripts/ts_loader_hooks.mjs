// The hooks of ts_loader.mjs (they run on Node's loader thread).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let esbuild;

export async function resolve(specifier, context, next) {
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
