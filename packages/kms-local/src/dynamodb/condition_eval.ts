/**
 * Evaluates a parsed condition against an item (or against no item: every path is then absent, as
 * for a conditional write to an item that does not exist).
 */
import { compareValues, equalValues, type AttributeValue, type Item } from './attribute_value.js';
import type { Condition, Operand, Path } from './expression_parser.js';

/** The value at `path` in `item`, or undefined. */
export function valueAt(item: Item | undefined, path: Path): AttributeValue | undefined {
  let cur: AttributeValue | undefined;
  for (const [i, step] of path.entries()) {
    if (i === 0) cur = typeof step === 'string' ? item?.get(step) : undefined;
    else if (cur?.t === 'M' && typeof step === 'string') cur = cur.v.get(step);
    else if (cur?.t === 'L' && typeof step === 'number') cur = cur.v[step];
    else return undefined;
    if (!cur) return undefined;
  }
  return cur;
}

function sizeOf(a: AttributeValue | undefined): AttributeValue | undefined {
  if (!a) return undefined;
  switch (a.t) {
    case 'S': return { t: 'N', v: String(Buffer.byteLength(a.v, 'utf8')) };
    case 'B': return { t: 'N', v: String(a.v.length) };
    case 'M': return { t: 'N', v: String(a.v.size) };
    case 'L':
    case 'SS':
    case 'NS':
    case 'BS': return { t: 'N', v: String(a.v.length) };
    default: return undefined;
  }
}

function operand(item: Item | undefined, o: Operand): AttributeValue | undefined {
  if (o.k === 'value') return o.value;
  const v = valueAt(item, o.path);
  return o.k === 'size' ? sizeOf(v) : v;
}

function compare(op: string, a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (op === '<>') return !a || !b || !equalValues(a, b);
  if (!a || !b) return false;
  if (op === '=') return equalValues(a, b);
  const c = compareValues(a, b);
  if (c === undefined) return false;
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}

function contains(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (!a || !b) return false;
  if (a.t === 'S' && b.t === 'S') return a.v.includes(b.v);
  if (a.t === 'B' && b.t === 'B') return a.v.includes(b.v);
  if (a.t === 'SS' && b.t === 'S') return a.v.includes(b.v);
  if (a.t === 'NS' && b.t === 'N') return a.v.includes(b.v);
  if (a.t === 'BS' && b.t === 'B') return a.v.some((x) => x.equals(b.v));
  if (a.t === 'L') return a.v.some((x) => equalValues(x, b));
  return false;
}

/** Whether `a` begins with `b` (strings and binaries only). */
export function beginsWith(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (a?.t === 'S' && b?.t === 'S') return a.v.startsWith(b.v);
  if (a?.t === 'B' && b?.t === 'B') return a.v.subarray(0, b.v.length).equals(b.v);
  return false;
}

function call(item: Item | undefined, c: Extract<Condition, { k: 'fn' }>): boolean {
  const [first, second] = c.args;
  const a = operand(item, first!);
  switch (c.name) {
    case 'attribute_exists': return a !== undefined;
    case 'attribute_not_exists': return a === undefined;
    case 'attribute_type': {
      const t = operand(item, second!);
      return a !== undefined && t?.t === 'S' && t.v === a.t;
    }
    case 'begins_with': return beginsWith(a, operand(item, second!));
    case 'contains': return contains(a, operand(item, second!));
  }
}

/** Whether `item` satisfies `c`. */
export function evaluate(c: Condition, item: Item | undefined): boolean {
  switch (c.k) {
    case 'and': return evaluate(c.a, item) && evaluate(c.b, item);
    case 'or': return evaluate(c.a, item) || evaluate(c.b, item);
    case 'not': return !evaluate(c.a, item);
    case 'fn': return call(item, c);
    case 'cmp': return compare(c.op, operand(item, c.a), operand(item, c.b));
    case 'between': {
      const a = operand(item, c.a);
      return compare('>=', a, operand(item, c.lo)) && compare('<=', a, operand(item, c.hi));
    }
    case 'in': {
      const a = operand(item, c.a);
      return c.list.some((o) => compare('=', a, operand(item, o)));
    }
  }
}
