/**
 * A message read in a browser as its bytes arrive: the header (read by the codec, checked against
 * the options, opened through the materials manager, authenticated), then the complete body parts
 * in the bytes at hand, a batch at a time, each batch's parts opened at once by the crypto backend
 * (WebCrypto runs them off the main thread) while the next batches are read and hashed; each
 * part's plaintext is released in order and only once its tag verified, none after a part that
 * failed; the footer's signature at the end. Shared by the browser's `decrypt` and `decryptStream`.
 */
import { LimitExceededError, MalformedMessageError, SignatureError, TruncatedMessageError, needs } from '../errors.js';
import type { DecryptionMaterials } from '../materials.js';
import type { MaterialsManager } from '../materials_manager.js';
import type { ParsedHeader } from '../format/header.js';
import { headLength, readFrameHead, readSingleHead, type BodyHead } from '../format/frame_head.js';
import { maxFooterLength, readFooter } from '../format/footer.js';
import { BodyCipher } from '../crypto/body_cipher.js';
import type { Verifier } from '../crypto/backend.js';
import { verifierFor } from '../crypto/signature.js';
import { HeaderIntake, openHeader } from '../header_opening.js';
import type { DecryptOptions } from '../options.js';
import { ByteChunks } from './byte_chunks.js';
import { InOrder } from './in_order.js';
import { BATCHES_IN_FLIGHT, BATCH_BYTES, framesPerBatch } from './web_sealer.js';

type State = 'header' | 'body' | 'footer' | 'done';
/** Where authenticated plaintext goes: the plaintexts of a batch's parts, in order. */
export type Emit = (plaintexts: readonly Uint8Array[]) => void;

/** A body part read whole from the queue, not yet opened. */
interface Part {
  readonly head: BodyHead;
  /** The part's bytes, head to tag (what the signature hashes). */
  readonly raw: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

type Opened = PromiseSettledResult<Uint8Array>[];

/** Wipes the plaintexts that verified but are not released (a part before them failed). */
function wipe(results: Opened, from = 0): void {
  for (const r of results.slice(from)) if (r.status === 'fulfilled') r.value.fill(0);
}

export class MessageOpener {
  private readonly q = new ByteChunks();
  private state: State = 'header';
  private seq = 1;
  /** The header, gathered and read as it arrives (shared with Node's decoder). */
  private readonly intake: HeaderIntake<Uint8Array>;
  private body: BodyCipher | undefined;
  /** Batches being opened, released in order. */
  private readonly flight = new InOrder(BATCHES_IN_FLIGHT);
  private verifier: Verifier | undefined;
  header: ParsedHeader | undefined;
  materials: DecryptionMaterials | undefined;

  constructor(
    private readonly manager: MaterialsManager,
    private readonly options: DecryptOptions,
    /** Streams cap non-framed bodies; a whole buffer is in memory already. */
    streaming: boolean,
  ) {
    this.intake = new HeaderIntake(options, streaming, (n) => new Uint8Array(n));
  }

  /**
   * Feeds bytes; `emit` gets the parts' plaintexts once their tags verified, in order (possibly after
   * this resolved). Resolves once the chunk is read and few enough batches are in flight; the
   * caller may then reuse its chunk. Rejects with the first failure.
   */
  async write(chunk: Uint8Array, emit: Emit): Promise<void> {
    if (this.state === 'header') {
      const rest = await this.readHeader(chunk);
      if (rest === undefined) return;
      chunk = rest;
    }
    this.q.push(chunk, true);
    // Views of the chunk stay queued only until this resolves (what is left of it is copied then).
    while (this.step(emit)) await this.flight.room();
    this.q.own();
    await this.flight.room();
  }

  /** Starts what the queue completes (a batch of parts, the footer); false when it needs more bytes or the message ended. */
  private step(emit: Emit): boolean {
    if (this.state === 'body') {
      const parts = this.completeParts();
      if (parts.length === 0) return false;
      this.open(parts, emit);
      return true;
    }
    if (this.state === 'footer') return this.footer();
    needs(this.q.length === 0, MalformedMessageError, 'message: trailing bytes after the end of the message');
    return false;
  }

