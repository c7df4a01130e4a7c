/**
 * DynamoDB attribute values: read from the wire (`{"S": …}`, `{"M": {…}}`, …) into a tagged form
 * with Maps for maps and items (so an attribute named `__proto__` is just a name), validated as
 * DynamoDB validates them, and written back.
 */
import { canonicalNumber, compareNumbers, numberSize } from './number_value.js';
import { DdbError, invalid } from './ddb_error.js';

export type AttributeValue =
  | { readonly t: 'S'; readonly v: string }
  | { readonly t: 'N'; readonly v: string }
  | { readonly t: 'B'; readonly v: Buffer }
  | { readonly t: 'BOOL'; readonly v: boolean }
  | { readonly t: 'NULL' }
  | { readonly t: 'M'; readonly v: ReadonlyMap<string, AttributeValue> }
  | { readonly t: 'L'; readonly v: readonly AttributeValue[] }
  | { readonly t: 'SS'; readonly v: readonly string[] }
  | { readonly t: 'NS'; readonly v: readonly string[] }
  | { readonly t: 'BS'; readonly v: readonly Buffer[] };

export type AttributeType = AttributeValue['t'];
/** An item: attribute name → value. */
export type Item = ReadonlyMap<string, AttributeValue>;

const TYPES: readonly AttributeType[] = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const serialization = (what: string): DdbError => new DdbError('SerializationException', `Unexpected value type in payload: ${what}`);

/** A plain JSON object (not an array), or undefined. */
export function jsonObject(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw serialization(what);
  return v;
}

function bytes(v: unknown): Buffer {
  const s = str(v, 'B');
  if (s.length % 4 !== 0 || !BASE64.test(s)) throw serialization('B must be base64');
  return Buffer.from(s, 'base64');
}

function set<T>(v: unknown, what: string, read: (x: unknown) => T, key: (x: T) => string): T[] {
  if (!Array.isArray(v)) throw serialization(what);
  if (!v.length) throw invalid(`One or more parameter values were invalid: An ${what === 'SS' ? 'string' : what === 'NS' ? 'number' : 'binary'} set  may not be empty`);
  const out = v.map(read);
  const seen = new Set(out.map(key));
  if (seen.size !== out.length) throw invalid(`One or more parameter values were invalid: Input collection [${out.map(key).join(', ')}] contains duplicates.`);
  return out;
}

/** One attribute value from its wire form, validated. */
export function readValue(wire: unknown): AttributeValue {
  const o = jsonObject(wire);
  if (!o) throw serialization('AttributeValue');
  const present = TYPES.filter((t) => Object.hasOwn(o, t) && o[t] !== null && o[t] !== undefined);
  if (present.length === 0) throw invalid('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  if (present.length > 1) throw invalid('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
  const t = present[0]!;
  const v = o[t];
  switch (t) {
    case 'S': return { t, v: str(v, t) };
    case 'N': return { t, v: canonicalNumber(str(v, t)) };
    case 'B': return { t, v: bytes(v) };
    case 'BOOL':
      if (typeof v !== 'boolean') throw serialization(t);
      return { t, v };
    case 'NULL':
      if (v !== true) throw invalid('One or more parameter values were invalid: Null attribute value types must have the value of true');
      return { t };
    case 'M': return { t, v: readMap(v) };
    case 'L':
      if (!Array.isArray(v)) throw serialization(t);
      return { t, v: v.map(readValue) };
    case 'SS': return { t, v: set(v, t, (x) => str(x, t), (x) => x) };
    case 'NS': return { t, v: set(v, t, (x) => canonicalNumber(str(x, t)), (x) => x) };
    case 'BS': return { t, v: set(v, t, bytes, (x) => x.toString('base64')) };
  }
}

/** A map of attribute values (an item, a key, or an `M`) from its wire form. */
export function readMap(wire: unknown): Map<string, AttributeValue> {
  const o = jsonObject(wire);
  if (!o) throw serialization('map of AttributeValue');
  const out = new Map<string, AttributeValue>();
  for (const [name, value] of Object.entries(o)) out.set(name, readValue(value));
  return out;
}

/** The wire form of a value (maps as null-prototype objects, so every name is an own key). */
export function writeValue(a: AttributeValue): Record<string, unknown> {
  switch (a.t) {
    case 'B': return { B: a.v.toString('base64') };
    case 'BS': return { BS: a.v.map((b) => b.toString('base64')) };
    case 'NULL': return { NULL: true };
    case 'M': return { M: writeMap(a.v) };
    case 'L': return { L: a.v.map(writeValue) };
    default: return { [a.t]: a.v };
  }
}

export function writeMap(m: ReadonlyMap<string, AttributeValue>): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of m) out[name] = writeValue(value);
  return out;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const s = new Set(a);
  return a.length === b.length && b.every((x) => s.has(x));
}

/** Whether two values are equal as DynamoDB compares them (sets regardless of order). */
export function equalValues(a: AttributeValue, b: AttributeValue): boolean {
  if (a.t !== b.t) return false;
  const bv = (b as { readonly v?: unknown }).v;
  switch (a.t) {
    case 'B': return a.v.equals(bv as Buffer);
    case 'NULL': return true;
    case 'SS':
    case 'NS': return sameSet(a.v, bv as readonly string[]);
    case 'BS': return sameSet(a.v.map((x) => x.toString('base64')), (bv as readonly Buffer[]).map((x) => x.toString('base64')));
    case 'L': {
      const l = bv as readonly AttributeValue[];
      return a.v.length === l.length && a.v.every((x, i) => equalValues(x, l[i]!));
    }
    case 'M': {
      const m = bv as ReadonlyMap<string, AttributeValue>;
      return a.v.size === m.size && [...a.v].every(([k, x]) => m.has(k) && equalValues(x, m.get(k)!));
    }
    default: return a.v === bv;
  }
}

/** Order of two scalar values of one type (S by code points of UTF-8, N numerically, B by bytes); undefined if not comparable. */
export function compareValues(a: AttributeValue, b: AttributeValue): number | undefined {
  if (a.t !== b.t) return undefined;
  const bv = (b as { readonly v?: unknown }).v;
  if (a.t === 'N') return compareNumbers(a.v, bv as string);
  if (a.t === 'S') return Buffer.compare(Buffer.from(a.v, 'utf8'), Buffer.from(bv as string, 'utf8'));
  if (a.t === 'B') return Buffer.compare(a.v, bv as Buffer);
  return undefined;
}

/** Bytes a value counts toward the 400 KB item limit, as AWS documents the item size. */
export function valueSize(a: AttributeValue): number {
  switch (a.t) {
    case 'S': return Buffer.byteLength(a.v, 'utf8');
    case 'N': return numberSize(a.v);
    case 'B': return a.v.length;
    case 'BOOL':
    case 'NULL': return 1;
    case 'SS': return a.v.reduce((n, s) => n + Buffer.byteLength(s, 'utf8'), 0);
    case 'NS': return a.v.reduce((n, s) => n + numberSize(s), 0);
    case 'BS': return a.v.reduce((n, b) => n + b.length, 0);
    case 'L': return 3 + a.v.reduce((n, x) => n + 1 + valueSize(x), 0);
    case 'M': return 3 + [...a.v].reduce((n, [k, x]) => n + 1 + Buffer.byteLength(k, 'utf8') + valueSize(x), 0);
  }
}

/** The size of an item: each attribute's name and value. */
export function itemSize(item: Item): number {
  let n = 0;
  for (const [name, value] of item) n += Buffer.byteLength(name, 'utf8') + valueSize(value);
  return n;
}
