/**
 * The DynamoDB and KMS clients of a branch key store, one pair per region (kms-local serves both on
 * one endpoint per region), and one traced call with a deadline. Each SDK command is a client span
 * (`rpc.service` DynamoDB or KMS) through core's call telemetry, and its outcome is recorded for the
 * region's availability (answered, failed, throttled) so a dead region is skipped by later reads.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KMSClient } from '@aws-sdk/client-kms';
import { ConfigError, KeyringError, type Availability, type CallOutcome, type RemoteCallOutcome } from '@envelope/core';
import { traceStoreCall, type StoreCall } from './store_telemetry.js';

export type DynamoDbSdk = typeof import('@aws-sdk/client-dynamodb');
export type KmsSdk = typeof import('@aws-sdk/client-kms');

// Loaded on first use, not at import: an application that never builds a key store never pays for them.
let ddbSdk: Promise<DynamoDbSdk> | undefined;
let kmsSdk: Promise<KmsSdk> | undefined;
export const loadDynamoDbSdk = (): Promise<DynamoDbSdk> => (ddbSdk ??= import('@aws-sdk/client-dynamodb'));
export const loadKmsSdk = (): Promise<KmsSdk> => (kmsSdk ??= import('@aws-sdk/client-kms'));

/** Explicit AWS credentials (leave out for the AWS SDK's default chain). */
export interface StoreCredentials {
  /** The AWS access key id. */
  readonly accessKeyId: string;
  /** The secret that goes with it. */
  readonly secretAccessKey: string;
  /** The session token of temporary credentials. */
  readonly sessionToken?: string;
}

/** How the store builds its clients. */
export interface RegionalClientOptions {
  /** Endpoint per region (kms-local: one URL serves KMS and DynamoDB). */
  readonly endpoints?: Readonly<Record<string, string>> | undefined;
  readonly credentials?: StoreCredentials | undefined;
  /** Attempts per SDK command, the SDK's retries included. */
  readonly maxAttempts: number;
  /** Deadline of one call, ms. */
  readonly timeoutMs: number;
  /** Records outcomes per region. */
  readonly availability?: Availability | undefined;
}

/** A failed call, with what it said about its region. */
export class StoreCallError extends KeyringError {
  readonly outcome: CallOutcome | 'cancelled';
  readonly region: string;
  constructor(message: string, region: string, outcome: CallOutcome | 'cancelled', cause: unknown) {
    super(message, [], { cause });
    this.region = region;
    this.outcome = outcome;
  }
}

/** How a failed call counts for its region: throttled, failed (no useful answer), or ok (an answer about the request). */
export function outcomeOfError(err: unknown): CallOutcome {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  const name = e?.name ?? '';
  const status = e?.$metadata?.httpStatusCode;
  if (/Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|TooManyRequests/.test(name) || status === 429) return 'throttled';
  if (status === undefined || status >= 500 || name === 'TimeoutError' || name === 'AbortError') return 'failed';
  return 'ok';
}

const TELEMETRY_OUTCOME: Readonly<Record<CallOutcome, Exclude<RemoteCallOutcome, 'ok'>>> = { ok: 'refused', failed: 'unavailable', throttled: 'throttled', slow: 'unavailable' };

/** One DynamoDB client and one KMS client per region, built on first use. */
export class RegionalClients {
  readonly #o: RegionalClientOptions;
  readonly #ddb = new Map<string, DynamoDBClient>();
  readonly #kms = new Map<string, KMSClient>();

  constructor(options: RegionalClientOptions) {
    this.#o = options;
  }

  private config(region: string): { region: string; endpoint?: string; credentials?: StoreCredentials; maxAttempts: number } {
    const endpoint = this.#o.endpoints?.[region];
    if (this.#o.endpoints && !endpoint) throw new ConfigError(`branch key store: no endpoint configured for region ${region}`, 'kms.endpoints');
    return { region, ...(endpoint ? { endpoint } : {}), ...(this.#o.credentials ? { credentials: this.#o.credentials } : {}), maxAttempts: this.#o.maxAttempts };
  }

  async dynamodb(region: string): Promise<DynamoDBClient> {
    const { DynamoDBClient } = await loadDynamoDbSdk();
    let c = this.#ddb.get(region);
    if (!c) this.#ddb.set(region, (c = new DynamoDBClient(this.config(region))));
    return c;
  }

  async kms(region: string): Promise<KMSClient> {
    const { KMSClient } = await loadKmsSdk();
    let c = this.#kms.get(region);
    if (!c) this.#kms.set(region, (c = new KMSClient({ ...this.config(region), customUserAgent: 'aws-kms-hierarchy' })));
    return c;
  }

  /**
   * Runs one SDK command within the deadline as a traced call and records its outcome for the
   * region. `what` names the call for errors (`GetItem of branch:ACTIVE`).
   */
  async call<T>(
    target: StoreCall,
    what: string,
    send: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const deadline = AbortSignal.timeout(this.#o.timeoutMs);
    const both = signal ? AbortSignal.any([deadline, signal]) : deadline;
    const cancelled = (): boolean => signal?.aborted === true && !deadline.aborted;
    const t0 = performance.now();
    try {
      const r = await traceStoreCall(target, () => send(both), (cause) =>
        cancelled() ? { outcome: 'cancelled', errorType: 'AbortError' }
        : deadline.aborted ? { outcome: 'timeout', errorType: 'TimeoutError' }
        : { outcome: TELEMETRY_OUTCOME[outcomeOfError(cause)], errorType: (cause as Error)?.name ?? 'Error' });
      this.#o.availability?.record(target.region, 'ok', performance.now() - t0);
      return r;
    } catch (cause) {
      const outcome: CallOutcome = deadline.aborted ? 'failed' : outcomeOfError(cause);
      if (!cancelled()) this.#o.availability?.record(target.region, outcome, performance.now() - t0);
      const why = deadline.aborted ? `no answer within ${this.#o.timeoutMs} ms` : cancelled() ? 'cancelled' : `${(cause as Error)?.name ?? 'Error'}: ${(cause as Error)?.message ?? String(cause)}`;
      throw new StoreCallError(`branch key store: ${target.service} ${what} in ${target.region} failed: ${why}`, target.region, cancelled() ? 'cancelled' : outcome, cause);
    }
  }

  /** Closes every client. */
  destroy(): void {
    for (const c of this.#ddb.values()) c.destroy();
    for (const c of this.#kms.values()) c.destroy();
    this.#ddb.clear();
    this.#kms.clear();
  }
}
