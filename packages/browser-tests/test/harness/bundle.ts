/**
 * Bundles a page as an application would: esbuild from the workspace packages (their built dist,
 * through their package.json `exports` under the `browser` condition), for the browser platform.
 * A Node built-in anywhere in the graph fails the build, as it would for a user.
 */
import { build, type Metafile } from 'esbuild';

export interface Bundle {
  readonly js: string;
  readonly metafile: Metafile;
}

export async function bundlePage(entry: string, options: { minify?: boolean } = {}): Promise<Bundle> {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    conditions: ['browser'],
    format: 'esm',
    target: 'es2022',
    minify: options.minify ?? false,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { js: r.outputFiles[0]!.text, metafile: r.metafile };
}
