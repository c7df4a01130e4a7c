#!/usr/bin/env node
// The bundle that `npm run build` writes (scripts/bundle_bin.mjs); dist/bin.js is the same program
// unbundled, for debugging.
import '../bundle/bin.js';
