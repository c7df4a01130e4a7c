/** The DynamoDB operations kms-local answers, by name. */
import { DdbError } from './ddb_error.js';
import type { DdbContext, DdbHandler, Json } from './ddb_context.js';
import { ITEM_OPERATIONS } from './item_operations.js';
import { QUERY_OPERATIONS } from './query.js';
import { updateTable } from './replica_updates.js';
import { TABLE_OPERATIONS } from './table_operations.js';
import { TRANSACT_OPERATIONS } from './transact_write.js';

const HANDLERS: ReadonlyMap<string, DdbHandler> = new Map(
  Object.entries({ ...TABLE_OPERATIONS, UpdateTable: updateTable, ...ITEM_OPERATIONS, ...QUERY_OPERATIONS, ...TRANSACT_OPERATIONS }),
);

/** Runs one DynamoDB request; throws the DdbError AWS would answer. */
export function runDdbOperation(c: DdbContext, operation: string, input: Json): Json {
  const handler = HANDLERS.get(operation);
  if (!handler) throw new DdbError('UnknownOperationException', `Unknown operation ${operation}`);
  return handler(c, input);
}
