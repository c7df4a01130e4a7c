/**
 * @envelope/client bundled for browsers as an application bundles it (esbuild, platform browser,
 * conditions ['browser']): no errors, no Node built-in reached, no Node global (Buffer, process)
 * left in the code, and a raw-AES application within its size budget (minified and gzipped).
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundlePage } from './harness/bundle.js';

const page = (name: string): string => new URL(`./pages/${name}`, import.meta.url).pathname;
const KiB = 1024;

/**
 * Node's globals used as values (member access or call) in Envelope's own modules of an unminified
 * bundle, where esbuild marks each module with a `// path` line. (The AWS SDK's browser build has
 * its own guarded uses; it is the SDK's to keep working in browsers.)
 */
function nodeGlobals(js: string): string[] {
  const hits: string[] = [];
  let file = '';
  for (const line of js.split('\n')) {
    if (line.startsWith('// ')) file = line.slice(3);
    if (file.includes('node_modules')) continue;
    const code = line.replace(/\/\/.*$/, '');
    for (const m of code.matchAll(/(?<![\w$.])(Buffer|process|require|__dirname|setImmediate)\s*(\.|\()/g)) hits.push(`${file}: ${m[0]}`);
  }
  return hits;
}

describe('the browser build of @envelope/client', () => {
  it('bundles with no errors and reaches no Node built-in', async () => {
    const { js, metafile } = await bundlePage(page('full_client_app.ts'));
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((f) => /^node:|(^|\/)(fs|path|os|crypto|stream|worker_threads|module|util|buffer)$/.test(f))).toEqual([]);
    // Envelope's own modules come from the browser builds: no worker threads, no node:stream Transforms.
    expect(inputs.filter((f) => /packages\/core\/dist\/(body\/threads|internal\/frame_|streams\.js|crypto\/node)/.test(f))).toEqual([]);
    expect(inputs.some((f) => f.includes('core/dist/crypto/web/'))).toBe(true);
    expect(nodeGlobals(js)).toEqual([]);
  });

  it('a page importing encrypt, decrypt and RawAesKeyring is at most 100 KiB minified and gzipped', async () => {
    const { js } = await bundlePage(page('raw_aes_app.ts'), { minify: true });
    const gz = gzipSync(js, { level: 9 }).length;
    expect(gz).toBeLessThanOrEqual(100 * KiB);
  });
});
