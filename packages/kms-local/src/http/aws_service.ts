/** What the router needs of each AWS service it serves on a region's endpoint. */
import type { Answer } from './respond.js';

export interface AwsService {
  /** The SigV4 service names a request to it may be signed for. */
  readonly signingNames: readonly string[];
  /** The operation a request names (`Unknown` if none). */
  operation(target: string, body: Buffer): string;
  /** The key id a request names, for the request log. */
  keyId(body: Buffer): string | undefined;
  /** Runs a verified request; errors the service knows become answers. */
  run(operation: string, body: Buffer): Promise<Answer>;
  /** The answer to an error the service knows (thrown while verifying or running); undefined for others. */
  failure(e: unknown): Answer | undefined;
  /** The answer to an injected fault. */
  injected(kind: 'error' | 'throttle'): Answer;
  /** The answer to a request body over the limit. */
  tooLarge(limit: number): Answer;
}

/** The body as a JSON object, or undefined if it is not one (an empty body is `{}`). */
export function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  if (!body.length) return {};
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
