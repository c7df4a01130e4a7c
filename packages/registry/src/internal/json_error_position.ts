/**
 * Where a JSON text first goes wrong, as line and column, found by a small validating scanner.
 * JSON.parse's own messages quote the text around the error, and a config file can hold secrets
 * (credentials, base64 keys), so config errors give only this position.
 */

/** Line and column (both from 1) of the first syntax error in `text`, or undefined if none is found. */
export function jsonErrorPosition(text: string): { line: number; column: number } | undefined {
  let offset: number | undefined;
  try {
    offset = firstError(text);
  } catch {
    offset = undefined; // nesting too deep for the scanner
  }
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

class Bad {
  constructor(readonly at: number) {}
}

/** A validating JSON scanner that throws {@link Bad} at the first offset that cannot be JSON. */
class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  fail(): never {
    throw new Bad(this.i);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length && (s[this.i] === ' ' || s[this.i] === '\t' || s[this.i] === '\n' || s[this.i] === '\r')) this.i++;
  }

  string(): void {
    const s = this.s;
    this.i++; // opening quote
    for (;;) {
      if (this.i >= s.length) this.fail();
      const c = s.charCodeAt(this.i);
      if (c === 0x22) return void this.i++;
      if (c < 0x20) this.fail();
      if (c === 0x5c) this.escape();
      else this.i++;
    }
  }

  escape(): void {
    const s = this.s;
    this.i++;
    const e = s[this.i];
    if (e === 'u') {
      for (let k = 1; k <= 4; k++) {
        if (!/[0-9a-fA-F]/.test(s[this.i + k] ?? '')) {
          this.i += k;
          this.fail();
        }
      }
      this.i += 5;
    } else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.i++;
    else this.fail();
  }

  number(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail();
    this.i += m[0].length;
  }

  object(): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') return void this.i++;
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail();
      this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail();
      this.i++;
      this.value();
      if (this.endOfItem('}')) return;
    }
  }

  array(): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') return void this.i++;
    for (;;) {
      this.value();
      if (this.endOfItem(']')) return;
    }
  }

  /** After an item: a comma (more to come, false) or `close` (done, true). */
  endOfItem(close: string): boolean {
    this.ws();
    if (this.s[this.i] === ',') {
      this.i++;
      return false;
    }
    if (this.s[this.i] !== close) this.fail();
    this.i++;
    return true;
  }

  value(): void {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) if (this.s.startsWith(word, this.i)) return void (this.i += word.length);
    this.fail();
  }
}

function firstError(s: string): number | undefined {
  const scan = new Scanner(s);
  try {
    if (s.charCodeAt(0) === 0xfeff) scan.i = 1;
    scan.value();
    scan.ws();
    if (scan.i < s.length) scan.fail();
    return undefined;
  } catch (e) {
    if (e instanceof Bad) return e.at;
    throw e;
  }
}