  /** The end of input: waits for the batches in flight; throws TruncatedMessageError unless the whole message (footer included) was read. */
  async end(): Promise<void> {
    await this.flight.drained();
    if (this.state !== 'done') throw new TruncatedMessageError();
  }

  /** Reads the header once complete and opens the message; returns the bytes after it, or undefined. */
  private async readHeader(chunk: Uint8Array): Promise<Uint8Array | undefined> {
    const read = this.intake.read(chunk);
    if (!read) return undefined;
    const { header: h, bytes } = read;
    const { materials, key } = await openHeader(this.manager, h, this.options, false);
    if (h.suite.signature) {
      this.verifier = verifierFor(h.suite, materials.verificationKey!);
      this.verifier.update(bytes.subarray(0, h.length));
    }
    this.body = new BodyCipher(h.suite, key, h.messageId);
    this.header = h;
    this.materials = materials;
    this.state = 'body';
    return bytes.subarray(h.length);
  }

  /** The next batch of body parts complete in the queue, taken out of it in order. */
  private completeParts(): Part[] {
    const parts: Part[] = [];
    const most = framesPerBatch(this.header!.frameLength);
    let bytes = 0;
    while (this.state === 'body' && parts.length < most && bytes < BATCH_BYTES) {
      const p = this.nextPart();
      if (!p) break;
      parts.push(p);
      bytes += p.raw.length;
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
    const head = r.value;
    if (head.kind === 'single') {
      if (head.length > this.intake.maxBody) throw new LimitExceededError(`body: non-framed content of ${head.length} bytes is over the maxBodySize limit (${this.intake.maxBody})`);
    } else if (head.sequence !== this.seq) {
      throw new MalformedMessageError(`body: ${head.kind === 'final' ? 'final ' : ''}frame out of sequence`);
    }
    const tagLength = h.suite.tagLength;
    const total = r.end + head.length + tagLength;
    if (q.length < total) return undefined;
    // A view of the queued bytes: the head's IV and the part are read by the cipher calls this write starts.
    const raw = q.read(total);
    if (head.kind === 'frame') this.seq++;
    else this.state = this.verifier ? 'footer' : 'done';
    return { head, raw, ciphertext: raw.subarray(r.end, r.end + head.length), tag: raw.subarray(r.end + head.length) };
  }

  /**
   * Starts opening `parts` (every cipher call takes its input now), then hashes them for the
   * signature while the calls run; their plaintexts go out in order up to the first that fails,
   * whose error the flight holds. Parts after a bad one are never released, though their tags verified.
   */
  private open(parts: readonly Part[], emit: Emit): void {
    const body = this.body!;
    const opened = Promise.allSettled(parts.map((p) => body.open(p.head.kind, p.head.sequence, p.head.iv, p.ciphertext, p.tag)));
    if (this.verifier) for (const p of parts) this.verifier.update(p.raw);
    this.flight.add(opened, (results) => {
      const failed = results.findIndex((r) => r.status === 'rejected');
      const good = failed < 0 ? results : results.slice(0, failed);
      if (good.length > 0) emit(good.map((r) => (r as PromiseFulfilledResult<Uint8Array>).value));
      if (failed < 0) return;
      wipe(results, failed + 1);
      throw (results[failed] as PromiseRejectedResult).reason;
    }, wipe);
  }

  /** Starts checking the footer of a signed suite against everything before it; false while it is incomplete. */
  private footer(): boolean {
    const { q } = this;
    const suite = this.header!.suite;
    const r = readFooter(q.peek(Math.min(q.length, maxFooterLength(suite))), 0, suite);
    if (!r) return false;
    const verifier = this.verifier!;
    const signature = Uint8Array.from(r.value);
    const checked = (async () => verifier.verify(signature))().catch(() => false);
    this.flight.add(checked, (ok) => {
      if (!ok) throw new SignatureError();
    });
    q.consume(r.end);
    this.state = 'done';
    return true;
  }
}

