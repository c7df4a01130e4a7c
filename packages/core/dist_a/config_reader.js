/**
 * A small reader for config objects that names the JSON path of every bad field
 * (`keyring.children[1].keyName: required string is missing`). Providers use it in `parse`.
 */
import { ConfigError } from './errors.js';
/** Reads fields of one config object; every error is a ConfigError naming `path.field`. */
export class ConfigReader {
    /** JSON path of the object this reader reads. */
    path;
    obj;
    constructor(value, path) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
            throw new ConfigError(`expected an object, got ${describe(value)}`, path);
        }
        this.obj = value;
        this.path = path;
    }
    /** JSON path of a field of this object. */
    at(field) {
        return this.path ? `${this.path}.${field}` : field;
    }
    /** The field names of this object. */
    fields() {
        return Object.keys(this.obj);
    }
    /** Whether `field` is present (not undefined). */
    has(field) {
        return this.obj[field] !== undefined;
    }
    /** The field's value, unchecked. */
    raw(field) {
        return this.obj[field];
    }
    /** A required non-empty string. */
    string(field) {
        const v = this.obj[field];
        if (v === undefined)
            throw new ConfigError('required string is missing', this.at(field));
        if (typeof v !== 'string' || v.length === 0)
            throw new ConfigError(`expected a non-empty string, got ${describe(v)}`, this.at(field));
        return v;
    }
    /** A non-empty string, or undefined when absent. */
    optionalString(field) {
        return this.has(field) ? this.string(field) : undefined;
    }
    /** A string from `allowed` (or `fallback` when absent). */
    oneOf(field, allowed, fallback) {
        if (!this.has(field) && fallback !== undefined)
            return fallback;
        const v = this.string(field);
        if (!allowed.includes(v)) {
            throw new ConfigError(`must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(v)}`, this.at(field));
        }
        return v;
    }
    /** A required finite number within the given bounds. */
    number(field, opts = {}) {
        const v = this.obj[field];
        if (v === undefined)
            throw new ConfigError('required number is missing', this.at(field));
        if (typeof v !== 'number' || !Number.isFinite(v))
            throw new ConfigError(`expected a number, got ${describe(v)}`, this.at(field));
        if (opts.integer && !Number.isInteger(v))
            throw new ConfigError(`expected an integer, got ${v}`, this.at(field));
        if (opts.min !== undefined && v < opts.min)
            throw new ConfigError(`must be at least ${opts.min}, got ${v}`, this.at(field));
        if (opts.max !== undefined && v > opts.max)
            throw new ConfigError(`must be at most ${opts.max}, got ${v}`, this.at(field));
        return v;
    }
    /** A number within bounds, or undefined when absent. */
    optionalNumber(field, opts = {}) {
        return this.has(field) ? this.number(field, opts) : undefined;
    }
    /** A boolean, or `fallback` when absent. */
    boolean(field, fallback) {
        const v = this.obj[field];
        if (v === undefined)
            return fallback;
        if (typeof v !== 'boolean')
            throw new ConfigError(`expected true or false, got ${describe(v)}`, this.at(field));
        return v;
    }
    /** A required array of non-empty strings. */
    stringArray(field, opts = {}) {
        const v = this.obj[field];
        if (v === undefined)
            throw new ConfigError('required array of strings is missing', this.at(field));
        if (!Array.isArray(v))
            throw new ConfigError(`expected an array of strings, got ${describe(v)}`, this.at(field));
        v.forEach((s, i) => {
            if (typeof s !== 'string' || s.length === 0)
                throw new ConfigError(`expected a non-empty string, got ${describe(s)}`, `${this.at(field)}[${i}]`);
        });
        if (opts.nonEmpty && v.length === 0)
            throw new ConfigError('must not be empty', this.at(field));
        return v;
    }
    /** An array of non-empty strings, or undefined when absent. */
    optionalStringArray(field, opts = {}) {
        return this.has(field) ? this.stringArray(field, opts) : undefined;
    }
    /** A nested object, as a reader of its own. */
    object(field) {
        if (!this.has(field))
            throw new ConfigError('required object is missing', this.at(field));
        return new ConfigReader(this.obj[field], this.at(field));
    }
    /** A nested object's reader, or undefined when absent. */
    optionalObject(field) {
        return this.has(field) ? this.object(field) : undefined;
    }
    /** An array of anything, with the path of each element. */
    array(field) {
        const v = this.obj[field];
        if (v === undefined)
            throw new ConfigError('required array is missing', this.at(field));
        if (!Array.isArray(v))
            throw new ConfigError(`expected an array, got ${describe(v)}`, this.at(field));
        return v.map((value, i) => ({ value, path: `${this.at(field)}[${i}]` }));
    }
    /** Refuses fields outside `known`, so a typo is an error rather than a silently ignored option. */
    onlyKnown(known) {
        for (const k of Object.keys(this.obj)) {
            if (!known.includes(k))
                throw new ConfigError(`unknown field (expected one of ${known.join(', ')})`, this.at(k));
        }
    }
}
function describe(v) {
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'an array';
    if (typeof v === 'string')
        return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
    return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
//# sourceMappingURL=config_reader.js.map