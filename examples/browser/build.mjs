// Bundles main.js for browsers as an application would: esbuild with the `browser` condition
// resolves @envelope/client's browser build (no Node built-ins, no polyfills).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
await build({
  entryPoints: [here('./main.js')],
  outfile: here('./dist/main.js'),
  bundle: true,
  platform: 'browser',
  conditions: ['browser'],
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
