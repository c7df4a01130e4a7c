/** The shape every operation handler has. */
import type { KeyRecord } from '../state_store.js';
import type { RegionContext } from './region_context.js';
import type { Input } from './validate_input.js';

export type Json = Record<string, unknown>;

/** The effect of an operation, run only once every check passed (and DryRun is not set). */
export type Commit = () => Json | Promise<Json>;

/** What a handler gets: its region, the validated input, and a resolver for its key-id members. */
export interface Request {
  readonly c: RegionContext;
  readonly input: Input;
  readonly operation: string;
  /** Resolves the key-id member `name` with the forms the model allows it; undefined if absent. */
  key(name: string): KeyRecord | undefined;
  /** Throws unless the key state table allows this operation on `k`. */
  allow(k: KeyRecord): KeyRecord;
}

/** Checks a request and returns what it would do. */
export type Handler = (r: Request) => Commit;
