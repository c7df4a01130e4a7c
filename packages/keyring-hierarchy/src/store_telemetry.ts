/**
 * How the branch key store's AWS calls are reported, in the names of DESIGN § telemetry: a
 * `DynamoDB.<Method>` or `KMS.<Method>` client span with `rpc.system: 'aws-api'`, the table or key,
 * the answer's request id; KMS calls also get a point of `envelope.kms.duration`.
 */
import { TELEMETRY_NAMES, remoteCallReport, traceRemoteCall, type RemoteCallConventions, type RemoteFailureClassifier } from '@envelope/core';

/** One call of the store: the service, the operation, its region and the key or table it names. */
export interface StoreCall {
  readonly service: 'DynamoDB' | 'KMS';
  readonly method: string;
  readonly region: string;
  readonly keyId?: string;
  readonly table?: string;
}

/** How the store's AWS calls are reported: the names keyring-kms reports its calls under. */
const AWS_CALLS: RemoteCallConventions = {
  attributes: { 'rpc.system': 'aws-api' },
  keyAttribute: 'aws.kms.key_id',
  resourceListAttribute: 'aws.dynamodb.table_names',
  answerAttributes: { 'aws.request_id': ['$metadata', 'requestId'], 'envelope.kms.sdk_attempts': ['$metadata', 'attempts'] },
  outcomeAttribute: 'envelope.kms.outcome',
  durationMetrics: { KMS: { name: TELEMETRY_NAMES.metrics.kmsDuration, description: 'Duration of one KMS call (one SDK command)' } },
};

/** Runs one SDK command of the store as a traced remote call. */
export function traceStoreCall<T>(call: StoreCall, send: () => Promise<T>, classify: RemoteFailureClassifier): Promise<T> {
  const remote = { service: call.service, method: call.method, location: call.region, ...(call.keyId !== undefined ? { key: call.keyId } : {}), ...(call.table !== undefined ? { resource: call.table } : {}) };
  return traceRemoteCall(remote, send, classify, remoteCallReport(remote, AWS_CALLS));
}
