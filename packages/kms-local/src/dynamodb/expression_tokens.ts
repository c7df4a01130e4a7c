/**
 * The tokenizer of DynamoDB expressions: names, `#name` and `:value` placeholders, list indexes,
 * punctuation and comparators. Keywords (AND, OR, NOT, BETWEEN, IN) are names the parser reads
 * case-insensitively.
 */
import { invalid } from './ddb_error.js';

export type TokenKind = 'name' | 'placeholder' | 'value' | 'int' | 'op' | 'punct' | 'end';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Offset of the token in the expression. */
  readonly at: number;
}

const PATTERNS: readonly [TokenKind, RegExp][] = [
  ['placeholder', /#[A-Za-z0-9_]+/y],
  ['value', /:[A-Za-z0-9_]+/y],
  ['name', /[A-Za-z_][A-Za-z0-9_]*/y],
  ['int', /[0-9]+/y],
  ['op', /<>|<=|>=|=|<|>/y],
  ['punct', /[(),.[\]]/y],
];

/** The tokens of `source`, ending with an `end` token; `label` names the expression in errors. */
export function tokenize(source: string, label: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ws = /\s+/y;
    ws.lastIndex = i;
    if (ws.exec(source)) {
      i = ws.lastIndex;
      continue;
    }
    const hit = PATTERNS.find(([, re]) => {
      re.lastIndex = i;
      return re.test(source);
    });
    if (!hit) throw invalid(`Invalid ${label}: Syntax error; token: "${source[i]}", near: "${source.slice(Math.max(0, i - 8), i + 8)}"`);
    out.push({ kind: hit[0], text: source.slice(i, hit[1].lastIndex), at: i });
    i = hit[1].lastIndex;
  }
  out.push({ kind: 'end', text: '<EOF>', at: source.length });
  return out;
}

/** The words DynamoDB expressions keep for themselves. */
export const KEYWORDS: ReadonlySet<string> = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN']);
