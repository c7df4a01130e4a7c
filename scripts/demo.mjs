#!/usr/bin/env node
// Placeholder until the CLI's demo lands: a round trip through the core.
console.log('demo: not yet available');
