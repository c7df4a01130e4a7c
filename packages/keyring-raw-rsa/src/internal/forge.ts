/**
 * node-forge, loaded on first use: only PKCS#12 files and legacy pkcs1 decryption need it, so
 * applications that never touch them do not pay for it in memory or start-up.
 */
import { createRequire } from 'node:module';
import type forgeNs from 'node-forge';

const require = createRequire(import.meta.url);
let forge: typeof forgeNs | undefined;

export function loadForge(): typeof forgeNs {
  return (forge ??= require('node-forge') as typeof forgeNs);
}
