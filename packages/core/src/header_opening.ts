/**
 * Reading and opening a message's header, shared by Node's decoder (decoder.ts) and the browser's
 * opener (web/web_opener.ts): the header gathered from chunks until complete and read by the codec
 * within the options' limits; then checked against the commitment policy, its data key got from the
 * materials manager, the message key derived (the data key wiped), the key commitment and the
 * header's auth tag checked. Reaches the crypto backend only through `#crypto-backend`, so the
 * browser build takes it as it is.
 */
import { MalformedMessageError, needs } from './errors.js';
import type { DecryptionMaterials } from './materials.js';
import type { MaterialsManager } from './materials_manager.js';
import { GrowBuffer } from './internal/grow_buffer.js';
import { StepReader } from './internal/step_reader.js';
import { headerReader, type ParsedHeader } from './format/header.js';
import { MAX_NON_FRAMED_LENGTH } from './format/frame_head.js';
import { verifyHeaderAuth } from './crypto/header_auth.js';
import { checkCommitment, deriveMessageKeys } from './crypto/kdf.js';
import type { AesKey } from './crypto/backend.js';
import { isPromise } from './crypto/maybe.js';
import { checkHeaderPolicy, prepareDecryption } from './materials_checks.js';
import { noteOpened } from './telemetry/operation_telemetry.js';
import { DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_FRAME_LENGTH, DEFAULT_MAX_HEADER_SIZE, type DecryptOptions } from './options.js';

/** A header read whole, and the bytes it was read from (the header first, then what followed it). */
export interface HeaderRead<B extends Uint8Array> {
  readonly header: ParsedHeader;
  readonly bytes: B;
}

/** A message's header gathered from chunks and read incrementally (never re-read), within the options' limits. */
export class HeaderIntake<B extends Uint8Array> {
  /** A header that arrived in pieces, gathered until complete. */
  private readonly held: GrowBuffer<B>;
  private readonly reader: StepReader<ParsedHeader>;
  private readonly maxHeader: number;
  private readonly maxFrame: number;
  /** The largest non-framed body taken: streams cap them; a whole buffer is already in memory. */
  readonly maxBody: number;

  /** `alloc`: a buffer of the caller's kind (Node's Buffer, a browser's Uint8Array) to gather into. */
  constructor(options: DecryptOptions, streaming: boolean, alloc: (length: number) => B) {
    this.held = new GrowBuffer(alloc);
    this.maxHeader = options.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE;
    this.maxFrame = options.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
    this.maxBody = streaming ? (options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE) : MAX_NON_FRAMED_LENGTH;
    this.reader = headerReader({ maxEncryptedDataKeys: options.maxEncryptedDataKeys });
  }

  /** Work spent on the header so far: bytes copied and reader resumes (linear in its length). */
  get work(): { readonly copied: number; readonly resumes: number } {
    return { copied: this.held.copied, resumes: this.reader.resumes };
  }

  /** Takes `chunk`: the header once complete, with the bytes it was read from; else undefined (a copy of the chunk is held). */
  read(chunk: B): HeaderRead<B> | undefined {
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
    return { header: h, bytes };
  }
}

/** What opening a header gives. */
export interface OpenedHeader {
  readonly materials: DecryptionMaterials;
  /** The message key, for the body. */
  readonly key: AesKey;
  /** A copy of the data key, when asked for: the caller owns and must wipe it. */
  readonly dataKey: Uint8Array | undefined;
}

/**
 * Opens a header read whole: policy, materials, the message key (the data key wiped; a copy kept
 * when `keepDataKey`), the key commitment, the header's auth tag. Throws the typed error of the
 * first check that fails, having wiped every key it made.
 */
export async function openHeader(manager: MaterialsManager, h: ParsedHeader, options: DecryptOptions, keepDataKey: boolean): Promise<OpenedHeader> {
  checkHeaderPolicy(h, options);
  const materials = await prepareDecryption(manager, h, options);
  noteOpened(h.encryptedDataKeys, materials.decryptedBy);
  const dataKey = materials.plaintextDataKey!;
  let keys;
  let copy: Uint8Array | undefined;
  try {
    keys = deriveMessageKeys(h.suite, dataKey, h.messageId);
    if (isPromise(keys)) keys = await keys;
    if (keepDataKey) copy = Uint8Array.from(dataKey);
  } finally {
    dataKey.fill(0);
  }
  try {
    if (h.suite.committing) checkCommitment(h.commitment, keys.commitment);
    const auth = verifyHeaderAuth(keys.key, h.headerIv, h.body, h.headerTag);
    if (isPromise(auth)) await auth;
  } catch (err) {
    copy?.fill(0);
    throw err;
  }
  return { materials, key: keys.key, dataKey: copy };
}
