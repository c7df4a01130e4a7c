/** What a DynamoDB operation sees: its region, the account, every served region, and the tables. */
import { DdbError } from './ddb_error.js';
import type { Table } from './table.js';
import type { TableStore } from './table_store.js';

export interface DdbContext {
  readonly region: string;
  readonly accountId: string;
  /** Regions served by this process (replica targets). */
  readonly regions: readonly string[];
  readonly store: TableStore;
  /** TransactWriteItems client request tokens seen recently, for idempotent retries. */
  readonly tokens: Map<string, { readonly digest: string; readonly at: number }>;
}

export type Json = Record<string, unknown>;
export type DdbHandler = (c: DdbContext, input: Json) => Json;

/** The table `name` of the context's region if it exists and is ACTIVE; else what AWS answers. */
export function activeTable(c: DdbContext, name: string): Table {
  const t = c.store.tables(c.region).get(name);
  if (!t || t.meta.readyAt !== undefined) throw new DdbError('ResourceNotFoundException', 'Requested resource not found');
  return t;
}

export const tableArn = (c: { readonly accountId: string }, region: string, name: string): string => `arn:aws:dynamodb:${region}:${c.accountId}:table/${name}`;
