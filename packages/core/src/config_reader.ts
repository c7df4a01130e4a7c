/**
 * A small reader for config objects that names the JSON path of every bad field
 * (`keyring.children[1].keyName: required string is missing`). Providers use it in `parse`.
 */
import { ConfigError } from './errors.js';

type Json = Readonly<Record<string, unknown>>;

/** Reads fields of one config object; every error is a ConfigError naming `path.field`. */
export class ConfigReader {
  readonly path: string;
  private readonly obj: Json;

  constructor(value: unknown, path: string) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ConfigError(`expected an object, got ${describe(value)}`, path);
    }
    this.obj = value as Json;
    this.path = path;
  }

  /** JSON path of a field of this object. */
  at(field: string): string {
    return this.path ? `${this.path}.${field}` : field;
  }

  /** The field names of this object. */
  fields(): string[] {
    return Object.keys(this.obj);
  }

  has(field: string): boolean {
    return this.obj[field] !== undefined;
  }

  raw(field: string): unknown {
    return this.obj[field];
  }

  string(field: string): string {
    const v = this.obj[field];
    if (v === undefined) throw new ConfigError('required string is missing', this.at(field));
    if (typeof v !== 'string' || v.length === 0) throw new ConfigError(`expected a non-empty string, got ${describe(v)}`, this.at(field));
    return v;
  }

  optionalString(field: string): string | undefined {
    return this.has(field) ? this.string(field) : undefined;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], fallback?: T): T {
    if (!this.has(field) && fallback !== undefined) return fallback;
    const v = this.string(field);
    if (!(allowed as readonly string[]).includes(v)) {
      throw new ConfigError(`must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(v)}`, this.at(field));
    }
    return v as T;
  }

  number(field: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number {
    const v = this.obj[field];
    if (v === undefined) throw new ConfigError('required number is missing', this.at(field));
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(`expected a number, got ${describe(v)}`, this.at(field));
    if (opts.integer && !Number.isInteger(v)) throw new ConfigError(`expected an integer, got ${v}`, this.at(field));
    if (opts.min !== undefined && v < opts.min) throw new ConfigError(`must be at least ${opts.min}, got ${v}`, this.at(field));
    if (opts.max !== undefined && v > opts.max) throw new ConfigError(`must be at most ${opts.max}, got ${v}`, this.at(field));
    return v;
  }

  optionalNumber(field: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    return this.has(field) ? this.number(field, opts) : undefined;
  }

  boolean(field: string, fallback: boolean): boolean {
    const v = this.obj[field];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') throw new ConfigError(`expected true or false, got ${describe(v)}`, this.at(field));
    return v;
  }

  stringArray(field: string, opts: { nonEmpty?: boolean } = {}): string[] {
    const v = this.obj[field];
    if (v === undefined) throw new ConfigError('required array of strings is missing', this.at(field));
    if (!Array.isArray(v)) throw new ConfigError(`expected an array of strings, got ${describe(v)}`, this.at(field));
    v.forEach((s, i) => {
      if (typeof s !== 'string' || s.length === 0) throw new ConfigError(`expected a non-empty string, got ${describe(s)}`, `${this.at(field)}[${i}]`);
    });
    if (opts.nonEmpty && v.length === 0) throw new ConfigError('must not be empty', this.at(field));
    return v as string[];
  }

  optionalStringArray(field: string, opts: { nonEmpty?: boolean } = {}): string[] | undefined {
    return this.has(field) ? this.stringArray(field, opts) : undefined;
  }

  /** A nested object, as a reader of its own. */
  object(field: string): ConfigReader {
    if (!this.has(field)) throw new ConfigError('required object is missing', this.at(field));
    return new ConfigReader(this.obj[field], this.at(field));
  }

  optionalObject(field: string): ConfigReader | undefined {
    return this.has(field) ? this.object(field) : undefined;
  }

  /** An array of anything, with the path of each element. */
  array(field: string): { value: unknown; path: string }[] {
    const v = this.obj[field];
    if (v === undefined) throw new ConfigError('required array is missing', this.at(field));
    if (!Array.isArray(v)) throw new ConfigError(`expected an array, got ${describe(v)}`, this.at(field));
    return v.map((value, i) => ({ value, path: `${this.at(field)}[${i}]` }));
  }

  /** Refuses fields outside `known`, so a typo is an error rather than a silently ignored option. */
  onlyKnown(known: readonly string[]): void {
    for (const k of Object.keys(this.obj)) {
      if (!known.includes(k)) throw new ConfigError(`unknown field (expected one of ${known.join(', ')})`, this.at(k));
    }
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
