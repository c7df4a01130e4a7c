/** The request log: one entry per request as it arrived, the most recent ones only. */

/** One request as it arrived, and how it was answered. */
export interface RequestLogEntry {
  /** ms since the epoch, at arrival. */
  time: number;
  /** ms since the epoch, when answered (absent while pending, or if dropped/hung). */
  endTime?: number;
  /** Region of the server that got the request. */
  region: string;
  /** KMS or DynamoDB operation, or `GetCallerIdentity`. */
  operation: string;
  /** The KeyId (or TargetKeyId) of the request, as sent. */
  keyId?: string;
  /** HTTP status, or what a fault did with it. */
  status: number | 'dropped' | 'hung' | 'pending';
}

/** How many entries the log keeps (the oldest go first). */
export const REQUEST_LOG_LIMIT = 10_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly limit = REQUEST_LOG_LIMIT) {}

  /** Adds an entry (kept by reference, so its status can still change). */
  add(entry: RequestLogEntry): RequestLogEntry {
    this.entries.push(entry);
    // Trimmed in batches so a long run does not move the whole array on every request.
    if (this.entries.length >= this.limit * 1.5) this.entries = this.entries.slice(-this.limit);
    return entry;
  }

  /** The most recent entries (copies), of one region or all. */
  list(region?: string): RequestLogEntry[] {
    return this.entries.slice(-this.limit).filter((e) => !region || e.region === region).map((e) => ({ ...e }));
  }

  /** Empties the log of one region, or all of it. */
  clear(region?: string): void {
    this.entries = region ? this.entries.filter((e) => e.region !== region) : [];
  }
}
