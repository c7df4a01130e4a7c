/**
 * `--armor`: a message as text that survives copy-paste and email. The format (also in the CLI
 * README):
 *
 *     -----BEGIN ENVELOPE MESSAGE-----
 *     <the binary message in standard base64 (RFC 4648 § 4, with = padding), 64 characters a line>
 *     -----END ENVELOPE MESSAGE-----
 *
 * Lines end with LF. A reader also takes CRLF, blank lines, spaces at either end of a line and
 * lines of any length, and nothing but whitespace after the end line. To de-armor without the CLI:
 * drop the two marker lines, join the rest, base64-decode.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { MalformedMessageError } from '@envelope/core';

export const ARMOR_BEGIN = '-----BEGIN ENVELOPE MESSAGE-----';
export const ARMOR_END = '-----END ENVELOPE MESSAGE-----';
/** Bytes per line: 48 bytes are 64 base64 characters. */
const LINE_BYTES = 48;

/** Binary message in, armored text out. */
export class ArmorEncoder extends Transform {
  #carry: Buffer = Buffer.alloc(0);
  #started = false;

  #begin(): void {
    if (this.#started) return;
    this.#started = true;
    this.push(`${ARMOR_BEGIN}\n`);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.#begin();
    const data = this.#carry.length ? Buffer.concat([this.#carry, chunk]) : chunk;
    const whole = data.length - (data.length % LINE_BYTES);
    const lines: string[] = [];
    for (let i = 0; i < whole; i += LINE_BYTES) lines.push(data.toString('base64', i, i + LINE_BYTES));
    if (lines.length) this.push(`${lines.join('\n')}\n`);
    this.#carry = Buffer.from(data.subarray(whole));
    done();
  }

  override _flush(done: TransformCallback): void {
    this.#begin();
    if (this.#carry.length) this.push(`${this.#carry.toString('base64')}\n`);
    this.push(`${ARMOR_END}\n`);
    done();
  }
}

const bad = (what: string): MalformedMessageError => new MalformedMessageError(`armor: ${what}`);

/**
 * Armored text in, the binary message out; anything that is not the armor format is refused with a
 * MalformedMessageError. Pure: `take` and `end` return the bytes decoded so far.
 */
export class ArmorReader {
  #line = '';
  #state: 'begin' | 'body' | 'end' = 'begin';
  #chars = '';
  #padded = false;
  #out: Buffer[] = [];

  #emit(chars: string): void {
    if (chars.length) this.#out.push(Buffer.from(chars, 'base64'));
  }

  #body(line: string): void {
    if (line === ARMOR_END) {
      this.#state = 'end';
      if (this.#chars.length % 4 !== 0) throw bad('the base64 text is cut short');
      this.#emit(this.#chars);
      this.#chars = '';
      return;
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(line)) throw bad('a line holds characters that are not base64');
    if (this.#padded) throw bad('text after the base64 padding');
    if (line.endsWith('=')) this.#padded = true;
    this.#chars += line;
    const whole = this.#chars.length - (this.#chars.length % 4);
    if (whole >= 4096) {
      this.#emit(this.#chars.slice(0, whole));
      this.#chars = this.#chars.slice(whole);
    }
  }

  #line1(raw: string): void {
    const line = raw.trim();
    if (this.#state === 'begin') {
      if (line === '') return;
      if (line !== ARMOR_BEGIN) throw bad(`the input does not start with ${ARMOR_BEGIN}`);
      this.#state = 'body';
    } else if (this.#state === 'body') {
      if (line !== '') this.#body(line);
    } else if (line !== '') {
      throw bad(`text after ${ARMOR_END}`);
    }
  }

  #drain(): Buffer[] {
    const out = this.#out;
    this.#out = [];
    return out;
  }

  /** Takes more text; returns the message bytes it completes. */
  take(chunk: Buffer): Buffer[] {
    const lines = (this.#line + chunk.toString('latin1')).split('\n');
    this.#line = lines.pop()!;
    if (this.#line.length > 1024 * 1024) throw bad('a line longer than 1 MiB');
    for (const l of lines) this.#line1(l);
    return this.#drain();
  }

  /** The end of the text; returns the last message bytes. */
  end(): Buffer[] {
    this.#line1(this.#line);
    this.#line = '';
    if (this.#state !== 'end') throw bad(this.#state === 'begin' ? 'the input is empty' : `no ${ARMOR_END} line: the text is cut short`);
    return this.#drain();
  }
}
