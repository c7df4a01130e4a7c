/**
 * The incremental message reader shared by `decrypt` (one chunk: the whole message) and
 * `decryptStream` (many chunks). Plaintext leaves through `emit` only after its tag verified.
 */
import { LimitExceededError, MalformedMessageError, SignatureError, TruncatedMessageError, needs } from './errors.js';
import type { DecryptionMaterials } from './materials.js';
import type { MaterialsManager } from './materials_manager.js';
import { ByteQueue } from './internal/byte_queue.js';
import { GrowBuffer } from './internal/grow_buffer.js';
import type { StepReader } from './internal/step_reader.js';
import { headerReader, type ParsedHeader } from './format/header.js';
import { MAX_NON_FRAMED_LENGTH, headLength, readFrameHead, readSingleHead, type BodyHead } from './format/frame_head.js';
import { maxFooterLength, readFooter } from './format/footer.js';
import { BodyCipher, LARGE_FRAME, type PartOpening } from './crypto/body_cipher.js';
import { verifyHeaderAuth } from './crypto/header_auth.js';
import { checkCommitment, deriveMessageKeys } from './crypto/kdf.js';
import { verifierFor } from './crypto/signature.js';
import type { Verifier } from './crypto/backend.js';
import { isPromise, now } from './crypto/maybe.js';
import { asBuffer } from './internal/bytes.js';
import { checkHeaderPolicy, prepareDecryption } from './materials_checks.js';
import { noteOpened } from './internal/operation_telemetry.js';
import { ParallelOpener } from './parallel_opener.js';
import { useThreads } from './internal/frame_pool.js';
import { HashOffload, hashOnWorker } from './internal/hash_offload.js';
import { concurrencyOf } from './internal/stream_guards.js';
import { DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_FRAME_LENGTH, DEFAULT_MAX_HEADER_SIZE, type DecryptOptions } from './options.js';

type State = 'header' | 'body' | 'footer' | 'done';
type Emit = (plaintext: Buffer) => void;

/** What a caller that needs more than plaintext (rewrap) sees while a message is read. */
export interface DecoderTap {
  /** Once the header authenticated: a copy of the data key, which the tap owns and must wipe. */
  opened(header: ParsedHeader, materials: DecryptionMaterials, dataKey: Uint8Array): Promise<void>;
  /**
   * Each body part's plaintext once its tag verified, before `emit` gets it (rewrap seals it again
   * under the new message key; `emit` then wipes it): views, never kept.
   */
  part(head: BodyHead, plaintext: readonly Uint8Array[]): void;
}

export class MessageDecoder {
  private readonly q = new ByteQueue();
  private state: State = 'header';
  private seq = 1;
  private body: BodyCipher | undefined;
  /** A stream's large part being opened as its content arrives (see {@link PartOpening}). */
  private opening: PartOpening | undefined;
  /** A signed suite's hash: here, or on a worker beside this thread's ciphers (HashOffload). */
  private verifier: Verifier | HashOffload | undefined;
  /** The footer signature's check when it answers later (on that worker, or an asynchronous backend), awaited by {@link finish}. */
  private signatureCheck: Promise<boolean> | undefined;
  /** Frames opened on worker threads (streams with `concurrency` > 1). */
  private parallel: ParallelOpener | undefined;
  private readonly concurrency: number;
  /** A header that arrived in pieces, gathered until complete (read incrementally, never re-read). */
  private readonly held = new GrowBuffer();
  private readonly reader: StepReader<ParsedHeader>;
  private readonly maxHeader: number;
  private readonly maxFrame: number;
  private readonly maxBody: number;
  /** Bytes of the longest body head of this message (set with the header). */
  private headRoom = 0;
  /** Bytes of the longest small body part (0 for large ones): room kept for a part split over writes. */
  private partRoom = 0;
  header: ParsedHeader | undefined;
  materials: DecryptionMaterials | undefined;

