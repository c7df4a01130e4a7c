/**
 * What an input is, from its first bytes, when it is not an Envelope / AWS Encryption SDK message:
 * so that a dotenv file, a gzip or age file, an empty file or plain text is named as such instead of
 * failing deep in the header reader ("unknown message format version 0x44").
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { MalformedMessageError, findSuite, parseHeader, type MessageHeader } from '@envelope/core';
import { ARMOR_BEGIN, ArmorReader } from './armor.js';

/** Header bytes kept at most for {@link MessageGate.header}. */
const MAX_HEADER = 1024 * 1024;

/** Bytes read to recognise a format. */
export const SNIFF_BYTES = 64;

const KNOWN: readonly { test: (head: Buffer) => boolean; name: string }[] = [
  { test: (h) => h[0] === 0x1f && h[1] === 0x8b, name: 'a gzip file' },
  { test: (h) => h.subarray(0, 21).toString('latin1') === 'age-encryption.org/v1', name: 'an age file' },
  { test: (h) => h.toString('latin1').startsWith('-----BEGIN AGE ENCRYPTED FILE-----'), name: 'an armored age file' },
  { test: (h) => h.subarray(0, 4).toString('latin1') === 'PK\x03\x04', name: 'a zip file' },
  { test: (h) => /^-----BEGIN [A-Z ]*(PRIVATE|PUBLIC) KEY-----/.test(h.toString('latin1')), name: 'a PEM key' },
  { test: (h) => h.subarray(0, 5).toString('latin1') === '%PDF-', name: 'a PDF file' },
];

/** Whether `head` starts like a message in binary form: version 1 (type 0x80) or version 2 with a known suite. */
function looksLikeMessage(head: Buffer): boolean {
  if (head.length < 3) return head.length > 0 && (head[0] === 1 || head[0] === 2);
  if (head[0] === 1) return head[1] === 0x80;
  return head[0] === 2 && findSuite(head.readUInt16BE(1)) !== undefined;
}

/** True when `head` is printable text (a dotenv file, a CSV, a config). */
function isText(head: Buffer): boolean {
  return head.length > 0 && [...head].every((b) => b === 9 || b === 10 || b === 13 || (b >= 0x20 && b < 0x7f) || b >= 0xc2);
}

/**
 * Undefined when `head` may be a message (binary, or armored when `armored` is allowed); otherwise
 * the sentence that says what `name` is instead.
 */
export function notAMessage(head: Buffer, name: string): string | undefined {
  if (head.length === 0) return `${name} is empty`;
  if (looksLikeMessage(head)) return undefined;
  if (head.toString('latin1').trimStart().startsWith(ARMOR_BEGIN)) return undefined;
  const known = KNOWN.find((k) => k.test(head));
  const what = known ? ` (it looks like ${known.name})` : isText(head) ? ' (it is text)' : '';
  return `${name} is not an Envelope / AWS Encryption SDK message${what}`;
}

/** Whether the armored text form starts `head`. */
export function isArmored(head: Buffer): boolean {
  return head.toString('latin1').trimStart().startsWith(ARMOR_BEGIN);
}

/** The first {@link SNIFF_BYTES} bytes of a regular file. */
export function fileHead(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(SNIFF_BYTES);
    return b.subarray(0, readSync(fd, b, 0, b.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Passes a message through after checking its first bytes: refuses what is not a message (naming
 * it) before the decoder sees a byte, and de-armors an armored message on the way.
 */
export class MessageGate extends Transform {
  #head: Buffer[] = [];
  #length = 0;
  #armor: ArmorReader | undefined;
  #decided = false;

  constructor(private readonly inputName: string) {
    super();
  }

  #seen: Buffer[] = [];
  #seenLength = 0;
  /** The message's header once its bytes went through (for error messages; the decoder parses its own). */
  header: MessageHeader | undefined;

  #note(b: Buffer): void {
    if (this.header || this.#seenLength > MAX_HEADER) return;
    this.#seen.push(Buffer.from(b));
    this.#seenLength += b.length;
    const parsed = parseHeader(Buffer.concat(this.#seen));
    if (parsed) {
      this.header = parsed.header;
      this.#seen = [];
    }
  }

  #out(b: Buffer): void {
    this.#note(b);
    this.push(b);
  }

  #forward(chunk: Buffer): void {
    if (!this.#armor) this.#out(chunk);
    else for (const b of this.#armor.take(chunk)) this.#out(b);
  }

  #decide(): void {
    const all = Buffer.concat(this.#head);
    this.#head = [];
    this.#decided = true;
    const problem = notAMessage(all.subarray(0, SNIFF_BYTES), this.inputName);
    if (problem) throw new MalformedMessageError(problem);
    if (isArmored(all)) this.#armor = new ArmorReader();
    this.#forward(all);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      if (this.#decided) this.#forward(chunk);
      else {
        this.#head.push(Buffer.from(chunk)); // the producer may reuse its buffer
        this.#length += chunk.length;
        if (this.#length >= SNIFF_BYTES) this.#decide();
      }
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (!this.#decided) this.#decide();
      for (const b of this.#armor?.end() ?? []) this.#out(b);
      done();
    } catch (e) {
      done(e as Error);
    }
  }
}

/**
 * For commands that take several files: why `file` is not a message, or undefined when it may be
 * one (a file that cannot be read is left to the command, which reports it).
 */
export function notAMessageFile(file: string): string | undefined {
  let head: Buffer;
  try {
    head = fileHead(file);
  } catch {
    return undefined;
  }
  return notAMessage(head, file);
}
