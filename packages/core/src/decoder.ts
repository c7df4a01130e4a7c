/**
 * The incremental message reader shared by `decrypt` (one chunk: the whole message), `decryptStream`
 * (many chunks) and rewrap: it reads and authenticates the header (header_opening.ts, shared with
 * the browser's opener), then hands the bytes after it to one body opener (body/), through which
 * plaintext leaves only after its tag verified.
 */
import { TruncatedMessageError } from './errors.js';
import type { DecryptionMaterials } from './materials.js';
import type { MaterialsManager } from './materials_manager.js';
import type { ParsedHeader } from './format/header.js';
import { BodyCipher } from './crypto/body_cipher.js';
import { HeaderIntake, openHeader } from './header_opening.js';
import { openHere } from './body/here/open_here.js';
import type { BodyOpener, Emit, OpenerFactory, PartTap } from './body/seams.js';
import type { DecryptOptions } from './options.js';

/** What a caller that needs more than plaintext (rewrap) sees while a message is read. */
export interface DecoderTap extends PartTap {
  /** Once the header authenticated: a copy of the data key, which the tap owns and must wipe. */
  opened(header: ParsedHeader, materials: DecryptionMaterials, dataKey: Uint8Array): Promise<void>;
}

export class MessageDecoder {
  /** The header, gathered and read as it arrives. */
  private readonly intake: HeaderIntake<Buffer>;
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
    this.intake = new HeaderIntake(options, streaming, (n) => Buffer.allocUnsafe(n));
  }

  /** Work spent on the header so far: bytes copied and reader resumes (linear in its length). */
  get headerWork(): { readonly copied: number; readonly resumes: number } {
    return this.intake.work;
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
    const read = this.intake.read(chunk);
    if (!read) return undefined;
    const { header: h, bytes } = read;
    const { materials, key, dataKey } = await openHeader(this.manager, h, this.options, this.tap !== undefined);
    if (this.tap) await this.tap.opened(h, materials, dataKey!);
    const opener = this.openerFor({
      suite: h.suite,
      contentType: h.contentType,
      frameLength: h.frameLength,
      cipher: new BodyCipher(h.suite, key, h.messageId),
      maxBody: this.intake.maxBody,
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
}