  constructor(
    private readonly manager: MaterialsManager,
    private readonly options: DecryptOptions,
    /** Streams cap non-framed bodies and own what they keep; a whole buffer is already in memory. */
    private readonly streaming: boolean,
    private readonly tap?: DecoderTap,
  ) {
    this.maxHeader = options.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE;
    this.maxFrame = options.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
    this.maxBody = streaming ? (options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE) : MAX_NON_FRAMED_LENGTH;
    this.reader = headerReader({ maxEncryptedDataKeys: options.maxEncryptedDataKeys });
    this.concurrency = streaming && !tap ? concurrencyOf(options.concurrency) : 1;
  }

  /** Work spent on the header so far: bytes copied and reader resumes (linear in its length). */
  get headerWork(): { readonly copied: number; readonly resumes: number } {
    return { copied: this.held.copied, resumes: this.reader.resumes };
  }

  /** Feeds bytes; `emit` receives each authenticated plaintext piece. Resolves when no complete unit is left. */
  async write(chunk: Buffer, emit: Emit): Promise<void> {
    if (this.state === 'header') {
      const rest = await this.readHeader(chunk);
      if (rest === undefined) return;
      chunk = rest;
    }
    if (this.parallel) {
      this.q.push(chunk);
      await this.stepParallel(this.parallel, emit);
      this.q.own();
    } else this.writeBody(chunk, emit);
  }

  /**
   * {@link write} without a promise where nothing has to wait (the header is read, frames are
   * opened on this thread): false, and nothing done, where the caller must use write().
   */
  writeNow(chunk: Buffer, emit: Emit): boolean {
    if (this.state === 'header' || this.parallel) return false;
    this.writeBody(chunk, emit);
    return true;
  }

  private writeBody(chunk: Buffer, emit: Emit): void {
    this.q.push(chunk);
    while (this.step(emit));
    // The caller may reuse `chunk` once this write is done: keep no view of it (issue 14 item 1).
    if (this.streaming) this.q.own(this.partRoom);
  }

  /** Call at the end of input: throws if the message is incomplete. */
  end(): void {
    if (this.state !== 'done') throw new TruncatedMessageError();
  }

  /** {@link end} for a whole message: a promise only when the footer's check answers later. */
  endWhole(): Promise<void> | undefined {
    this.end();
    const check = this.signatureCheck;
    if (!check) return undefined;
    return check.then((ok) => {
      if (!ok) throw new SignatureError();
    });
  }

  /** {@link end} for streams: first releases the frames still out on worker threads, in order. */
  async finish(emit: Emit): Promise<void> {
    if (this.parallel) {
      await this.parallel.drain(emit);
      this.parallel.close();
    }
    this.end();
    if (this.signatureCheck) {
      const ok = await this.signatureCheck;
      this.close();
      if (!ok) throw new SignatureError();
    }
  }

  /** A promise while a worker hashing the signature has no room for more (wait before writing more), else undefined. */
  room(): Promise<void> | undefined {
    return this.verifier instanceof HashOffload ? this.verifier.room() : undefined;
  }

  /** Stops the worker threads, if any, and wipes unverified plaintext held (the stream failed or was destroyed). */
  close(): void {
    this.parallel?.close();
    if (this.verifier instanceof HashOffload) this.verifier.close();
    this.opening?.discard();
    this.opening = undefined;
  }

  /**
   * The steps of a message whose frames go to worker threads: the window of batches out is kept
   * bounded, and all of them are released before the footer or the end is checked, so errors come
   * in the order of the single-thread path.
   */
  private async stepParallel(p: ParallelOpener, emit: Emit): Promise<void> {
    for (;;) {
      if (this.state !== 'body' && p.pending > 0) await p.drain(emit);
      if (!this.step(emit)) return;
      await p.room(emit);
    }
  }

