/**
 * The incremental message reader shared by `decrypt` (one chunk: the whole message) and
 * `decryptStream` (many chunks). Plaintext leaves through `emit` only after its tag verified.
 */
import { createVerify, type KeyObject, type Verify } from 'node:crypto';
import { LimitExceededError, MalformedMessageError, SignatureError, TruncatedMessageError, needs } from './errors.js';
import type { DecryptionMaterials } from './materials.js';
import type { MaterialsManager } from './materials_manager.js';
import { ByteQueue } from './internal/byte_queue.js';
import { readHeader, type ParsedHeader } from './format/header.js';
import { BodyCipher, FINAL_FRAME_MARKER, MAX_NON_FRAMED_LENGTH, TAG_LENGTH, verifyHeaderAuth } from './format/body.js';
import { checkCommitment, deriveMessageKeys } from './crypto/kdf.js';
import { signatureHash } from './crypto/signature.js';
import { checkHeaderPolicy, prepareDecryption } from './materials_checks.js';
import { DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_FRAME_LENGTH, DEFAULT_MAX_HEADER_SIZE, type DecryptOptions } from './options.js';

const FINAL_HEAD = 4 + 4 + 12 + 4;
/** Frames from this size on are decrypted piecewise from the input chunks rather than gathered. */
const LARGE_FRAME = 64 * 1024;

type State = 'header' | 'body' | 'footer' | 'done';

export class MessageDecoder {
  private readonly q = new ByteQueue();
  private state: State = 'header';
  private seq = 1;
  private body: BodyCipher | undefined;
  private verifier: Verify | undefined;
  private verificationKey: KeyObject | undefined;
  private readonly maxHeader: number;
  private readonly maxFrame: number;
  private readonly maxBody: number;
  header: ParsedHeader | undefined;
  materials: DecryptionMaterials | undefined;

  constructor(
    private readonly manager: MaterialsManager,
    private readonly options: DecryptOptions,
    /** Streams cap non-framed bodies; a whole buffer is already in memory. */
    streaming: boolean,
  ) {
    this.maxHeader = options.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE;
    this.maxFrame = options.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
    this.maxBody = streaming ? (options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE) : MAX_NON_FRAMED_LENGTH;
  }

  /** Feeds bytes; `emit` receives each authenticated plaintext piece. Resolves when no complete unit is left. */
  async write(chunk: Buffer, emit: (plaintext: Buffer) => void): Promise<void> {
    this.q.push(chunk);
    if (this.state === 'header' && !(await this.readHeader())) return;
    this.drain(emit);
  }

  /** Call at the end of input: throws if the message is incomplete. */
  end(): void {
    if (this.state !== 'done') throw new TruncatedMessageError();
  }

  private async readHeader(): Promise<boolean> {
    if (this.q.length === 0) return false;
    const buf = this.q.peek(Math.min(this.q.length, this.maxHeader));
    const h = readHeader(buf, { maxEncryptedDataKeys: this.options.maxEncryptedDataKeys });
    if (!h) {
      needs(this.q.length < this.maxHeader, MalformedMessageError, `header: longer than the ${this.maxHeader}-byte limit`);
      return false;
    }
    needs(h.frameLength <= this.maxFrame, MalformedMessageError, `header: frame length ${h.frameLength} is over the ${this.maxFrame}-byte limit`);
    checkHeaderPolicy(h, this.options);
    const materials = await prepareDecryption(this.manager, h, this.options);
    const dataKey = materials.plaintextDataKey!;
    let keys;
    try {
      keys = deriveMessageKeys(h.suite, dataKey, h.messageId);
    } finally {
      dataKey.fill(0);
    }
    if (h.suite.committing) checkCommitment(h.commitment, keys.commitment);
    verifyHeaderAuth(h.suite, keys.key, h.headerIv, h.body, h.headerTag);
    if (h.suite.signature) {
      this.verifier = createVerify(signatureHash(h.suite));
      this.verifier.update(buf.subarray(0, h.length));
      this.verificationKey = materials.verificationKey;
    }
    this.body = new BodyCipher(h.suite, keys.key, h.messageId);
    this.header = h;
    this.materials = materials;
    this.q.consume(h.length);
    this.state = 'body';
    return true;
  }

