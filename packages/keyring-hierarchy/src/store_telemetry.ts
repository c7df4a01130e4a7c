/**
 * How the branch key store's AWS calls are reported, in the names of DESIGN § telemetry: a
 * `DynamoDB.<Method>` or `KMS.<Method>` client span with `rpc.system: 'aws-api'`, the table or key,
 * the answer's request id; KMS calls also get a point of `envelope.kms.duration`.
 */
import { TELEMETRY_NAMES, traceRemoteCall, type CallAttributes, type RemoteCallReport, type RemoteFailureClassifier } from '@envelope/core';

/** One call of the store: the service, the operation, its region and the key or table it names. */
export interface StoreCall {
  readonly service: 'DynamoDB' | 'KMS';
  readonly method: string;
  readonly region: string;
  readonly keyId?: string;
  readonly table?: string;
}

const KMS_DURATION = { name: TELEMETRY_NAMES.metrics.kmsDuration, description: 'Duration of one KMS call (one SDK command)' } as const;

function describeAnswer(answer: unknown): CallAttributes | undefined {
  const meta = (answer as { $metadata?: { requestId?: string; attempts?: number } } | null)?.$metadata;
  if (meta === undefined) return undefined;
  return {
    ...(meta.requestId ? { 'aws.request_id': meta.requestId } : {}),
    ...(meta.attempts !== undefined ? { 'envelope.kms.sdk_attempts': meta.attempts } : {}),
  };
}

function reportOf(call: StoreCall): RemoteCallReport {
  const attributes: CallAttributes = { 'rpc.system': 'aws-api' };
  if (call.keyId !== undefined) attributes['aws.kms.key_id'] = call.keyId;
  if (call.table !== undefined) attributes['aws.dynamodb.table_names'] = [call.table];
  return { attributes, describeAnswer, outcomeAttribute: 'envelope.kms.outcome', ...(call.service === 'KMS' ? { durationMetric: KMS_DURATION } : {}) };
}

/** Runs one SDK command of the store as a traced remote call. */
export function traceStoreCall<T>(call: StoreCall, send: () => Promise<T>, classify: RemoteFailureClassifier): Promise<T> {
  const remote = { service: call.service, method: call.method, location: call.region, ...(call.keyId !== undefined ? { key: call.keyId } : {}), ...(call.table !== undefined ? { resource: call.table } : {}) };
  return traceRemoteCall(remote, send, classify, reportOf(call));
}
