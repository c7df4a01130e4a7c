/** Reads fields of one config object; every error is a ConfigError naming `path.field`. */
export declare class ConfigReader {
    /** JSON path of the object this reader reads. */
    readonly path: string;
    private readonly obj;
    constructor(value: unknown, path: string);
    /** JSON path of a field of this object. */
    at(field: string): string;
    /** The field names of this object. */
    fields(): string[];
    /** Whether `field` is present (not undefined). */
    has(field: string): boolean;
    /** The field's value, unchecked. */
    raw(field: string): unknown;
    /** A required non-empty string. */
    string(field: string): string;
    /** A non-empty string, or undefined when absent. */
    optionalString(field: string): string | undefined;
    /** A string from `allowed` (or `fallback` when absent). */
    oneOf<T extends string>(field: string, allowed: readonly T[], fallback?: T): T;
    /** A required finite number within the given bounds. */
    number(field: string, opts?: {
        min?: number;
        max?: number;
        integer?: boolean;
    }): number;
    /** A number within bounds, or undefined when absent. */
    optionalNumber(field: string, opts?: {
        min?: number;
        max?: number;
        integer?: boolean;
    }): number | undefined;
    /** A boolean, or `fallback` when absent. */
    boolean(field: string, fallback: boolean): boolean;
    /** A required array of non-empty strings. */
    stringArray(field: string, opts?: {
        nonEmpty?: boolean;
    }): string[];
    /** An array of non-empty strings, or undefined when absent. */
    optionalStringArray(field: string, opts?: {
        nonEmpty?: boolean;
    }): string[] | undefined;
    /** A nested object, as a reader of its own. */
    object(field: string): ConfigReader;
    /** A nested object's reader, or undefined when absent. */
    optionalObject(field: string): ConfigReader | undefined;
    /** An array of anything, with the path of each element. */
    array(field: string): {
        /** The element. */
        value: unknown;
        /** Its JSON path, e.g. `keyring.children[1]`. */
        path: string;
    }[];
    /** Refuses fields outside `known`, so a typo is an error rather than a silently ignored option. */
    onlyKnown(known: readonly string[]): void;
}
//# sourceMappingURL=config_reader.d.ts.map