  /**
   * A large frame is decrypted from the queued chunks in place, without gathering it into one
   * buffer; its pieces are emitted only after the tag verified.
   */
  private openLarge(kind: 'frame' | 'final', headLength: number, length: number, emit: (plaintext: Buffer) => void): void {
    const q = this.q;
    const head = Buffer.from(q.peek(headLength));
    const iv = kind === 'frame' ? head.subarray(4, 16) : head.subarray(8, 20);
    const pieces = q.slices(headLength, length);
    const tag = Buffer.concat(q.slices(headLength + length, TAG_LENGTH));
    const out = this.body!.openPieces(kind, this.seq, iv, pieces, length, tag);
    if (this.verifier) {
      this.verifier.update(head);
      for (const p of pieces) this.verifier.update(p);
      this.verifier.update(tag);
    }
    q.consume(headLength + length + TAG_LENGTH);
    for (const p of out) emit(p);
  }

  private bodyDone(): void {
    this.state = this.verifier ? 'footer' : 'done';
  }

  private drain(emit: (plaintext: Buffer) => void): void {
    const q = this.q;
    const h = this.header!;
    const body = this.body!;
    for (;;) {
      if (this.state === 'body' && h.contentType === 'framed') {
        if (q.length < 4) return;
        const f = h.frameLength;
        const marker = q.peek(4).readUInt32BE(0);
        if (marker !== FINAL_FRAME_MARKER) {
          const need = 16 + f + TAG_LENGTH;
          if (q.length < need) return;
          needs(marker === this.seq, MalformedMessageError, 'body: frame out of sequence');
          if (f >= LARGE_FRAME) {
            this.openLarge('frame', 16, f, emit);
            this.seq++;
            continue;
          }
          const b = q.peek(need);
          const pt = body.open('frame', this.seq, b.subarray(4, 16), b.subarray(16, 16 + f), b.subarray(16 + f));
          this.verifier?.update(b);
          q.consume(need);
          this.seq++;
          emit(pt);
          continue;
        }
        if (q.length < FINAL_HEAD) return;
        const head = q.peek(FINAL_HEAD);
        needs(head.readUInt32BE(4) === this.seq, MalformedMessageError, 'body: final frame out of sequence');
        const len = head.readUInt32BE(20);
        needs(len <= f, MalformedMessageError, 'body: final frame longer than the frame length');
        const need = FINAL_HEAD + len + TAG_LENGTH;
        if (q.length < need) return;
        if (len >= LARGE_FRAME) {
          this.openLarge('final', FINAL_HEAD, len, emit);
          this.bodyDone();
          continue;
        }
        const b = q.peek(need);
        const pt = body.open('final', this.seq, b.subarray(8, 20), b.subarray(FINAL_HEAD, FINAL_HEAD + len), b.subarray(FINAL_HEAD + len));
        this.verifier?.update(b);
        q.consume(need);
        this.bodyDone();
        emit(pt);
        continue;
      }
      if (this.state === 'body') {
        if (q.length < 20) return;
        const head = q.peek(20);
        const len = head.readUInt32BE(12) * 2 ** 32 + head.readUInt32BE(16);
        needs(len <= MAX_NON_FRAMED_LENGTH, MalformedMessageError, 'body: non-framed content longer than 2^36 - 32 bytes');
        if (len > this.maxBody) throw new LimitExceededError(`body: non-framed content of ${len} bytes is over the maxBodySize limit (${this.maxBody})`);
        const need = 20 + len + TAG_LENGTH;
        if (q.length < need) return;
        const b = q.peek(need);
        const pt = body.open('single', 1, b.subarray(0, 12), b.subarray(20, 20 + len), b.subarray(20 + len));
        this.verifier?.update(b);
        q.consume(need);
        this.bodyDone();
        emit(pt);
        continue;
      }
      if (this.state === 'footer') {
        if (q.length < 2) return;
        const sigLen = q.peek(2).readUInt16BE(0);
        if (q.length < 2 + sigLen) return;
        const sig = q.peek(2 + sigLen).subarray(2);
        let ok = false;
        try {
          ok = this.verifier!.verify(this.verificationKey!, sig);
        } catch {
          ok = false;
        }
        if (!ok) throw new SignatureError();
        q.consume(2 + sigLen);
        this.state = 'done';
        continue;
      }
      // done
      needs(q.length === 0, MalformedMessageError, 'message: trailing bytes after the end of the message');
      return;
    }
  }
}
