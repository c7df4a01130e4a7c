/**
 * The native AES-GCM addon (`@envelope/crypto-native`, an optional dependency of core) in place of
 * node:crypto's AES-GCM: one cipher context per key and batches of frames per call. Used when it
 * is installed, loads in this process (a build for this platform; Node's OpenSSL 3) and
 * ENVELOPE_NATIVE is not "0"; with it, a signed suite's hash on a native thread of the addon
 * (native_hash.ts). Every other primitive stays on node:crypto. Chosen once, when core
 * loads, on every thread (frame and hash workers load core's backend too).
 */
import { createRequire } from 'node:module';
import type { CryptoBackend } from '../backend.js';
import type { AesGcmPart } from '../backend_parts.js';
import { hashThreadPart, type NativeHashPart } from './native_hash.js';

/** What `@envelope/crypto-native` exports (stated here: core's types must not name an optional package). */
interface NativeModule {
  readonly NativeAes: { load(): NativeAesPart };
}

/** The addon's AES-GCM, with its output memory, its hash thread (an older addon has neither) and its OpenSSL's name. */
type NativeAesPart = AesGcmPart & Pick<CryptoBackend, 'outputBuffer'> & Partial<NativeHashPart> & { openSslVersion(): string };

/** The backend in use and, for people, how it came to be chosen. */
export interface BackendChoice {
  readonly backend: CryptoBackend;
  /** "native (OpenSSL 3.0.x …)" or "node:crypto (…why not native)". */
  readonly description: string;
}

/** `base` with its AES-GCM from the addon when the addon may and can be used, else `base`. */
export function chooseBackend(base: CryptoBackend, env: NodeJS.ProcessEnv = process.env): BackendChoice {
  if (env.ENVELOPE_NATIVE === '0') return { backend: base, description: 'node:crypto (ENVELOPE_NATIVE=0)' };
  let aes: NativeAesPart;
  try {
    const require = createRequire(import.meta.url);
    const mod = require('@envelope/crypto-native') as NativeModule;
    aes = mod.NativeAes.load();
  } catch (e) {
    const why = (e as { code?: string })?.code === 'MODULE_NOT_FOUND' ? '@envelope/crypto-native is not installed' : 'the native addon does not load here';
    return { backend: base, description: `node:crypto (${why})` };
  }
  const backend: CryptoBackend = Object.freeze({
    ...base,
    name: 'native',
    importAesKey: aes.importAesKey.bind(aes),
    exportAesKey: aes.exportAesKey.bind(aes),
    seal: aes.seal.bind(aes),
    open: aes.open.bind(aes),
    sealBatch: aes.sealBatch.bind(aes),
    openBatch: aes.openBatch.bind(aes),
    sealing: aes.sealing.bind(aes),
    opening: aes.opening.bind(aes),
    // An older addon package has no output memory of its own: core allocates then.
    ...(aes.outputBuffer ? { outputBuffer: aes.outputBuffer.bind(aes) } : {}),
    // Likewise a signed suite's hash on the addon's thread: core hashes on a worker without it.
    ...(aes.hashOnThread ? hashThreadPart({ hashOnThread: aes.hashOnThread.bind(aes) }, base) : {}),
  });
  return { backend, description: `native (${aes.openSslVersion()})` };
}
