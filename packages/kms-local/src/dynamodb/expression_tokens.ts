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

const PATTERNS: readonly [TokenKind | 'space', string][] = [
  ['placeholder', '#[A-Za-z0-9_]+'],
  ['value', ':[A-Za-z0-9_]+'],
  ['name', '[A-Za-z_][A-Za-z0-9_]*'],
  ['int', '[0-9]+'],
  ['op', '<>|<=|>=|=|<|>'],
  ['punct', '[(),.[\\]]'],
  ['space', '\\s+'],
];

/** The tokens of `source`, ending with an `end` token; `label` names the expression in errors. */
export function tokenize(source: string, label: string): Token[] {
  // Sticky expressions hold a position (lastIndex): made per call, never shared.
  const patterns = PATTERNS.map(([kind, src]) => [kind, new RegExp(src, 'y')] as const);
  const out: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const hit = patterns.find(([, re]) => {
      re.lastIndex = i;
      return re.test(source);
    });
    if (!hit) throw invalid(`Invalid ${label}: Syntax error; token: "${source[i]}", near: "${source.slice(Math.max(0, i - 8), i + 8)}"`);
    if (hit[0] !== 'space') out.push({ kind: hit[0] as TokenKind, text: source.slice(i, hit[1].lastIndex), at: i });
    i = hit[1].lastIndex;
  }
  out.push({ kind: 'end', text: '<EOF>', at: source.length });
  return out;
}

/** The words DynamoDB expressions keep for themselves. */
export const KEYWORDS: ReadonlySet<string> = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN']);
