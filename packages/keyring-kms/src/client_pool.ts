/** One KMS client (and one STS client) per region, built from options or by the application. */
import type { KMSClient } from '@aws-sdk/client-kms';
import { loadKmsSdk, loadStsSdk } from './aws_sdk.js';
import { ConfigError } from '@envelope/core';
import { traceKmsCall } from './kms_telemetry.js';

/** Explicit AWS credentials (leave out to use the AWS SDK's default chain). */
export interface AwsCredentials {
  /** AWS access key id. */
  readonly accessKeyId: string;
  /** AWS secret access key. */
  readonly secretAccessKey: string;
  /** Session token of temporary credentials. */
  readonly sessionToken?: string;
}

/** How {@link KmsClientPool} builds clients. */
export interface ClientPoolOptions {
  /** Builds the client of a region; when given, endpoints/credentials/maxAttempts are not used. */
  readonly clientFactory?: (region: string) => KMSClient;
  /** Endpoint override per region (kms-local); leave out for real AWS. */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** Explicit credentials; leave out for the default chain. */
  readonly credentials?: AwsCredentials;
  /**
   * Attempts per SDK call including the SDK's own retries (default 1: the keyring retries itself,
   * only when no other region could answer instead, so a dead endpoint costs one request).
   */
  readonly maxAttempts?: number;
}

/** Told how each STS call of {@link KmsClientPool.accountId} went, for region health. */
export type CallObserver = (region: string, ok: boolean, latencyMs: number) => void;

/** Lazily built clients per region; STS answers the account once. */
export class KmsClientPool {
  private readonly kms = new Map<string, KMSClient>();
  private account: Promise<string> | undefined;
  // Private (#) so credentials never show in JSON.stringify or util.inspect.
  readonly #options: ClientPoolOptions;

  constructor(options: ClientPoolOptions = {}) {
    this.#options = options;
  }

  private get options(): ClientPoolOptions {
    return this.#options;
  }

  /** Which regions have clients; never credentials. */
  toJSON(): {
    /** Regions with a client. */
    regions: string[];
  } {
    return { regions: [...this.kms.keys()] };
  }

  private common(region: string): { region: string; endpoint?: string; credentials?: AwsCredentials; maxAttempts: number } {
    const endpoint = this.options.endpoints?.[region];
    if (this.options.endpoints && !endpoint) throw new ConfigError(`no KMS endpoint configured for region ${region}`, 'kms.endpoints');
    return {
      region,
      ...(endpoint ? { endpoint } : {}),
      ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
      maxAttempts: this.options.maxAttempts ?? 1,
    };
  }

  /** The KMS client of `region`, built on first use. */
  async client(region: string): Promise<KMSClient> {
    let c = this.kms.get(region);
    if (!c) {
      const common = this.options.clientFactory ? undefined : this.common(region);
      const made = this.options.clientFactory ? this.options.clientFactory(region) : new (await loadKmsSdk()).KMSClient(common!);
      c = this.kms.get(region) ?? made;
      if (c !== made && !this.options.clientFactory) made.destroy();
      this.kms.set(region, c);
    }
    return c;
  }

  /**
   * The caller's account id from STS GetCallerIdentity, asked once and cached. Regions are tried
   * in the given order (any region answers the same account), each within `timeoutMs`.
   */
  accountId(regions: readonly string[], timeoutMs: number, signal?: AbortSignal, observe?: CallObserver): Promise<string> {
    this.account ??= (async () => {
      let last: unknown;
      const { STSClient, GetCallerIdentityCommand } = await loadStsSdk();
      for (const region of regions) {
        const sts = new STSClient(this.common(region));
        const t0 = performance.now();
        try {
          const deadline = AbortSignal.timeout(timeoutMs);
          const abortSignal = signal ? AbortSignal.any([deadline, signal]) : deadline;
          const id = await traceKmsCall({ service: 'STS', method: 'GetCallerIdentity', region }, () => sts.send(new GetCallerIdentityCommand({}), { abortSignal }), (e) => ({
            outcome: signal?.aborted ? 'cancelled' : deadline.aborted ? 'timeout' : 'unavailable',
            errorType: (e as Error | undefined)?.name ?? 'Error',
          }));
          observe?.(region, true, performance.now() - t0);
          if (id.Account) return id.Account;
        } catch (e) {
          last = e;
          if (signal?.aborted) break;
          const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          if (status === undefined || status >= 500) observe?.(region, false, performance.now() - t0);
        } finally {
          sts.destroy();
        }
      }
      throw new ConfigError(`could not read the AWS account from STS GetCallerIdentity: ${(last as Error)?.message ?? 'no answer'}`, undefined, { cause: last });
    })();
    this.account.catch(() => (this.account = undefined));
    return this.account;
  }

  /** Closes the clients this pool built. */
  destroy(): void {
    if (!this.options.clientFactory) for (const c of this.kms.values()) c.destroy();
    this.kms.clear();
  }
}
