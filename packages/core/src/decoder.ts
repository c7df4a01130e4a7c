/**
 * The incremental message reader shared by `decrypt` (one chunk: the whole message), `decryptStream`
 * (many chunks) and rewrap: it reads and authenticates the header, then hands the bytes after it to
 * one body opener (body/), through which plaintext leaves only after its tag verified.
 */
import { MalformedMessageError, TruncatedMessageError, needs } from './errors.js';
import type { DecryptionMaterials } from './materials.js';
import type { MaterialsManager } from './materials_manager.js';
import { GrowBuffer } from './internal/grow_buffer.js';
import type { StepReader } from './internal/step_reader.js';
import { headerReader, type ParsedHeader } from './format/header.js';
import { MAX_NON_FRAMED_LENGTH } from './format/frame_head.js';
import { BodyCipher } from './crypto/body_cipher.js';
import { verifyHeaderAuth } from './crypto/header_auth.js';
import { checkCommitment, deriveMessageKeys } from './crypto/kdf.js';
import type { AesKey } from './crypto/backend.js';
import { isPromise } from './crypto/maybe.js';
import { checkHeaderPolicy, prepareDecryption } from './materials_checks.js';
import { noteOpened } from './telemetry/operation_telemetry.js';
import { openHere } from './body/here/open_here.js';
import type { BodyOpener, Emit, OpenerFactory, PartTap } from './body/seams.js';
import { DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_FRAME_LENGTH, DEFAULT_MAX_HEADER_SIZE, type DecryptOptions } from './options.js';

/** What a caller that needs more than plaintext (rewrap) sees while a message is read. */
export interface DecoderTap extends PartTap {
  /** Once the header authenticated: a copy of the data key, which the tap owns and must wipe. */
  opened(header: ParsedHeader, materials: DecryptionMaterials, dataKey: Uint8Array): Promise<void>;
}

export class MessageDecoder {
  /** A header that arrived in pieces, gathered until complete (read incrementally, never re-read). */
  private readonly held = new GrowBuffer();
  private readonly reader: StepReader<ParsedHeader>;
  private readonly maxHeader: number;
  private readonly maxFrame: number;
  private readonly maxBody: number;
  /** The copy of the data key the tap gets once the header authenticated (it owns and wipes it). */
  private tapKey: Uint8Array | undefined;
  /** The body's opener, once the header is read. */
  private opener: BodyOpener | undefined;
  header: ParsedHeader | undefined;
  materials: DecryptionMaterials | undefined;

  constructor(
    private readonly manager: MaterialsManager,
    private readonly options: DecryptOptions,
    /** Streams cap non-framed bodies and own what they keep; a whole buffer is already in memory. */
    private readonly streaming: boolean,
    private readonly tap?: DecoderTap,
    /** Where the body is opened: on this thread unless a stream's placement says otherwise. */
    private readonly openerFor: OpenerFactory = openHere,
  ) {
    this.maxHeader = options.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE;
    this.maxFrame = options.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
    this.maxBody = streaming ? (options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE) : MAX_NON_FRAMED_LENGTH;
    this.reader = headerReader({ maxEncryptedDataKeys: options.maxEncryptedDataKeys });
  }

  /** Work spent on the header so far: bytes copied and reader resumes (linear in its length). */
  get headerWork(): { readonly copied: number; readonly resumes: number } {
    return { copied: this.held.copied, resumes: this.reader.resumes };
  }

  /**
   * Feeds bytes; `emit` receives each authenticated plaintext piece. A promise while the header is
   * read or when the caller must wait before writing more; undefined when all was done at once.
   */
  write(chunk: Buffer, emit: Emit): Promise<void> | undefined {
    return this.opener ? this.opener.write(chunk, emit) : this.writeHeader(chunk, emit);
  }

  /** Call at the end of input: throws if the message is incomplete; a promise while a worker checks the signature. */
  end(emit: Emit): Promise<void> | undefined {
    if (!this.opener) throw new TruncatedMessageError();
    return this.opener.end(emit);
  }

  /** Stops worker threads, if any, and wipes unverified plaintext held (the stream failed or was destroyed). */
  close(): void {
    this.opener?.close();
  }

  private async writeHeader(chunk: Buffer, emit: Emit): Promise<void> {
    const rest = await this.readHeader(chunk);
    if (rest === undefined) return;
    const wait = this.opener!.write(rest, emit);
    if (wait) await wait;
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
    const key = await this.authenticate(h, materials);
    if (this.tap) await this.tap.opened(h, materials, this.tapKey!);
    this.tapKey = undefined;
    const opener = this.openerFor({
      suite: h.suite,
      contentType: h.contentType,
      frameLength: h.frameLength,
      cipher: new BodyCipher(h.suite, key, h.messageId),
      maxBody: this.maxBody,
      streaming: this.streaming,
      tap: this.tap,
      header: bytes.subarray(0, h.length),
      verificationKey: materials.verificationKey,
    });
    this.opener = opener instanceof Promise ? await opener : opener;
    this.header = h;
    this.materials = materials;
    return bytes.subarray(h.length);
  }

  /** Derives the message key (wiping the data key; a copy for the tap), checks the commitment and the header auth; the key. */
  private async authenticate(h: ParsedHeader, materials: DecryptionMaterials): Promise<AesKey> {
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
    this.tapKey = tapKey;
    return keys.key;
  }
}
