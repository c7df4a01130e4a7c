/**
 * AES-GCM on the addon: a key handle holds one OpenSSL cipher context, made once, that every
 * operation under the key re-uses by setting a new IV; a batch of operations is one call with no
 * allocation per operation.
 */
import { loadBinding, type Binding, type Handle } from './binding.js';
import { NativeHash } from './native_hash.js';
import type { AesKey, GcmBatch, GcmOpening, GcmSealing, HashOnThread, ThreadHashName } from './types.js';

/** What a failed tag throws (core turns it into its typed AuthenticationError). */
function tagFailed(): Error {
  return new Error('AES-GCM: the authentication tag did not verify');
}

/** Whether another thread may read `buffer` (then a batch opens each frame in private memory first). */
function isShared(buffer: ArrayBufferLike): boolean {
  return Object.prototype.toString.call(buffer) === '[object SharedArrayBuffer]';
}

class NativeAesKey implements AesKey {
  #handle: Handle | undefined;

  constructor(
    readonly length: 16 | 24 | 32,
    handle: Handle,
    private readonly binding: Binding,
  ) {
    this.#handle = handle;
  }

  static handleOf(key: AesKey): Handle {
    if (!(key instanceof NativeAesKey)) throw new TypeError('the key was not imported by the native AES-GCM backend');
    if (key.#handle === undefined) throw new Error('the key was destroyed');
    return key.#handle;
  }

  destroy(): void {
    if (this.#handle === undefined) return;
    this.binding.destroyKey(this.#handle);
    this.#handle = undefined;
  }
}

const EMPTY = new Uint8Array(0);

/** Without a take for this long, the output pool gives its memory back (an idle process keeps none). */
const OUTPUT_IDLE_MS = 2000;
const ZERO = new Uint32Array([0]);

/** The AES-GCM operations of core's crypto backend interface, on the addon. */
export class NativeAes {
  /** The backend name core reports (`envelope --version`, telemetry). */
  readonly name = 'native';

  /** Whether outputBuffer was called since the idle timer last looked; the timer, while one is set. */
  private outputTaken = false;
  private outputTimer: ReturnType<typeof setTimeout> | undefined;

  private constructor(private readonly binding: Binding) {}

  /** Loads the addon; throws when it is not built for this platform or cannot load in this process. */
  static load(): NativeAes {
    return new NativeAes(loadBinding());
  }

  /** The OpenSSL the addon runs on (Node's own). */
  openSslVersion(): string {
    return this.binding.openSslVersion();
  }

  /**
   * `length` bytes of memory for output handed on to a consumer (contents unspecified, as
   * Buffer.allocUnsafe's: for ciphertext, never for keys or plaintext). Its memory goes back to a pool
   * of this thread once the garbage collector frees the Buffer and every view of it, instead of to
   * malloc, which on returning the freed memory to the system made the next outputs fault in every
   * page again; the pool keeps at most 32 MiB per thread and frees it after two seconds unused.
   * Blocks come back when the event loop runs their finalizers: past 64 MiB lent and not back,
   * and where Node refuses external memory, this is Buffer.allocUnsafe.
   */
  outputBuffer(length: number): Buffer {
    if (length === 0) return Buffer.alloc(0);
    const b = this.binding.takeOutput(length);
    if (b === undefined) return Buffer.allocUnsafe(length);
    this.outputTaken = true;
    this.outputTimer ??= this.idleCheck();
    return b;
  }

  /** An unref'd timer that frees the pool once a whole period passed without a take. */
  private idleCheck(): ReturnType<typeof setTimeout> {
    const t = setTimeout(() => {
      this.outputTimer = undefined;
      if (this.outputTaken) {
        this.outputTaken = false;
        this.outputTimer = this.idleCheck();
      } else this.binding.releaseOutputs();
    }, OUTPUT_IDLE_MS);
    t.unref();
    return t;
  }

  /**
   * A hash on a native thread of its own, `first` hashed first, with ECDSA over the digest at the
   * end (see {@link HashOnThread}). The thread starts once 256 KiB arrived: a smaller message is
   * hashed on the calling thread when it ends.
   */
  hashOnThread(hash: ThreadHashName, first: Uint8Array): HashOnThread {
    return new NativeHash(this.binding, hash, first);
  }

  importAesKey(raw: Uint8Array): AesKey {
    if (raw.length !== 16 && raw.length !== 24 && raw.length !== 32) throw new RangeError('an AES key is 16, 24 or 32 bytes');
    return new NativeAesKey(raw.length, this.binding.importKey(raw), this.binding);
  }

  /** A copy of the key's bytes (for a worker thread to import); the caller wipes it. */
  exportAesKey(key: AesKey): Uint8Array {
    return this.binding.exportKey(NativeAesKey.handleOf(key));
  }

  sealBatch(key: AesKey, b: GcmBatch): void {
    this.binding.sealBatch(NativeAesKey.handleOf(key), b.count, b.ivLength, b.tagLength, b.ivs, b.aad, b.aadStarts, b.aadLengths, b.input, b.inputStarts, b.lengths, b.output, b.outputStarts);
  }

  /** `b.count` when every tag verified, else the index of the first that failed (its output wiped). */
  openBatch(key: AesKey, b: GcmBatch): number {
    const shared = isShared(b.output.buffer);
    return this.binding.openBatch(NativeAesKey.handleOf(key), b.count, b.ivLength, b.tagLength, b.ivs, b.aad, b.aadStarts, b.aadLengths, b.input, b.inputStarts, b.lengths, b.output, b.outputStarts, shared);
  }

  seal(key: AesKey, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, tagLength: number): { readonly ciphertext: Uint8Array; readonly tag: Uint8Array } {
    const out = Buffer.allocUnsafe(plaintext.length + tagLength);
    this.sealBatch(key, one(iv, aad, plaintext, plaintext.length, out, tagLength));
    return { ciphertext: out.subarray(0, plaintext.length), tag: out.subarray(plaintext.length) };
  }

  /** The plaintext, or throws an Error when the tag does not verify. */
  open(key: AesKey, iv: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array): Uint8Array {
    const n = ciphertext.length;
    // The batch reads the tag right after the ciphertext: read in place when the tag lies there
    // (a frame inside a message), else joined first.
    let input: Uint8Array;
    if (tag.buffer === ciphertext.buffer && tag.byteOffset === ciphertext.byteOffset + n) {
      input = new Uint8Array(ciphertext.buffer, ciphertext.byteOffset, n + tag.length);
    } else {
      input = Buffer.allocUnsafe(n + tag.length);
      input.set(ciphertext, 0);
      input.set(tag, n);
    }
    // Written only inside the call, and wiped there when the tag fails: no other code runs
    // meanwhile, so a pooled buffer is fine here (unlike an opening's, held across calls).
    const out = Buffer.allocUnsafe(n);
    if (this.openBatch(key, one(iv, aad, input, n, out, tag.length)) !== 1) throw tagFailed();
    return out;
  }

  sealing(key: AesKey, iv: Uint8Array, aad: Uint8Array, tagLength: number): GcmSealing {
    const { binding } = this;
    const op = binding.streamStart(NativeAesKey.handleOf(key), iv, aad, true, tagLength);
    return {
      update(plaintext: Uint8Array): Uint8Array {
        const out = Buffer.allocUnsafeSlow(plaintext.length);
        binding.streamUpdate(op, plaintext, out);
        return out;
      },
      final() {
        const tag = Buffer.allocUnsafeSlow(tagLength);
        binding.streamSealFinal(op, tag);
        return { ciphertext: [], tag };
      },
    };
  }

  opening(key: AesKey, iv: Uint8Array, aad: Uint8Array, tagLength: number): GcmOpening {
    const { binding } = this;
    const op = binding.streamStart(NativeAesKey.handleOf(key), iv, aad, false, tagLength);
    // Plaintext not yet authenticated: in memory of its own (never a pooled slab another Buffer
    // shares), handed out only by final.
    const held: Buffer[] = [];
    const discard = (): void => {
      binding.streamFree(op);
      for (const p of held) p.fill(0);
      held.length = 0;
    };
    return {
      update(ciphertext: Uint8Array): void {
        const p = Buffer.allocUnsafeSlow(ciphertext.length);
        binding.streamUpdate(op, ciphertext, p);
        held.push(p);
      },
      final(tag: Uint8Array): readonly Uint8Array[] {
        if (tag.length !== tagLength) {
          discard();
          throw tagFailed();
        }
        if (!binding.streamOpenFinal(op, tag)) {
          discard();
          throw tagFailed();
        }
        return held.splice(0);
      },
      discard,
    };
  }
}

/** The lengths of a batch of one, re-used: a call runs to its end before the next one starts. */
const AAD_LENGTH = new Uint32Array(1);
const LENGTH = new Uint32Array(1);

/** A batch of one operation at the start of `input` and `output`. */
function one(iv: Uint8Array, aad: Uint8Array, input: Uint8Array, length: number, output: Uint8Array, tagLength: number): GcmBatch {
  AAD_LENGTH[0] = aad.length;
  LENGTH[0] = length;
  return { count: 1, ivLength: iv.length, tagLength, ivs: iv, aad: aad.length === 0 ? EMPTY : aad, aadStarts: ZERO, aadLengths: AAD_LENGTH, input, inputStarts: ZERO, lengths: LENGTH, output, outputStarts: ZERO };
}
