/**
 * The KMS operations kms-local answers, over the state of one region. Every request goes the same
 * way: the validation layer checks the input against the service model, the handler resolves keys
 * (in the forms the model allows) and checks them against the key-state table, and only then, unless
 * `DryRun` is set, does the operation take effect.
 */
import { KmsError } from './kms_error.js';
import { requireKeyState } from './internal/key_states.js';
import { resolveKeyRef } from './internal/key_refs.js';
import { keyArn, type RegionContext } from './internal/region_context.js';
import { operationModel, validateInput } from './internal/validate_input.js';
import { ALIAS_OPERATIONS } from './internal/alias_operations.js';
import { CRYPTO_OPERATIONS } from './internal/crypto_operations.js';
import { KEY_OPERATIONS } from './internal/key_operations.js';
import { replicateKey } from './internal/replicate_key.js';
import type { Handler, Json, Request } from './internal/operation_types.js';

export type { RegionContext } from './internal/region_context.js';

const HANDLERS: ReadonlyMap<string, Handler> = new Map(Object.entries({ ...KEY_OPERATIONS, ...ALIAS_OPERATIONS, ...CRYPTO_OPERATIONS, ReplicateKey: replicateKey }));

/** Whether kms-local answers `operation`. */
export const isOperation = (operation: string): boolean => HANDLERS.has(operation);

/** Runs one KMS request; throws the KmsError AWS would answer. */
export async function runOperation(c: RegionContext, operation: string, body: Record<string, unknown>): Promise<Json> {
  const handler = HANDLERS.get(operation);
  const model = operationModel(operation);
  if (!handler || !model) throw new KmsError('UnknownOperationException', `Unknown operation ${operation}`);
  const input = validateInput(model, body);
  const request: Request = {
    c,
    input,
    operation,
    key(name) {
      const ref = input[name];
      const member = model.input[name];
      if (typeof ref !== 'string' || !member?.keyId) return undefined;
      return resolveKeyRef(c, ref, member.keyId);
    },
    allow(k) {
      requireKeyState(operation, k.state, keyArn(c, k.keyId));
      return k;
    },
  };
  const commit = handler(request);
  if (input['DryRun'] === true) throw new KmsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
  return commit();
}
