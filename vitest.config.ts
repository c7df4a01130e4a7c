import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

// Tests import workspace packages from their sources, so one copy of each module (and of each
// error class) is loaded and a change is tested without a rebuild. Child processes (kms-local,
// the CLI) run the built dist, which `npm test` builds first.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@envelope\/([a-z-]+)$/, replacement: '$1', customResolver: (id) => pkg(id) },
      // Core's `#crypto-backend` (packages/core/package.json `imports`) from its sources too.
      { find: /^#crypto-backend$/, replacement: fileURLToPath(new URL('./packages/core/src/crypto/node/index.ts', import.meta.url)) },
      // keyring-kms's `#default-region` (its package.json `imports`) from its sources too.
      { find: /^#default-region$/, replacement: fileURLToPath(new URL('./packages/keyring-kms/src/default_region.ts', import.meta.url)) },
      // The registry's `#registry-platform` (Node's: config files, inversify on first use) from its sources too.
      { find: /^#registry-platform$/, replacement: fileURLToPath(new URL('./packages/registry/src/registry_platform.ts', import.meta.url)) },
      // Core's `#otel-api` (its browser build records nothing) from its sources too.
      { find: /^#otel-api$/, replacement: fileURLToPath(new URL('./packages/core/src/telemetry/otel_api.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/test/**/*.test.ts'],
    pool: 'forks',
    // Worker threads started from the sources (core's body workers) load TypeScript through this
    // loader, which they inherit; see scripts/ts_loader.mjs.
    poolOptions: { forks: { execArgv: ['--import', new URL('./scripts/ts_loader.mjs', import.meta.url).href] } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
