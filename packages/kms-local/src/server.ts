/**
 * startKmsLocal: one HTTP server per region on loopback, each answering AWS KMS (JSON 1.1), STS
 * GetCallerIdentity and DynamoDB (JSON 1.0) behind one URL, with per-region fault injection and a
 * request log. This file holds the options and the lifecycle; routing lives in `http/`, the
 * services in their own modules.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RegionContext } from './operations.js';
import { StateStore } from './state_store.js';
import type { Credentials } from './sigv4_verifier.js';
import { TableStore } from './dynamodb/table_store.js';
import { dynamoDbService } from './dynamodb/dynamodb_service.js';
import { FaultInjector, type Fault } from './http/fault_injector.js';
import { kmsService } from './http/kms_service.js';
import { RequestLog, type RequestLogEntry } from './http/request_log.js';
import { route, type RegionServices, type RouterDeps } from './http/router.js';
import { ServerPool } from './http/server_pool.js';
import { stsService } from './http/sts_service.js';

export type { Fault, FaultMode } from './http/fault_injector.js';
export type { RequestLogEntry } from './http/request_log.js';

/** Default credentials kms-local accepts (printed at start). Not secret: kms-local is for tests. */
export const DEFAULT_CREDENTIALS: Credentials = Object.freeze({ accessKeyId: 'AKIAENVELOPELOCAL000', secretAccessKey: 'envelope-local-secret-access-key' });
/** Account id kms-local answers by default. */
export const DEFAULT_ACCOUNT_ID = '111122223333';

/** Options of {@link startKmsLocal}. */
export interface KmsLocalOptions {
  /** Regions to serve, one server each. */
  readonly regions: readonly string[];
  /** Port of the first region (region i on port + i); 0 (default) picks free ports. */
  readonly port?: number;
  /** Address to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Where keys, aliases and DynamoDB tables persist; default a fresh temp dir. */
  readonly stateDir?: string;
  /** Account id answered by STS and used in ARNs. */
  readonly accountId?: string;
  /** Access key id requests must be signed with. */
  readonly accessKeyId?: string;
  /** Secret key requests must be signed with. */
  readonly secretAccessKey?: string;
  /**
   * How long a new multi-region KMS replica stays `Creating` before it becomes `Enabled`, a new
   * DynamoDB replica table stays `CREATING`, and a write to a global table takes to reach its other
   * replicas, ms (default 200). AWS takes seconds; callers poll DescribeKey ({@link waitForReplica})
   * or DescribeTable.
   */
  readonly replicaDelayMs?: number;
}

/** A running kms-local. */
export interface KmsLocal {
  /** region → `http://127.0.0.1:PORT` (KMS, STS and DynamoDB alike). */
  readonly endpoints: Record<string, string>;
  /** Account id in ARNs and STS answers. */
  readonly accountId: string;
  /** Credentials clients must sign with. */
  readonly credentials: Credentials;
  /** Where keys, aliases and tables persist. */
  readonly stateDir: string;
  /** Injects a fault into one region (`{ mode: 'none' }` clears it). */
  setFault(region: string, fault: Fault): void;
  /** The request log (the most recent 10,000 requests), of one region or all. */
  requests(region?: string): RequestLogEntry[];
  /** Empties the request log. */
  clearRequests(region?: string): void;
  /** Stops every server, ending hanging connections. */
  close(): Promise<void>;
}

const DEFAULT_REPLICA_DELAY_MS = 200;

interface Shared {
  readonly accountId: string;
  readonly regions: readonly string[];
  readonly replicaDelayMs: number;
  readonly store: StateStore;
  readonly tables: TableStore;
}

function regionServices(shared: Shared, region: string): RegionServices {
  const kmsContext: RegionContext = { region, accountId: shared.accountId, store: shared.store, regions: shared.regions, replicaDelayMs: shared.replicaDelayMs };
  return {
    region,
    kms: kmsService(kmsContext),
    sts: stsService(shared.accountId),
    dynamodb: dynamoDbService({ region, accountId: shared.accountId, regions: shared.regions, store: shared.tables, tokens: new Map() }),
  };
}

/** Starts one server per region; resolves once every one listens. */
export async function startKmsLocal(options: KmsLocalOptions): Promise<KmsLocal> {
  if (!options.regions.length) throw new Error('kms-local: at least one region is needed');
  const host = options.host ?? '127.0.0.1';
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const credentials: Credentials = {
    accessKeyId: options.accessKeyId ?? DEFAULT_CREDENTIALS.accessKeyId,
    secretAccessKey: options.secretAccessKey ?? DEFAULT_CREDENTIALS.secretAccessKey,
  };
  const stateDir = options.stateDir ?? mkdtempSync(path.join(tmpdir(), 'kms-local-'));
  const replicaDelayMs = options.replicaDelayMs ?? DEFAULT_REPLICA_DELAY_MS;
  const shared: Shared = { accountId, regions: options.regions, replicaDelayMs, store: new StateStore(stateDir), tables: new TableStore(stateDir, replicaDelayMs) };
  const deps: RouterDeps = { faults: new FaultInjector(), log: new RequestLog(), credentials };
  const pool = new ServerPool();
  const endpoints: Record<string, string> = {};
  try {
    for (const [i, region] of options.regions.entries()) {
      const services = regionServices(shared, region);
      endpoints[region] = await pool.listen(host, options.port ? options.port + i : 0, (req, res) => route(deps, services, req, res));
    }
  } catch (e) {
    await pool.close();
    throw e;
  }
  return {
    endpoints,
    accountId,
    credentials,
    stateDir,
    setFault: (region, fault) => deps.faults.set(region, fault),
    requests: (region) => deps.log.list(region),
    clearRequests: (region) => deps.log.clear(region),
    close: () => pool.close(),
  };
}
