/**
 * A signature hash on a native thread of the addon (native/hash_job.h): `update` copies the bytes
 * into a ring of four 256 KiB blocks that the thread hashes with OpenSSL, and waits (blocking the
 * calling thread) only while all four are full; `sign`/`verify` finish the digest and run ECDSA
 * over it on the calling thread. node:crypto cannot sign or verify a digest computed elsewhere,
 * so the signature is the addon's too.
 */
import type { Binding, Handle } from './binding.js';
import type { EcCurve, HashOnThread, ThreadHashName } from './types.js';

export class NativeHash implements HashOnThread {
  #handle: Handle | undefined;

  constructor(
    private readonly binding: Binding,
    hash: ThreadHashName,
    first: Uint8Array,
  ) {
    this.#handle = binding.hashStart(hash, first);
  }

  private get handle(): Handle {
    if (this.#handle === undefined) throw new Error('the hash has ended');
    return this.#handle;
  }

  /** Ends the hash: whatever the call did, the handle is spent (its thread joined). */
  private ending<T>(work: (h: Handle) => T): T {
    const h = this.handle;
    try {
      return work(h);
    } finally {
      this.close();
    }
  }

  update(data: Uint8Array): void {
    this.binding.hashUpdate(this.handle, data);
  }

  digest(): Uint8Array {
    return this.ending((h) => this.binding.hashDigest(h));
  }

  sign(curve: EcCurve, pkcs8: Uint8Array): Uint8Array {
    return this.ending((h) => this.binding.hashSign(h, curve, pkcs8));
  }

  verify(curve: EcCurve, compressedPoint: Uint8Array, signature: Uint8Array): boolean {
    return this.ending((h) => this.binding.hashVerify(h, curve, compressedPoint, signature));
  }

  close(): void {
    if (this.#handle === undefined) return;
    this.binding.hashFree(this.#handle);
    this.#handle = undefined;
  }
}
