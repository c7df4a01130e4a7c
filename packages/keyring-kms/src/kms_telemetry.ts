/**
 * KMS calls as telemetry, in the names of DESIGN § telemetry: a `KMS.<Method>` client span with
 * `rpc.system: 'aws-api'`, `cloud.region` and `aws.kms.key_id`, a point of `envelope.kms.duration`,
 * and a record for {@link onKmsCall} listeners (which is what the CLI's `--verbose` prints). Built
 * on core's remote-call tracer, so a branch key store's DynamoDB calls are heard here too.
 */
import { TELEMETRY_NAMES, onRemoteCall, remoteCallReport, traceRemoteCall, type RemoteCallConventions, type RemoteCallOutcome } from '@envelope/core';

/** One remote call a keyring is about to make: one SDK command. */
export interface KmsCall {
  /** `KMS`, `STS` for the account lookup of alias configurations, or `DynamoDB` (branch key stores). */
  readonly service: 'KMS' | 'STS' | 'DynamoDB';
  /** The API operation: `GenerateDataKey`, `Encrypt`, `Decrypt`, `GetCallerIdentity`, … */
  readonly method: string;
  /** The region called. */
  readonly region: string;
  /** The key id or ARN the command names (KMS calls). */
  readonly keyId?: string;
  /** The table the command names (DynamoDB calls). */
  readonly table?: string;
}

/**
 * How a call ended: `ok`, `refused` (KMS answered with an error about the key or request),
 * `unavailable` (no useful answer: connection failure, 5xx), `throttled`, `timeout` (the keyring's
 * deadline), `cancelled` (another candidate won, or the caller aborted).
 */
export type KmsCallOutcome = RemoteCallOutcome;

/** A finished remote call, as {@link onKmsCall} listeners hear of it. */
export interface KmsCallRecord extends KmsCall {
  /** How it ended. */
  readonly outcome: KmsCallOutcome;
  /** Wall time of the SDK command, ms. */
  readonly durationMs: number;
  /** The error's type (SDK exception name, `TimeoutError`, …) when it failed. */
  readonly errorType?: string;
}

/** A listener of {@link onKmsCall}. */
export type KmsCallListener = (record: KmsCallRecord) => void;

/** What a {@link KmsFailureClassifier} says about a failed call. */
export interface KmsFailure {
  /** How it ended (anything but `ok`). */
  readonly outcome: Exclude<KmsCallOutcome, 'ok'>;
  /** `error.type` of the span: the SDK exception name, `TimeoutError`, `AbortError`, … */
  readonly errorType: string;
}

/** How a keyring classifies a failed call. */
export type KmsFailureClassifier = (error: unknown) => KmsFailure;

/** Hears of every finished KMS (and STS, DynamoDB) call in this process; returns the function that stops it. */
export function onKmsCall(listener: KmsCallListener): () => void {
  return onRemoteCall((r) => {
    const { location, key, resource, ...rest } = r;
    listener({
      ...rest,
      service: r.service as KmsCall['service'],
      region: location,
      ...(key !== undefined ? { keyId: key } : {}),
      ...(resource !== undefined ? { table: resource } : {}),
    });
  });
}

/**
 * How AWS calls are reported: `rpc.system`, the key or table, the answer's request id and SDK
 * attempts (`$metadata`, which tie a span to the service's logs), and the KMS duration histogram
 * for KMS calls.
 */
const AWS_CALLS: RemoteCallConventions = {
  attributes: { 'rpc.system': 'aws-api' },
  keyAttribute: 'aws.kms.key_id',
  resourceListAttribute: 'aws.dynamodb.table_names',
  answerAttributes: { 'aws.request_id': ['$metadata', 'requestId'], 'envelope.kms.sdk_attempts': ['$metadata', 'attempts'] },
  outcomeAttribute: 'envelope.kms.outcome',
  durationMetrics: { KMS: { name: TELEMETRY_NAMES.metrics.kmsDuration, description: 'Duration of one KMS call (one SDK command)' } },
};

/**
 * Runs one SDK command as a traced call: a `KMS.<Method>` client span (a child of the active
 * operation span), a point of `envelope.kms.duration`, and a record for {@link onKmsCall}
 * listeners. For keyring authors: call it once per `client.send`.
 */
export function traceKmsCall<T>(call: KmsCall, send: () => Promise<T>, classify: KmsFailureClassifier): Promise<T> {
  const remote = { service: call.service, method: call.method, location: call.region, ...(call.keyId !== undefined ? { key: call.keyId } : {}), ...(call.table !== undefined ? { resource: call.table } : {}) };
  return traceRemoteCall(remote, send, classify, remoteCallReport(remote, AWS_CALLS));
}
