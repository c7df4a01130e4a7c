/**
 * GetItem, PutItem and DeleteItem. Every read is strongly consistent (ConsistentRead is accepted
 * either way) and sees its own region's replica of a global table.
 */
import { itemSize, writeMap, type Item } from './attribute_value.js';
import { DdbError, invalid } from './ddb_error.js';
import { activeTable, type DdbContext, type DdbHandler, type Json } from './ddb_context.js';
import { evaluate } from './condition_eval.js';
import { parseProjection, type Condition, type Path } from './expression_parser.js';
import { project } from './projection.js';
import { attributeMap, choice, conditionOf, placeholders, refuseLegacy, requireAllUsed, tableName, type Input } from './request_input.js';
import type { Table } from './table.js';

/** DynamoDB's item size limit: 400 KB. */
export const MAX_ITEM_BYTES = 400 * 1024;

/** Throws unless `item` is within the 400 KB limit. */
export function requireItemSize(item: Item): void {
  if (itemSize(item) > MAX_ITEM_BYTES) throw invalid('Item size has exceeded the maximum allowed size');
}

/** The ConditionalCheckFailedException AWS answers, with the old item when asked for. */
export function conditionFailed(input: Input, old: Item | undefined): DdbError {
  const all = choice(input, 'ReturnValuesOnConditionCheckFailure', ['ALL_OLD', 'NONE'] as const, 'NONE') === 'ALL_OLD';
  return new DdbError('ConditionalCheckFailedException', 'The conditional request failed', 400, all && old ? { Item: writeMap(old) } : {});
}

/** A write's condition (if any) holds on the current item, else ConditionalCheckFailedException. */
function requireCondition(input: Input, c: Condition | undefined, current: Item | undefined): void {
  if (c && !evaluate(c, current)) throw conditionFailed(input, current);
}

/** What a write answers under `ReturnValues` (checked before the write, with no old item). */
function returnOld(input: Input, old: Item | undefined): Json {
  const rv = choice(input, 'ReturnValues', ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'] as const, 'NONE');
  if (rv !== 'NONE' && rv !== 'ALL_OLD') throw invalid('ReturnValues can only be ALL_OLD or NONE');
  return rv === 'ALL_OLD' && old ? { Attributes: writeMap(old) } : {};
}

/** A projection (and its placeholders) from a read request. */
export function projectionOf(input: Input, p = placeholders(input)): Path[] | undefined {
  const v = input['ProjectionExpression'];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new DdbError('SerializationException', 'Unexpected value type in payload: ProjectionExpression');
  return parseProjection(v, p);
}

const getItem: DdbHandler = (c, input) => {
  refuseLegacy(input, ['AttributesToGet']);
  const name = tableName(input);
  const key = attributeMap(input, 'Key');
  const p = placeholders(input);
  const paths = projectionOf(input, p);
  requireAllUsed(p);
  const t = activeTable(c, name);
  t.checkKey(key);
  const item = t.get(key);
  return item ? { Item: writeMap(project(item, paths)) } : {};
};

function write(c: DdbContext, t: Table, key: Item, item: Item | undefined): void {
  c.store.write(t, key, item);
  c.store.save();
}

const putItem: DdbHandler = (c, input) => {
  refuseLegacy(input, ['Expected', 'ConditionalOperator']);
  const name = tableName(input);
  const item = attributeMap(input, 'Item');
  const condition = conditionOf(input);
  returnOld(input, undefined);
  const t = activeTable(c, name);
  t.checkItem(item);
  requireItemSize(item);
  const key = t.keyOf(item);
  const old = t.get(key);
  requireCondition(input, condition, old);
  write(c, t, key, item);
  return returnOld(input, old);
};

const deleteItem: DdbHandler = (c, input) => {
  refuseLegacy(input, ['Expected', 'ConditionalOperator']);
  const name = tableName(input);
  const key = attributeMap(input, 'Key');
  const condition = conditionOf(input);
  returnOld(input, undefined);
  const t = activeTable(c, name);
  t.checkKey(key);
  const old = t.get(key);
  requireCondition(input, condition, old);
  if (old) write(c, t, key, undefined);
  return returnOld(input, old);
};

export const ITEM_OPERATIONS: Readonly<Record<string, DdbHandler>> = {
  GetItem: getItem,
  PutItem: putItem,
  DeleteItem: deleteItem,
};