  /** Reads the header once complete and opens the message; returns the bytes after it, or undefined. */
  private async readHeader(chunk: Buffer): Promise<Buffer | undefined> {
    if (this.held.length > 0) this.held.append(chunk);
    const bytes = this.held.length > 0 ? this.held.bytes : chunk;
    const h = this.reader.read(bytes);
    if (!h) {
      needs(bytes.length < this.maxHeader && this.reader.need <= this.maxHeader, MalformedMessageError, `header: longer than the ${this.maxHeader}-byte limit`);
      if (this.held.length === 0) this.held.append(chunk);
      return undefined;
    }
    needs(h.length <= this.maxHeader, MalformedMessageError, `header: longer than the ${this.maxHeader}-byte limit`);
    needs(h.frameLength <= this.maxFrame, MalformedMessageError, `header: frame length ${h.frameLength} is over the ${this.maxFrame}-byte limit`);
    checkHeaderPolicy(h, this.options);
    const materials = await prepareDecryption(this.manager, h, this.options);
    noteOpened(h.encryptedDataKeys, materials.decryptedBy);
    const dataKey = materials.plaintextDataKey!;
    let keys;
    let tapKey: Uint8Array | undefined;
    try {
      keys = deriveMessageKeys(h.suite, dataKey, h.messageId);
      if (isPromise(keys)) keys = await keys;
      if (this.tap) tapKey = Uint8Array.from(dataKey);
    } finally {
      dataKey.fill(0);
    }
    try {
      if (h.suite.committing) checkCommitment(h.commitment, keys.commitment);
      const auth = verifyHeaderAuth(keys.key, h.headerIv, h.body, h.headerTag);
      if (isPromise(auth)) await auth;
    } catch (err) {
      tapKey?.fill(0);
      throw err;
    }
    if (this.tap) await this.tap.opened(h, materials, tapKey!);
    const threads = h.contentType === 'framed' && useThreads(this.concurrency, h.frameLength);
    if (h.suite.signature) {
      const header = bytes.subarray(0, h.length);
      if (hashOnWorker(this.concurrency, threads)) this.verifier = new HashOffload('verify', h.suite, header, materials.verificationKey!);
      else {
        this.verifier = verifierFor(h.suite, materials.verificationKey!);
        this.verifier.update(header);
      }
    }
    this.body = new BodyCipher(h.suite, keys.key, h.messageId);
    // The opener hashes each batch as it sends it.
    if (threads) this.parallel = new ParallelOpener(h.suite, keys.key, h.messageId, h.frameLength, this.concurrency, this.verifier);
    this.headRoom = headLength(h.contentType === 'framed' ? 'final' : 'single', h.suite);
    this.partRoom = h.contentType === 'framed' && h.frameLength < LARGE_FRAME ? this.headRoom + h.frameLength + h.suite.tagLength : 0;
    this.header = h;
    this.materials = materials;
    this.state = 'body';
    return bytes.subarray(h.length);
  }

  /** Reads one unit (a frame, the non-framed body, the footer); false when it needs more bytes or the message ended. */
  private step(emit: Emit): boolean {
    switch (this.state) {
      case 'body':
        return this.opening ? this.feed(emit) : this.part(emit);
      case 'footer':
        return this.footer();
      case 'done':
        needs(this.q.length === 0, MalformedMessageError, 'message: trailing bytes after the end of the message');
        return false;
      default:
        return false;
    }
  }

  /** One frame, or the non-framed body: its head, then the whole part once it is there. */
  private part(emit: Emit): boolean {
    const { q } = this;
    const h = this.header!;
    if (this.parallel && h.contentType === 'framed') {
      // Regular frames go to the worker threads in bulk; the final frame and errors are read below.
      const n = this.parallel.addFrames(q, headLength('frame', h.suite) + h.frameLength + h.suite.tagLength, h.frameLength, this.seq);
      this.seq += n;
      if (n > 0) return true;
    }
    // Read in place from the front chunk when it holds the longest head (no copy, no view).
    let b = q.frontChunk;
    let o = q.frontOffset;
    if (b.length - o < this.headRoom) {
      b = q.peek(Math.min(q.length, this.headRoom));
      o = 0;
    }
    const r = h.contentType === 'framed' ? readFrameHead(b, o, h.suite, h.frameLength) : readSingleHead(b, o, h.suite);
    if (!r) return false;
    const head = r.value;
    if (head.kind === 'single') {
      if (head.length > this.maxBody) throw new LimitExceededError(`body: non-framed content of ${head.length} bytes is over the maxBodySize limit (${this.maxBody})`);
    } else if (head.sequence !== this.seq) {
      throw new MalformedMessageError(`body: ${head.kind === 'final' ? 'final ' : ''}frame out of sequence`);
    }
    const headEnd = r.end - o;
    if (head.length >= LARGE_FRAME && this.streaming && !this.tap && !this.parallel) {
      // Opened as its content arrives: the stream keeps no ciphertext of it past a write.
      for (const p of q.slices(0, headEnd)) this.verifier?.update(p);
      q.consume(headEnd);
      this.opening = this.body!.opening(head);
      return true;
    }
    const total = headEnd + head.length + h.suite.tagLength;
    if (q.length < total) return false;
    this.open(head, headEnd, total, emit, b, o);
    this.partDone(head.kind);
    return true;
  }

