/**
 * A message read in a browser as its bytes arrive: the header (read by the codec, checked against
 * the options, opened through the materials manager, authenticated), then every complete body part
 * in the bytes at hand, opened all at once by the crypto backend (WebCrypto runs them off the main
 * thread), each part's plaintext released in order and only once its tag verified; the footer's
 * signature at the end. Shared by the browser's `decrypt` and `decryptStream`.
 */
import { LimitExceededError, MalformedMessageError, SignatureError, TruncatedMessageError, needs } from '../errors.js';
import type { DecryptionMaterials } from '../materials.js';
import type { MaterialsManager } from '../materials_manager.js';
import { headerReader, type ParsedHeader } from '../format/header.js';
import { MAX_NON_FRAMED_LENGTH, headLength, readFrameHead, readSingleHead, type BodyHead } from '../format/frame_head.js';
import { maxFooterLength, readFooter } from '../format/footer.js';
import { BodyCipher } from '../crypto/body_cipher.js';
import type { Verifier } from '../crypto/backend.js';
import { verifyHeaderAuth } from '../crypto/header_auth.js';
import { checkCommitment, deriveMessageKeys } from '../crypto/kdf.js';
import { verifierFor } from '../crypto/signature.js';
import { checkHeaderPolicy, prepareDecryption } from '../materials_checks.js';
import { DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_FRAME_LENGTH, DEFAULT_MAX_HEADER_SIZE, type DecryptOptions } from '../options.js';
import { ByteChunks } from './byte_chunks.js';

type State = 'header' | 'body' | 'footer' | 'done';
/** Where authenticated plaintext goes. */
export type Emit = (plaintext: Uint8Array) => void;

/** A body part read whole from the queue, not yet opened. */
interface Part {
  readonly head: BodyHead;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

export class MessageOpener {
  private readonly q = new ByteChunks();
  private state: State = 'header';
  private seq = 1;
  private held: Uint8Array = new Uint8Array(0);
  private readonly reader;
  private readonly maxHeader: number;
  private readonly maxFrame: number;
  private readonly maxBody: number;
  private body: BodyCipher | undefined;
  private verifier: Verifier | undefined;
  header: ParsedHeader | undefined;
  materials: DecryptionMaterials | undefined;

  constructor(
    private readonly manager: MaterialsManager,
    private readonly options: DecryptOptions,
    /** Streams cap non-framed bodies; a whole buffer is in memory already. */
    streaming: boolean,
  ) {
    this.maxHeader = options.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE;
    this.maxFrame = options.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
    this.maxBody = streaming ? (options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE) : MAX_NON_FRAMED_LENGTH;
    this.reader = headerReader({ maxEncryptedDataKeys: options.maxEncryptedDataKeys });
  }

  /** Feeds bytes; `emit` gets each part's plaintext once its tag verified. Resolves when no complete unit is left. */
  async write(chunk: Uint8Array, emit: Emit): Promise<void> {
    if (this.state === 'header') {
      const rest = await this.readHeader(chunk);
      if (rest === undefined) return;
      chunk = rest;
    }
    this.q.push(chunk);
    while (await this.step(emit));
    // What is left is less than a part, possibly a view of the caller's chunk, which it may reuse.
    if (this.q.length > 0) this.q.push(this.q.take(this.q.length));
  }

  /** Reads what the queue completes (parts, the footer); false when it needs more bytes or the message ended. */
  private async step(emit: Emit): Promise<boolean> {
    if (this.state === 'body') {
      const parts = this.completeParts();
      if (parts.length === 0) return false;
      await this.open(parts, emit);
      return true;
    }
    if (this.state === 'footer') return this.footer();
    needs(this.q.length === 0, MalformedMessageError, 'message: trailing bytes after the end of the message');
    return false;
  }

  /** The end of input: throws TruncatedMessageError unless the whole message (footer included) was read. */
  end(): void {
    if (this.state !== 'done') throw new TruncatedMessageError();
  }

