/**
 * The parser of DynamoDB condition expressions (also used for key conditions and filters), by
 * recursive descent with DynamoDB's precedence: comparisons, BETWEEN and IN bind tightest, then NOT,
 * AND, OR. `#name` and `:value` placeholders are resolved while parsing, and the ones used are
 * recorded so the caller can refuse unused ones as DynamoDB does.
 */
import type { AttributeValue } from './attribute_value.js';
import { invalid } from './ddb_error.js';
import { KEYWORDS, tokenize, type Token } from './expression_tokens.js';
import { isReservedWord } from './reserved_words.js';

/** A document path: attribute names and list indexes. */
export type Path = readonly (string | number)[];

export type Operand =
  | { readonly k: 'path'; readonly path: Path }
  | { readonly k: 'value'; readonly value: AttributeValue }
  | { readonly k: 'size'; readonly path: Path };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type FunctionName = 'attribute_exists' | 'attribute_not_exists' | 'attribute_type' | 'begins_with' | 'contains';

export type Condition =
  | { readonly k: 'cmp'; readonly op: Comparator; readonly a: Operand; readonly b: Operand }
  | { readonly k: 'between'; readonly a: Operand; readonly lo: Operand; readonly hi: Operand }
  | { readonly k: 'in'; readonly a: Operand; readonly list: readonly Operand[] }
  | { readonly k: 'fn'; readonly name: FunctionName; readonly args: readonly Operand[] }
  | { readonly k: 'and' | 'or'; readonly a: Condition; readonly b: Condition }
  | { readonly k: 'not'; readonly a: Condition };

/** The placeholders a request defines, and those its expressions used. */
export interface Placeholders {
  readonly names: ReadonlyMap<string, string>;
  readonly values: ReadonlyMap<string, AttributeValue>;
  readonly usedNames: Set<string>;
  readonly usedValues: Set<string>;
}

const FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ['attribute_exists', 1], ['attribute_not_exists', 1], ['attribute_type', 2], ['begins_with', 2], ['contains', 2],
]);

class Parser {
  private pos = 0;
  private readonly tokens: Token[];

  constructor(
    private readonly source: string,
    private readonly label: string,
    private readonly p: Placeholders,
  ) {
    this.tokens = tokenize(source, label);
  }

  parse(): Condition {
    if (this.peek().kind === 'end') throw invalid(`Invalid ${this.label}: The expression can not be empty;`);
    const c = this.or();
    if (this.peek().kind !== 'end') throw this.syntax();
    return c;
  }

  /** A projection: document paths separated by commas. */
  paths(): Path[] {
    if (this.peek().kind === 'end') throw invalid(`Invalid ${this.label}: The expression can not be empty;`);
    const out = [this.path()];
    while (this.peek().text === ',') {
      this.next();
      out.push(this.path());
    }
    if (this.peek().kind !== 'end') throw this.syntax();
    return out;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private keyword(word: string): boolean {
    const t = this.peek();
    if (t.kind !== 'name' || t.text.toUpperCase() !== word) return false;
    this.pos++;
    return true;
  }

  private expect(text: string): void {
    if (this.peek().text !== text) throw this.syntax();
    this.next();
  }

  private syntax(): Error {
    const t = this.peek();
    const before = this.tokens[this.pos - 1];
    const after = this.tokens[this.pos + 1];
    const near = this.source.slice(before ? before.at : t.at, after && after.kind !== 'end' ? after.at + after.text.length : this.source.length);
    return invalid(`Invalid ${this.label}: Syntax error; token: "${t.text}", near: "${near}"`);
  }

  private or(): Condition {
    let a = this.and();
    while (this.keyword('OR')) a = { k: 'or', a, b: this.and() };
    return a;
  }

  private and(): Condition {
    let a = this.not();
    while (this.keyword('AND')) a = { k: 'and', a, b: this.not() };
    return a;
  }

  private not(): Condition {
    if (this.keyword('NOT')) return { k: 'not', a: this.not() };
    return this.primary();
  }

  private primary(): Condition {
    const t = this.peek();
    if (t.text === '(') {
      this.next();
      const c = this.or();
      this.expect(')');
      return c;
    }
    if (t.kind === 'name' && this.peek(1).text === '(' && t.text !== 'size') return this.call();
    const a = this.operand();
    return this.comparison(a);
  }

  private call(): Condition {
    const name = this.next().text;
    const arity = FUNCTIONS.get(name);
    if (arity === undefined) throw invalid(`Invalid ${this.label}: Invalid function name; function: ${name}`);
    this.expect('(');
    const args = [this.operand()];
    while (this.peek().text === ',') {
      this.next();
      args.push(this.operand());
    }
    this.expect(')');
    if (args.length !== arity) throw invalid(`Invalid ${this.label}: Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`);
    if (args[0]!.k !== 'path') throw invalid(`Invalid ${this.label}: Operator or function requires a document path; operator or function: ${name}`);
    return { k: 'fn', name: name as FunctionName, args };
  }

  private comparison(a: Operand): Condition {
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      return { k: 'cmp', op: t.text as Comparator, a, b: this.operand() };
    }
    if (this.keyword('BETWEEN')) {
      const lo = this.operand();
      if (!this.keyword('AND')) throw this.syntax();
      return { k: 'between', a, lo, hi: this.operand() };
    }
    if (this.keyword('IN')) {
      this.expect('(');
      const list = [this.operand()];
      while (this.peek().text === ',') {
        this.next();
        list.push(this.operand());
      }
      this.expect(')');
      return { k: 'in', a, list };
    }
    throw this.syntax();
  }

  private operand(): Operand {
    const t = this.peek();
    if (t.kind === 'value') {
      this.next();
      const value = this.p.values.get(t.text);
      if (!value) throw invalid(`Invalid ${this.label}: An expression attribute value used in expression is not defined; attribute value: ${t.text}`);
      this.p.usedValues.add(t.text);
      return { k: 'value', value };
    }
    if (t.kind === 'name' && t.text === 'size' && this.peek(1).text === '(') {
      this.next();
      this.next();
      const path = this.path();
      this.expect(')');
      return { k: 'size', path };
    }
    return { k: 'path', path: this.path() };
  }

  private pathName(): string {
    const t = this.peek();
    if (t.kind === 'placeholder') {
      this.next();
      const name = this.p.names.get(t.text);
      if (name === undefined) throw invalid(`Invalid ${this.label}: An expression attribute name used in the document path is not defined; attribute name: ${t.text}`);
      this.p.usedNames.add(t.text);
      return name;
    }
    if (t.kind !== 'name' || KEYWORDS.has(t.text.toUpperCase())) throw this.syntax();
    if (isReservedWord(t.text)) throw invalid(`Invalid ${this.label}: Attribute name is a reserved keyword; reserved keyword: ${t.text}`);
    this.next();
    return t.text;
  }

  private path(): Path {
    const out: (string | number)[] = [this.pathName()];
    for (;;) {
      if (this.peek().text === '.') {
        this.next();
        out.push(this.pathName());
      } else if (this.peek().text === '[') {
        this.next();
        const n = this.next();
        if (n.kind !== 'int') throw this.syntax();
        out.push(Number(n.text));
        this.expect(']');
      } else return out;
    }
  }
}

/** Parses `source` (the request member `label`, such as `ConditionExpression`), resolving placeholders. */
export function parseCondition(source: string, label: string, p: Placeholders): Condition {
  return new Parser(source, label, p).parse();
}

/** Parses a `ProjectionExpression`. */
export function parseProjection(source: string, p: Placeholders): Path[] {
  return new Parser(source, 'ProjectionExpression', p).paths();
}