  /** After a part: the next frame, or the footer or the end. */
  private partDone(kind: BodyHead['kind']): void {
    if (kind === 'frame') this.seq++;
    else this.state = this.verifier ? 'footer' : 'done';
  }

  /** Deciphers the queued content of the part being opened; once its tag is there, checks it and emits the plaintext. */
  private feed(emit: Emit): boolean {
    const { q } = this;
    const op = this.opening!;
    const n = Math.min(q.length, op.left);
    if (n > 0) {
      for (const p of q.slices(0, n)) {
        this.verifier?.update(p);
        op.update(p);
      }
      q.consume(n);
    }
    const tagLength = this.header!.suite.tagLength;
    if (op.left > 0 || q.length < tagLength) return false;
    const tag = q.peek(tagLength);
    this.verifier?.update(tag);
    const pt = now(op.finish(tag));
    q.consume(tagLength);
    this.opening = undefined;
    for (const p of pt) emit(asBuffer(p));
    this.partDone(op.kind);
    return true;
  }

  /**
   * Opens the part at the front of the queue and emits its plaintext once its tag verified. A large
   * part is decrypted from the queued chunks in place, without gathering it into one buffer. The
   * part may already lie whole in `at` from offset `o` (the front chunk, or a peek).
   */
  private open(head: BodyHead, headEnd: number, total: number, emit: Emit, at: Buffer, o: number): void {
    const { q } = this;
    const body = this.body!;
    const length = head.length;
    if (this.parallel && head.kind !== 'single') {
      this.parallel.add(q.slices(0, total), length, head.kind === 'final');
      q.consume(total);
      return;
    }
    if (length >= LARGE_FRAME) {
      const tag = Buffer.concat(q.slices(headEnd + length, total - headEnd - length));
      const out = now(body.openPieces(head.kind, head.sequence, head.iv, q.slices(headEnd, length), length, tag));
      if (this.verifier) for (const p of q.slices(0, total)) this.verifier.update(p);
      this.tap?.part(head, out);
      q.consume(total);
      for (const p of out) emit(asBuffer(p));
      return;
    }
    let b = at;
    if (b.length - o < total) {
      b = q.peek(total);
      o = 0;
    }
    const c = o + headEnd;
    const pt = asBuffer(now(body.open(head.kind, head.sequence, head.iv, b.subarray(c, c + length), b.subarray(c + length, o + total))));
    this.verifier?.update(b.subarray(o, o + total));
    this.tap?.part(head, [pt]);
    q.consume(total);
    emit(pt);
  }

  /**
   * The footer of a signed suite: the signature over everything before it, checked here, or on the
   * worker that hashed it, where finish() awaits the answer (after every frame, as here).
   */
  private footer(): boolean {
    const { q } = this;
    const suite = this.header!.suite;
    const r = readFooter(q.peek(Math.min(q.length, maxFooterLength(suite))), 0, suite);
    if (!r) return false;
    const ok = this.verifier!.verify(r.value);
    if (isPromise(ok)) {
      this.signatureCheck = ok;
      ok.catch(() => {}); // awaited by finish(); a stream destroyed first never gets there
    } else if (!ok) throw new SignatureError();
    q.consume(r.end);
    this.state = 'done';
    return true;
  }
}