  /** Reads the header once complete and opens the message; returns the bytes after it, or undefined. */
  private async readHeader(chunk: Uint8Array): Promise<Uint8Array | undefined> {
    const bytes = this.held.length === 0 ? chunk : join(this.held, chunk);
    const h = this.reader.read(bytes);
    if (!h) {
      needs(bytes.length < this.maxHeader && this.reader.need <= this.maxHeader, MalformedMessageError, `header: longer than the ${this.maxHeader}-byte limit`);
      this.held = bytes === chunk ? chunk.slice() : bytes; // the caller may reuse its chunk
      return undefined;
    }
    this.held = new Uint8Array(0);
    needs(h.length <= this.maxHeader, MalformedMessageError, `header: longer than the ${this.maxHeader}-byte limit`);
    needs(h.frameLength <= this.maxFrame, MalformedMessageError, `header: frame length ${h.frameLength} is over the ${this.maxFrame}-byte limit`);
    checkHeaderPolicy(h, this.options);
    const materials = await prepareDecryption(this.manager, h, this.options);
    const dataKey = materials.plaintextDataKey!;
    let keys;
    try {
      keys = await deriveMessageKeys(h.suite, dataKey, h.messageId);
    } finally {
      dataKey.fill(0);
    }
    if (h.suite.committing) checkCommitment(h.commitment, keys.commitment);
    await verifyHeaderAuth(keys.key, h.headerIv, h.body, h.headerTag);
    if (h.suite.signature) {
      this.verifier = verifierFor(h.suite, materials.verificationKey!);
      this.verifier.update(bytes.subarray(0, h.length));
    }
    this.body = new BodyCipher(h.suite, keys.key, h.messageId);
    this.header = h;
    this.materials = materials;
    this.state = 'body';
    return bytes.subarray(h.length);
  }

  /** Every body part complete in the queue, taken out of it in order (the signature hash sees each). */
  private completeParts(): Part[] {
    const parts: Part[] = [];
    while (this.state === 'body') {
      const p = this.nextPart();
      if (!p) break;
      parts.push(p);
    }
    return parts;
  }

  private nextPart(): Part | undefined {
    const { q } = this;
    const h = this.header!;
    const framed = h.contentType === 'framed';
    const room = headLength(framed ? 'final' : 'single', h.suite);
    const b = q.peek(Math.min(q.length, room));
    const r = framed ? readFrameHead(b, 0, h.suite, h.frameLength) : readSingleHead(b, 0, h.suite);
    if (!r) return undefined;
    const head = { ...r.value, iv: r.value.iv.slice() };
    if (head.kind === 'single') {
      if (head.length > this.maxBody) throw new LimitExceededError(`body: non-framed content of ${head.length} bytes is over the maxBodySize limit (${this.maxBody})`);
    } else if (head.sequence !== this.seq) {
      throw new MalformedMessageError(`body: ${head.kind === 'final' ? 'final ' : ''}frame out of sequence`);
    }
    const tagLength = h.suite.tagLength;
    const total = r.end + head.length + tagLength;
    if (q.length < total) return undefined;
    const raw = q.take(total);
    this.verifier?.update(raw);
    if (head.kind === 'frame') this.seq++;
    else this.state = this.verifier ? 'footer' : 'done';
    return { head, ciphertext: raw.subarray(r.end, r.end + head.length), tag: raw.subarray(r.end + head.length) };
  }

  /** Opens `parts` at once; emits their plaintexts in order up to the first that fails, whose error is thrown. */
  private async open(parts: readonly Part[], emit: Emit): Promise<void> {
    const body = this.body!;
    const opened = parts.map((p) => Promise.resolve(body.open(p.head.kind, p.head.sequence, p.head.iv, p.ciphertext, p.tag)));
    const results = await Promise.allSettled(opened);
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      if (r.status === 'fulfilled') {
        emit(r.value);
        continue;
      }
      // Parts after a bad one are never released, though their own tags verified.
      for (const late of results.slice(i + 1)) if (late.status === 'fulfilled') late.value.fill(0);
      throw r.reason;
    }
  }

  /** The footer of a signed suite, checked against everything before it; false while it is incomplete. */
  private async footer(): Promise<boolean> {
    const { q } = this;
    const suite = this.header!.suite;
    const r = readFooter(q.peek(Math.min(q.length, maxFooterLength(suite))), 0, suite);
    if (!r) return false;
    let ok = false;
    try {
      ok = await this.verifier!.verify(r.value);
    } catch {
      ok = false;
    }
    if (!ok) throw new SignatureError();
    q.consume(r.end);
    this.state = 'done';
    return true;
  }
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
