/**
 * AWS's key-state table as data: for each operation kms-local serves and each key state, whether
 * the operation succeeds or which error it answers. Source: AWS KMS Developer Guide, "Key states of
 * AWS KMS keys", key state table and its numbered notes. Where the guide says "[2] or [3]" (a key
 * pending deletion in a cryptographic operation) AWS answers KMSInvalidStateException, note [3].
 */
import { KmsError } from '../kms_error.js';

/** Every key state of the model (KeyState enum). */
export type KeyState = 'Creating' | 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'PendingReplicaDeletion' | 'Unavailable' | 'Updating';

/** `ok`, or the number of the guide's note naming the error. */
type Outcome = 'ok' | 1 | 3 | 4 | 5 | 11 | 14 | 15;
type Row = readonly [enabled: Outcome, disabled: Outcome, pendingDeletion: Outcome, pendingImport: Outcome, unavailable: Outcome, creating: Outcome, updating: Outcome];

// Columns: Enabled, Disabled, PendingDeletion (and PendingReplicaDeletion, one column in the guide),
// PendingImport, Unavailable, Creating, Updating.
const TABLE: Readonly<Record<string, Row>> = {
  CancelKeyDeletion: [4, 4, 'ok', 4, 4, 4, 4],
  CreateAlias: ['ok', 'ok', 3, 'ok', 'ok', 'ok', 'ok'],
  Decrypt: ['ok', 1, 3, 5, 11, 14, 'ok'],
  DescribeKey: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  DisableKey: ['ok', 'ok', 3, 5, 'ok', 14, 15],
  EnableKey: ['ok', 'ok', 3, 5, 'ok', 14, 15],
  Encrypt: ['ok', 1, 3, 5, 11, 14, 'ok'],
  GenerateDataKey: ['ok', 1, 3, 5, 11, 14, 'ok'],
  GenerateDataKeyWithoutPlaintext: ['ok', 1, 3, 5, 11, 14, 'ok'],
  GetPublicKey: ['ok', 1, 3, 5, 11, 14, 'ok'],
  ListAliases: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  ReEncrypt: ['ok', 1, 3, 5, 11, 14, 'ok'],
  ReplicateKey: ['ok', 1, 3, 5, 11, 14, 15],
  ScheduleKeyDeletion: ['ok', 'ok', 3, 'ok', 'ok', 'ok', 15],
};

const COLUMN: Readonly<Record<KeyState, number>> = {
  Enabled: 0, Disabled: 1, PendingDeletion: 2, PendingReplicaDeletion: 2, PendingImport: 3, Unavailable: 4, Creating: 5, Updating: 6,
};

const NOTE: Readonly<Record<Exclude<Outcome, 'ok'>, (arn: string) => KmsError>> = {
  1: (arn) => new KmsError('DisabledException', `${arn} is disabled.`),
  3: (arn) => new KmsError('KMSInvalidStateException', `${arn} is pending deletion.`),
  4: (arn) => new KmsError('KMSInvalidStateException', `${arn} is not pending deletion.`),
  5: (arn) => new KmsError('KMSInvalidStateException', `${arn} is pending import.`),
  11: (arn) => new KmsError('KMSInvalidStateException', `${arn} is unavailable.`),
  14: (arn) => new KmsError('KMSInvalidStateException', `${arn} is creating.`),
  15: (arn) => new KmsError('KMSInvalidStateException', `${arn} is updating.`),
};

/** Throws what AWS answers when `operation` meets a key in `state`; returns if it is allowed. */
export function requireKeyState(operation: string, state: KeyState, arn: string): void {
  const row = TABLE[operation];
  if (!row) throw new Error(`kms-local: no key-state row for ${operation}`);
  const outcome = row[COLUMN[state]];
  if (outcome !== undefined && outcome !== 'ok') {
    const e = NOTE[outcome](arn);
    if (state === 'PendingReplicaDeletion' && outcome === 3) throw new KmsError(e.type, `${arn} is pending replica deletion.`);
    throw e;
  }
}
