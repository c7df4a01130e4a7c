/**
 * The one validation layer: every request's JSON is checked against the operation's members in
 * SERVICE_MODEL before any operation code runs. Wrong JSON types are a SerializationException (the
 * request cannot be read into the model); broken constraints are one ValidationException listing
 * them all, worded as AWS words them ("2 validation errors detected: Value … at 'keySpec' failed to
 * satisfy constraint: …"). Blobs come out decoded. Only the model's members are read (own
 * properties only), so `__proto__` or `constructor` in a body is just an unknown member.
 */
import { KmsError } from '../kms_error.js';
import { MAX_ENCRYPTION_CONTEXT_CHARS, SERVICE_MODEL, type Member, type OperationModel, type Shape } from './service_model.js';

/** A validated input: only model members, blobs decoded to Buffers; no prototype. */
export type Input = Readonly<Record<string, unknown>>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// kms-local emulates no grants, so no token names a grant; a token that is not even base64 text
// (what AWS's tokens are) is malformed, a well-formed one is accepted and ignored.
const GRANT_TOKEN = /^[A-Za-z0-9+/_=-]+$/;

const serialization = (what: string): KmsError => new KmsError('SerializationException', what);
const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** The model of `operation`, or undefined for an operation kms-local does not serve. */
export function operationModel(operation: string): OperationModel | undefined {
  return Object.hasOwn(SERVICE_MODEL, operation) ? SERVICE_MODEL[operation] : undefined;
}

/** Checks `body` against the model of `operation`; throws the KmsError AWS would answer. */
export function validateInput(model: OperationModel, body: Record<string, unknown>): Input {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const errors: string[] = [];
  for (const [name, member] of Object.entries(model.input)) {
    const raw = Object.hasOwn(body, name) ? body[name] : undefined;
    const path = lowerFirst(name);
    if (raw === undefined || raw === null) {
      if (member.required) errors.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    const value = readShape(member.shape, raw, name);
    errors.push(...constraintErrors(member, value, path));
    out[name] = value;
  }
  if (errors.length) {
    const n = errors.length;
    throw new KmsError('ValidationException', `${n} validation error${n === 1 ? '' : 's'} detected: ${errors.join('; ')}`);
  }
  for (const [name, member] of Object.entries(model.input)) {
    const value = out[name];
    const broken = typeof value === 'string' ? member.rules?.find((r) => !r.pattern.test(value)) : undefined;
    if (broken) throw new KmsError('ValidationException', broken.message.replace('{value}', () => value as string));
  }
  if (model.exactlyOne && model.exactlyOne.members.filter((m) => out[m] !== undefined).length !== 1) {
    throw new KmsError('ValidationException', model.exactlyOne.message);
  }
  for (const [name, member] of Object.entries(model.input)) {
    if (member.shape.type === 'map' && out[name] !== undefined) checkEncryptionContext(out[name] as Record<string, string>);
  }
  const tokens = out['GrantTokens'];
  if (Array.isArray(tokens) && tokens.some((t) => !GRANT_TOKEN.test(String(t)))) throw new KmsError('InvalidGrantTokenException', 'The grant token is not valid.');
  return out;
}

/** Reads a JSON value into the shape's type; a value of the wrong JSON type cannot be read. */
function readShape(shape: Shape, raw: unknown, name: string): unknown {
  switch (shape.type) {
    case 'string':
      if (typeof raw !== 'string') throw serialization(`${name}: expected a string`);
      return raw;
    case 'boolean':
      if (typeof raw !== 'boolean') throw serialization(`${name}: expected a boolean`);
      return raw;
    case 'integer':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw serialization(`${name}: expected a number`);
      return raw;
    case 'blob':
      if (typeof raw !== 'string' || !BASE64.test(raw)) throw serialization(`${name}: expected base64 text`);
      return Buffer.from(raw, 'base64');
    case 'list':
      if (!Array.isArray(raw)) throw serialization(`${name}: expected a list`);
      return raw.map((v: unknown) => readShape(shape.member, v, name));
    case 'map': {
      if (typeof raw !== 'object' || Array.isArray(raw)) throw serialization(`${name}: expected a map`);
      const m: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) m[k] = readShape(shape.value, v, name) as string;
      return m;
    }
    case 'structure':
      if (typeof raw !== 'object' || Array.isArray(raw)) throw serialization(`${name}: expected a structure`);
      return raw;
  }
}

function constraintErrors(member: Member, value: unknown, path: string): string[] {
  const shape = member.shape;
  const errors: string[] = [];
  const fail = (constraint: string, shown = true): void => {
    const v = shown ? `Value '${Array.isArray(value) ? `[${value.join(', ')}]` : String(value)}' at` : 'Value at';
    errors.push(`${v} '${path}' failed to satisfy constraint: Member must ${constraint}`);
  };
  if (shape.type === 'string') {
    const s = value as string;
    if (shape.enum && !shape.enum.includes(s)) fail(`satisfy enum value set: [${shape.enum.join(', ')}]`);
    const n = shape.min !== undefined || shape.max !== undefined ? codePoints(s) : 0;
    if (shape.min !== undefined && n < shape.min) fail(`have length greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && n > shape.max) fail(`have length less than or equal to ${shape.max}`);
    if (shape.pattern && !shape.pattern.test(s)) fail(`satisfy regular expression pattern: ${shape.pattern.source}`);
  } else if (shape.type === 'blob') {
    const n = (value as Buffer).length;
    if (shape.min !== undefined && n < shape.min) fail(`have length greater than or equal to ${shape.min}`, false);
    if (shape.max !== undefined && n > shape.max) fail(`have length less than or equal to ${shape.max}`, false);
  } else if (shape.type === 'integer') {
    const n = value as number;
    if (!Number.isInteger(n)) fail('be an integer');
    const min = Math.max(shape.min ?? -Infinity, member.documented?.min ?? -Infinity);
    const max = Math.min(shape.max ?? Infinity, member.documented?.max ?? Infinity);
    if (n < min) fail(`have value greater than or equal to ${min}`);
    if (n > max) fail(`have value less than or equal to ${max}`);
  } else if (shape.type === 'list') {
    const list = value as unknown[];
    if (shape.min !== undefined && list.length < shape.min) fail(`have length greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && list.length > shape.max) fail(`have length less than or equal to ${shape.max}`);
    const inner = new Set(list.flatMap((item) => constraintErrors({ shape: shape.member }, item, path).map((e) => e.replace(/^.*failed to satisfy constraint: /, ''))));
    if (inner.size) fail(`satisfy constraint: [${[...inner].join(', ')}]`);
  }
  return errors;
}

/** AWS: keys and values of an encryption context together may hold up to 8,192 characters. */
function checkEncryptionContext(ec: Record<string, string>): void {
  let chars = 0;
  for (const [k, v] of Object.entries(ec)) chars += codePoints(k) + codePoints(v);
  if (chars > MAX_ENCRYPTION_CONTEXT_CHARS) {
    throw new KmsError('ValidationException', `Encryption context exceeds the maximum size of ${MAX_ENCRYPTION_CONTEXT_CHARS} characters.`);
  }
}
