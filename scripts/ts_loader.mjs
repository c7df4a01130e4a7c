// Lets Node itself load the workspace's TypeScript sources, for the threads that vitest does not
// load: core's body workers are started with `new Worker(new URL('./worker.js', import.meta.url))`,
// which from the built dist/ is the compiled worker.js beside the pool, and from the sources (what
// vitest runs) is a worker.js that does not exist. The test processes start with
// `--import ./scripts/ts_loader.mjs` (vitest.config.ts), which worker threads inherit: a missing
// `.js` file whose `.ts` source exists resolves to the source, compiled by esbuild on load.
// Applications and the packed tarball never use it: they run dist/.
import { register } from 'node:module';

register('./ts_loader_hooks.mjs', import.meta.url);
