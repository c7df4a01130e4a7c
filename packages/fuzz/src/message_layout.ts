/**
 * Where the numeric fields and the frames of a well-formed message lie, found by walking its bytes
 * (AWS ESDK spec, data-format/message-header.md, message-body.md, message-footer.md). The fuzzer
 * walks messages itself rather than asking core's reader, so a reader bug cannot hide its own
 * targets; a test checks both agree on where the header ends.
 *
 * Only unmutated messages are walked; a defect throws a plain Error (a fuzzer bug, not a finding).
 */
import { findSuite, type AlgorithmSuite } from '@envelope/core';

/** A numeric field the targeted mutations overwrite. */
export interface NumericField {
  /** E.g. `header.edk[0].ciphertextLength`, `frame[2].sequence`, `footer.signatureLength`. */
  readonly name: string;
  readonly offset: number;
  readonly width: 1 | 2 | 4 | 8;
  /** Whether the field states a length (or a count) rather than a sequence number or marker. */
  readonly isLength: boolean;
}

/** One body unit: a regular frame, the final frame, or the non-framed block. */
export interface BodyUnit {
  readonly kind: 'frame' | 'final' | 'single';
  /** First byte of the unit in the message. */
  readonly start: number;
  /** The byte after its tag. */
  readonly end: number;
  /** Plaintext bytes released once this unit (and those before it) verified. */
  readonly plaintextEnd: number;
}

/** The layout of one message. */
export interface MessageLayout {
  readonly version: 1 | 2;
  readonly suiteId: number;
  readonly headerLength: number;
  readonly fields: readonly NumericField[];
  readonly units: readonly BodyUnit[];
  /** Where the footer starts (= message length for unsigned suites). */
  readonly bodyEnd: number;
  readonly length: number;
}

class Walker {
  o = 0;
  readonly fields: NumericField[] = [];
  constructor(readonly b: Buffer) {}

  need(n: number): void {
    if (this.o + n > this.b.length) throw new Error(`layout: message ends at ${this.b.length}, needs ${this.o + n}`);
  }
  skip(n: number): void {
    this.need(n);
    this.o += n;
  }
  num(name: string, width: 1 | 2 | 4 | 8, isLength: boolean): number {
    this.need(width);
    const at = this.o;
    this.fields.push({ name, offset: at, width, isLength });
    this.o += width;
    if (width === 1) return this.b[at]!;
    if (width === 2) return this.b.readUInt16BE(at);
    if (width === 4) return this.b.readUInt32BE(at);
    return this.b.readUInt32BE(at) * 2 ** 32 + this.b.readUInt32BE(at + 4);
  }
}

/** Walks a well-formed message and returns its numeric fields and body units. */
export function layoutOf(message: Uint8Array): MessageLayout {
  const w = new Walker(Buffer.from(message.buffer, message.byteOffset, message.byteLength));
  const { version, suiteId, suite, contentType, frameLength } = walkHeader(w);
  const headerLength = w.o;
  let units: BodyUnit[];
  if (contentType === 0x01) units = [walkSingle(w)];
  else if (contentType === 0x02) units = walkFrames(w, frameLength);
  else throw new Error(`layout: content type ${contentType}`);
  const bodyEnd = w.o;
  if (suite.signature) w.skip(w.num('footer.signatureLength', 2, true));
  if (w.o !== w.b.length) throw new Error(`layout: ${w.b.length - w.o} bytes after the message`);
  return { version, suiteId, headerLength, fields: w.fields, units, bodyEnd, length: w.o };
}

/** The header's fields, up to and including its authentication tag. */
function walkHeader(w: Walker): { version: 1 | 2; suiteId: number; suite: AlgorithmSuite; contentType: number; frameLength: number } {
  const version = w.num('header.version', 1, false);
  if (version !== 1 && version !== 2) throw new Error(`layout: version ${version}`);
  if (version === 1) w.num('header.type', 1, false);
  const suiteId = w.num('header.suiteId', 2, false);
  const suite = findSuite(suiteId);
  if (!suite) throw new Error(`layout: unknown suite ${suiteId}`);
  w.skip(version === 1 ? 16 : 32); // message id
  walkContextAndKeys(w);
  const contentType = w.num('header.contentType', 1, false);
  if (version === 1) {
    w.num('header.reserved', 4, false);
    w.num('header.ivLength', 1, true);
  }
  const frameLength = w.num('header.frameLength', 4, true);
  if (version === 2) w.skip(suite.commitmentLength);
  w.skip(version === 1 ? 12 + 16 : 16); // header auth: (v1 IV) + tag
  return { version, suiteId, suite, contentType, frameLength };
}

/** The encryption context's pairs and the encrypted data keys. */
function walkContextAndKeys(w: Walker): void {
  const ecLength = w.num('header.encryptionContextLength', 2, true);
  const ecEnd = w.o + ecLength;
  if (ecLength > 0) {
    const pairs = w.num('header.ec.count', 2, true);
    for (let i = 0; i < pairs; i++) {
      w.skip(w.num(`header.ec[${i}].keyLength`, 2, true));
      w.skip(w.num(`header.ec[${i}].valueLength`, 2, true));
    }
    if (w.o !== ecEnd) throw new Error('layout: encryption context length disagrees with its pairs');
  }
  const edks = w.num('header.edkCount', 2, true);
  for (let i = 0; i < edks; i++) {
    w.skip(w.num(`header.edk[${i}].providerIdLength`, 2, true));
    w.skip(w.num(`header.edk[${i}].providerInfoLength`, 2, true));
    w.skip(w.num(`header.edk[${i}].ciphertextLength`, 2, true));
  }
}

/** The non-framed body: IV, content length, content, tag. */
function walkSingle(w: Walker): BodyUnit {
  const start = w.o;
  w.skip(12);
  const len = w.num('body.contentLength', 8, true);
  w.skip(len + 16);
  return { kind: 'single', start, end: w.o, plaintextEnd: len };
}

/** Regular frames up to and including the final frame. */
function walkFrames(w: Walker, frameLength: number): BodyUnit[] {
  const units: BodyUnit[] = [];
  let released = 0;
  for (let i = 0; ; i++) {
    const start = w.o;
    w.need(4);
    if (w.b.readUInt32BE(w.o) === 0xffffffff) {
      w.num('final.marker', 4, false);
      w.num('final.sequence', 4, false);
      w.skip(12);
      const len = w.num('final.contentLength', 4, true);
      w.skip(len + 16);
      released += len;
      units.push({ kind: 'final', start, end: w.o, plaintextEnd: released });
      return units;
    }
    w.num(`frame[${i}].sequence`, 4, false);
    w.skip(12 + frameLength + 16);
    released += frameLength;
    units.push({ kind: 'frame', start, end: w.o, plaintextEnd: released });
  }
}

/**
 * How much plaintext a reader may have released from a message whose first `intact` bytes are
 * those of the original: the units that end within the intact prefix, and nothing of the first
 * unit touched by the change (its tag cannot have verified over the original bytes).
 */
export function releasable(layout: MessageLayout, intact: number): number {
  let n = 0;
  for (const u of layout.units) {
    if (u.end > intact) break;
    n = u.plaintextEnd;
  }
  return n;
}
