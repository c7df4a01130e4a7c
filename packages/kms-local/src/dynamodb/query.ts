/**
 * Query on a table's primary key: `KeyConditionExpression` names the partition key with `=` and may
 * add one condition on the sort key (`=`, `<`, `<=`, `>`, `>=`, `BETWEEN`, `begins_with`); items come
 * in sort-key order (reversed with `ScanIndexForward: false`), `Limit` counts items read before the
 * filter, and a page stops at 1 MB with `LastEvaluatedKey`, as on AWS. Secondary indexes are not
 * emulated.
 */
import { compareValues, equalValues, itemSize, readMap, writeMap, type AttributeValue, type Item } from './attribute_value.js';
import { beginsWith, evaluate } from './condition_eval.js';
import { constraint, invalid } from './ddb_error.js';
import { activeTable, type DdbHandler } from './ddb_context.js';
import type { Condition, Operand } from './expression_parser.js';
import { projectionOf } from './item_operations.js';
import { project } from './projection.js';
import { choice, expression, placeholders, refuseLegacy, requireAllUsed, tableName, type Input } from './request_input.js';
import type { Table } from './table.js';

const PAGE_BYTES = 1024 * 1024;

/** One comparison of a key attribute with values: the attribute and a test of its value. */
interface KeyTest {
  readonly name: string;
  readonly op: string;
  readonly values: readonly AttributeValue[];
}

const notSupported = (): Error => invalid('Query key condition not supported');

function keyTest(c: Condition): KeyTest {
  const path = (o: Operand): string => {
    if (o.k !== 'path' || o.path.length !== 1 || typeof o.path[0] !== 'string') throw notSupported();
    return o.path[0];
  };
  const value = (o: Operand): AttributeValue => {
    if (o.k !== 'value') throw notSupported();
    return o.value;
  };
  if (c.k === 'cmp') {
    if (c.op === '<>') throw invalid('Unsupported operator on KeyConditionExpression: operator: <>');
    if (c.a.k === 'path') return { name: path(c.a), op: c.op, values: [value(c.b)] };
    const flipped: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };
    return { name: path(c.b), op: flipped[c.op]!, values: [value(c.a)] };
  }
  if (c.k === 'between') return { name: path(c.a), op: 'BETWEEN', values: [value(c.lo), value(c.hi)] };
  if (c.k === 'fn' && c.name === 'begins_with') return { name: path(c.args[0]!), op: 'begins_with', values: [value(c.args[1]!)] };
  if (c.k === 'and' || c.k === 'or' || c.k === 'not') throw invalid(`Invalid operator used in KeyConditionExpression: ${c.k.toUpperCase()}`);
  throw notSupported();
}

function keyConditions(t: Table, c: Condition): { hash: AttributeValue; range?: KeyTest } {
  const parts = c.k === 'and' ? [keyTest(c.a), keyTest(c.b)] : [keyTest(c)];
  const m = t.meta;
  const hash = parts.find((p) => p.name === m.hash.name);
  if (!hash) throw invalid(`Query condition missed key schema element: ${m.hash.name}`);
  const range = parts.find((p) => p !== hash);
  if (range && range.name !== m.range?.name) throw invalid(`Query condition missed key schema element: ${m.range?.name ?? range.name}`);
  if (hash.op !== '=') throw notSupported();
  const typed = (test: KeyTest, type: string): void => {
    if (test.values.some((v) => v.t !== type)) throw invalid('One or more parameter values were invalid: Condition parameter type does not match schema type');
  };
  typed(hash, m.hash.type);
  if (range) {
    typed(range, m.range!.type);
    if (range.op === 'begins_with' && m.range!.type === 'N') throw invalid('Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N');
  }
  return range ? { hash: hash.values[0]!, range } : { hash: hash.values[0]! };
}

function rangeMatches(test: KeyTest | undefined, v: AttributeValue): boolean {
  if (!test) return true;
  const [a, b] = test.values;
  const c = compareValues(v, a!) ?? NaN;
  switch (test.op) {
    case '=': return equalValues(v, a!);
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
    case 'BETWEEN': return c >= 0 && (compareValues(v, b!) ?? NaN) <= 0;
    default: return beginsWith(v, a);
  }
}

function limitOf(input: Input): number | undefined {
  const l = input['Limit'];
  if (l === undefined || l === null) return undefined;
  if (typeof l !== 'number' || !Number.isInteger(l) || l < 1) throw constraint(String(l), 'limit', 'Member must have value greater than or equal to 1');
  return l;
}

/** The items after `ExclusiveStartKey` in reading order. */
function startAfter(t: Table, items: Item[], input: Input): Item[] {
  const raw = input['ExclusiveStartKey'];
  if (raw === undefined || raw === null) return items;
  const start = readMap(raw);
  try {
    t.checkKey(start);
  } catch {
    throw invalid('The provided starting key is invalid: The provided key element does not match the schema');
  }
  const id = t.itemId(start);
  const i = items.findIndex((x) => t.itemId(t.keyOf(x)) === id);
  return i < 0 ? items : items.slice(i + 1);
}

const query: DdbHandler = (c, input) => {
  refuseLegacy(input, ['KeyConditions', 'QueryFilter', 'AttributesToGet', 'ConditionalOperator']);
  const name = tableName(input);
  if (input['IndexName'] !== undefined) throw invalid(`The table does not have the specified index: ${String(input['IndexName'])}`);
  const p = placeholders(input);
  const kc = expression(input, 'KeyConditionExpression', p);
  if (!kc) throw invalid('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  const filter = expression(input, 'FilterExpression', p);
  const paths = projectionOf(input, p);
  requireAllUsed(p);
  const select = choice(input, 'Select', ['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT'] as const, paths ? 'SPECIFIC_ATTRIBUTES' : 'ALL_ATTRIBUTES');
  const limit = limitOf(input);
  const t = activeTable(c, name);
  const { hash, range } = keyConditions(t, kc);
  let items = t.partition(hash).filter((i) => rangeMatches(range, i.get(t.meta.range?.name ?? '')!));
  if (input['ScanIndexForward'] === false) items.reverse();
  items = startAfter(t, items, input);
  const out: Item[] = [];
  let scanned = 0;
  let bytes = 0;
  let last: Item | undefined;
  for (const item of items) {
    scanned++;
    bytes += itemSize(item);
    if (!filter || evaluate(filter, item)) out.push(item);
    const limitHit = limit !== undefined && scanned >= limit;
    if (limitHit || bytes >= PAGE_BYTES) {
      // AWS answers LastEvaluatedKey whenever Limit stopped the page, even with nothing left.
      if (limitHit || scanned < items.length) last = item;
      break;
    }
  }
  const page = select === 'COUNT' ? {} : { Items: out.map((i) => writeMap(project(i, paths))) };
  return { ...page, Count: out.length, ScannedCount: scanned, ...(last ? { LastEvaluatedKey: writeMap(t.keyOf(last)) } : {}) };
};

export const QUERY_OPERATIONS: Readonly<Record<string, DdbHandler>> = { Query: query };
