/**
 * Reading the members DynamoDB requests share: the table name, key and item maps, expressions
 * with their placeholders (unused ones refused as DynamoDB refuses them), ReturnValues options.
 */
import { jsonObject, readMap, readValue, type AttributeValue, type Item } from './attribute_value.js';
import { constraint, DdbError, invalid } from './ddb_error.js';
import { parseCondition, type Condition, type Placeholders } from './expression_parser.js';

export type Input = Record<string, unknown>;

const TABLE_NAME = /^[a-zA-Z0-9_.-]+$/;
const EXPRESSIONS = ['ConditionExpression', 'KeyConditionExpression', 'FilterExpression', 'ProjectionExpression', 'UpdateExpression'];

/** The lower-camel member name AWS uses in validation messages. */
const memberPath = (member: string): string => member[0]!.toLowerCase() + member.slice(1);

/** A validated table name (3–255 characters of `[a-zA-Z0-9_.-]`). */
export function tableName(input: Input, member = 'TableName'): string {
  const v = input[member];
  const at = memberPath(member);
  if (v === undefined || v === null) throw constraint('null', at, 'Member must not be null');
  if (typeof v !== 'string') throw new DdbError('SerializationException', `Unexpected value type in payload: ${member}`);
  if (v.length < 3) throw constraint(`'${v}'`, at, 'Member must have length greater than or equal to 3');
  if (v.length > 255) throw constraint(`'${v}'`, at, 'Member must have length less than or equal to 255');
  if (!TABLE_NAME.test(v)) throw constraint(`'${v}'`, at, 'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+');
  return v;
}

/** A required map of attribute values (`Key`, `Item`). */
export function attributeMap(input: Input, member: string): Map<string, AttributeValue> {
  const v = input[member];
  if (v === undefined || v === null) throw constraint('null', memberPath(member), 'Member must not be null');
  return readMap(v);
}

/** The request's placeholders; refuses them when no expression is given, or when empty. */
export function placeholders(input: Input): Placeholders {
  const names = new Map<string, string>();
  const values = new Map<string, AttributeValue>();
  const hasExpression = EXPRESSIONS.some((e) => input[e] !== undefined && input[e] !== null);
  const rawNames = input['ExpressionAttributeNames'];
  if (rawNames !== undefined && rawNames !== null) {
    if (!hasExpression) throw invalid('ExpressionAttributeNames can only be specified when using expressions');
    const o = jsonObject(rawNames);
    if (!o) throw new DdbError('SerializationException', 'Unexpected value type in payload: ExpressionAttributeNames');
    if (!Object.keys(o).length) throw invalid('ExpressionAttributeNames must not be empty');
    for (const [k, v] of Object.entries(o)) {
      if (typeof v !== 'string') throw new DdbError('SerializationException', 'Unexpected value type in payload: ExpressionAttributeNames');
      names.set(k, v);
    }
  }
  const rawValues = input['ExpressionAttributeValues'];
  if (rawValues !== undefined && rawValues !== null) {
    if (!hasExpression) throw invalid('ExpressionAttributeValues can only be specified when using expressions');
    const o = jsonObject(rawValues);
    if (!o) throw new DdbError('SerializationException', 'Unexpected value type in payload: ExpressionAttributeValues');
    if (!Object.keys(o).length) throw invalid('ExpressionAttributeValues must not be empty');
    for (const [k, v] of Object.entries(o)) values.set(k, readValue(v));
  }
  return { names, values, usedNames: new Set(), usedValues: new Set() };
}

/** The parsed expression `member`, if the request has one. */
export function expression(input: Input, member: string, p: Placeholders): Condition | undefined {
  const v = input[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new DdbError('SerializationException', `Unexpected value type in payload: ${member}`);
  return parseCondition(v, member, p);
}

/** Refuses placeholders no expression used. */
export function requireAllUsed(p: Placeholders): void {
  const unusedNames = [...p.names.keys()].filter((k) => !p.usedNames.has(k));
  if (unusedNames.length) throw invalid(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`);
  const unusedValues = [...p.values.keys()].filter((k) => !p.usedValues.has(k));
  if (unusedValues.length) throw invalid(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`);
}

/** The request's `ConditionExpression` with its placeholders checked. */
export function conditionOf(input: Input): Condition | undefined {
  const p = placeholders(input);
  const c = expression(input, 'ConditionExpression', p);
  requireAllUsed(p);
  return c;
}

/** An enum member with its default. */
export function choice<T extends string>(input: Input, member: string, allowed: readonly T[], fallback: T): T {
  const v = input[member];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw constraint(`'${String(v)}'`, memberPath(member), `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return v as T;
}

/** Refuses members kms-local does not emulate, rather than ignoring them silently. */
export function refuseLegacy(input: Input, members: readonly string[]): void {
  for (const m of members) {
    if (input[m] !== undefined && input[m] !== null) throw invalid(`kms-local does not emulate the legacy parameter ${m}; use expressions`);
  }
}

export type { Item };
