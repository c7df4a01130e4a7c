/**
 * TransactWriteItems with Put, Delete and ConditionCheck actions, all or nothing: every request
 * member is checked first (ValidationException, ResourceNotFoundException), then every condition;
 * if any fails nothing is written and the answer is TransactionCanceledException with one
 * CancellationReason per action, in order. A ClientRequestToken seen in the last 10 minutes with the
 * same request answers success without writing again (the SDK sends one, and a retry reuses it).
 */
import { createHash } from 'node:crypto';
import { jsonObject, writeMap, type Item } from './attribute_value.js';
import { evaluate } from './condition_eval.js';
import { constraint, DdbError, invalid } from './ddb_error.js';
import { activeTable, type DdbContext, type DdbHandler } from './ddb_context.js';
import type { Condition } from './expression_parser.js';
import { requireItemSize } from './item_operations.js';
import { attributeMap, choice, conditionOf, tableName, type Input } from './request_input.js';
import type { Table } from './table.js';

const ACTIONS = ['Put', 'Delete', 'ConditionCheck', 'Update'] as const;
const MAX_ACTIONS = 100;
const TOKEN_TTL_MS = 10 * 60 * 1000;

interface Action {
  readonly kind: 'Put' | 'Delete' | 'ConditionCheck';
  readonly input: Input;
  readonly table: Table;
  readonly key: Item;
  readonly item?: Item;
  readonly condition: Condition | undefined;
}

function readAction(c: DdbContext, raw: unknown): Action {
  const o = jsonObject(raw);
  const kinds = o ? ACTIONS.filter((a) => o[a] !== undefined && o[a] !== null) : [];
  if (kinds.length !== 1) throw invalid('TransactItems can only contain one of Check, Put, Update or Delete');
  const kind = kinds[0]!;
  if (kind === 'Update') throw invalid('kms-local does not emulate Update in TransactWriteItems; use Put');
  const input = jsonObject(o![kind]);
  if (!input) throw new DdbError('SerializationException', `Unexpected value type in payload: ${kind}`);
  const name = tableName(input);
  const item = kind === 'Put' ? attributeMap(input, 'Item') : undefined;
  const key = item ? undefined : attributeMap(input, 'Key');
  const condition = conditionOf(input);
  if (kind === 'ConditionCheck' && !condition) throw constraint('null', 'conditionExpression', 'Member must not be null');
  choice(input, 'ReturnValuesOnConditionCheckFailure', ['ALL_OLD', 'NONE'] as const, 'NONE');
  const table = activeTable(c, name);
  if (item) {
    table.checkItem(item);
    requireItemSize(item);
    return { kind, input, table, key: table.keyOf(item), item, condition };
  }
  table.checkKey(key!);
  return { kind, input, table, key: key!, condition };
}

function reasonFor(a: Action): Record<string, unknown> {
  const current = a.table.get(a.key);
  if (!a.condition || evaluate(a.condition, current)) return { Code: 'None' };
  const all = a.input['ReturnValuesOnConditionCheckFailure'] === 'ALL_OLD';
  return { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', ...(all && current ? { Item: writeMap(current) } : {}) };
}

/**
 * The request's token and digest, and whether that token already ran this very request in the last
 * 10 minutes (the same token with another request is IdempotentParameterMismatchException).
 */
function idempotency(c: DdbContext, input: Input): { token?: string; digest: string; seen: boolean } {
  const token = input['ClientRequestToken'];
  const digest = createHash('sha256').update(JSON.stringify(input['TransactItems'])).digest('hex');
  if (typeof token !== 'string') return { digest, seen: false };
  const now = Date.now();
  // Tokens are kept in the order they ran, so the expired ones are at the front.
  for (const [t, v] of c.tokens) {
    if (now - v.at <= TOKEN_TTL_MS) break;
    c.tokens.delete(t);
  }
  const prior = c.tokens.get(token);
  if (prior && prior.digest !== digest) throw new DdbError('IdempotentParameterMismatchException', 'The request uses the same client token as a previous, but non-identical request.');
  return { token, digest, seen: prior !== undefined };
}

const transactWriteItems: DdbHandler = (c, input) => {
  const list = input['TransactItems'];
  if (!Array.isArray(list)) throw constraint('null', 'transactItems', 'Member must not be null');
  if (list.length < 1 || list.length > MAX_ACTIONS) {
    throw constraint(`'${list.length} items'`, 'transactItems', `Member must have length ${list.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ACTIONS}`}`);
  }
  const once = idempotency(c, input);
  if (once.seen) return {};
  const actions = list.map((raw) => readAction(c, raw));
  const ids = new Set<string>();
  for (const a of actions) {
    const id = `${a.table.meta.name}\u0000${a.table.itemId(a.key)}`;
    if (ids.has(id)) throw invalid('Transaction request cannot include multiple operations on one item');
    ids.add(id);
  }
  const reasons = actions.map(reasonFor);
  if (reasons.some((r) => r['Code'] !== 'None')) {
    const codes = reasons.map((r) => String(r['Code'])).join(', ');
    throw new DdbError('TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`, 400, { CancellationReasons: reasons });
  }
  const now = Date.now();
  for (const a of actions) {
    if (a.kind === 'Put') c.store.write(a.table, a.key, a.item, now);
    else if (a.kind === 'Delete' && a.table.get(a.key)) c.store.write(a.table, a.key, undefined, now);
  }
  c.store.save();
  if (once.token !== undefined) c.tokens.set(once.token, { digest: once.digest, at: Date.now() });
  return {};
};

export const TRANSACT_OPERATIONS: Readonly<Record<string, DdbHandler>> = { TransactWriteItems: transactWriteItems };
