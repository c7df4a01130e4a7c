/** What an operation sees: its region's view of the shared state. */
import type { StateStore } from '../state_store.js';

export interface RegionContext {
  readonly region: string;
  readonly accountId: string;
  readonly store: StateStore;
  /** Regions served by this process (ReplicateKey targets). */
  readonly regions: readonly string[];
  /** How long a new replica stays in `Creating`, ms. */
  readonly replicaDelayMs: number;
}

/** The key ARN of `keyId` in the context's region (or another one). */
export const keyArn = (c: { readonly region: string; readonly accountId: string }, keyId: string): string => `arn:aws:kms:${c.region}:${c.accountId}:key/${keyId}`;

/** The alias ARN of `aliasName` (`alias/…`) in the context's region. */
export const aliasArn = (c: { readonly region: string; readonly accountId: string }, aliasName: string): string => `arn:aws:kms:${c.region}:${c.accountId}:${aliasName}`;
