/**
 * The compiled addon: found by node-gyp-build (a build from source in build/, else the prebuild for
 * this platform in prebuilds/), loaded once per thread.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** A key or a running operation inside the addon (a tagged external: opaque here). */
export type Handle = { readonly __native: unique symbol };

/** What native/addon.cc, native/stream.cc, native/output_pool.cc and native/hash_thread.cc export. */
export interface Binding {
  importKey(raw: Uint8Array): Handle;
  exportKey(key: Handle): Buffer;
  destroyKey(key: Handle): void;
  sealBatch(
    key: Handle,
    count: number,
    ivLength: number,
    tagLength: number,
    ivs: Uint8Array,
    aad: Uint8Array,
    aadStarts: Uint32Array,
    aadLengths: Uint32Array,
    input: Uint8Array,
    inputStarts: Uint32Array,
    lengths: Uint32Array,
    output: Uint8Array,
    outputStarts: Uint32Array,
  ): void;
  openBatch(
    key: Handle,
    count: number,
    ivLength: number,
    tagLength: number,
    ivs: Uint8Array,
    aad: Uint8Array,
    aadStarts: Uint32Array,
    aadLengths: Uint32Array,
    input: Uint8Array,
    inputStarts: Uint32Array,
    lengths: Uint32Array,
    output: Uint8Array,
    outputStarts: Uint32Array,
    shared: boolean,
  ): number;
  streamStart(key: Handle, iv: Uint8Array, aad: Uint8Array, encrypt: boolean, tagLength: number): Handle;
  streamUpdate(op: Handle, input: Uint8Array, output: Uint8Array): void;
  streamSealFinal(op: Handle, tag: Uint8Array): void;
  streamOpenFinal(op: Handle, tag: Uint8Array): boolean;
  streamFree(op: Handle): void;
  openSslVersion(): string;
  /** A Buffer of `length` bytes whose memory returns to this thread's pool once collected (undefined: allocate yourself). */
  takeOutput(length: number): Buffer | undefined;
  /** Frees the pool's kept memory, and what comes back until the next takeOutput. */
  releaseOutputs(): void;
  /** A hash on a native thread of its own (native/hash_job.h); `first` is hashed first. */
  hashStart(hash: string, first: Uint8Array): Handle;
  /** Copies `data` into the hash's ring, waiting while it is full. */
  hashUpdate(hash: Handle, data: Uint8Array): void;
  /** The digest; ends the hash. */
  hashDigest(hash: Handle): Buffer;
  /** ECDSA (DER) over the digest with a PKCS#8 private key of `curve`; ends the hash. */
  hashSign(hash: Handle, curve: string, pkcs8: Uint8Array): Buffer;
  /** Whether the DER signature verifies over the digest under the compressed point; ends the hash. */
  hashVerify(hash: Handle, curve: string, compressedPoint: Uint8Array, signature: Uint8Array): boolean;
  /** Stops and joins the hash's thread (idempotent). */
  hashFree(hash: Handle): void;
}

/** The package's root: the same from src/ (tests) and dist/ (the published build). */
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** Loads the addon; throws when there is no build for this platform or it cannot load here. */
export function loadBinding(): Binding {
  const require = createRequire(import.meta.url);
  const nodeGypBuild = require('node-gyp-build') as (root: string) => unknown;
  return nodeGypBuild(packageRoot) as Binding;
}
