/**
 * Key identifiers as the API reference defines them: key id, key ARN, alias name (`alias/…`) and
 * alias ARN. Operations that manage a key take the first two only (`key`); the others take all four
 * (`any`). An alias where only a key id or ARN is allowed names no key: NotFoundException. An ARN
 * KMS cannot use here (not a KMS key or alias ARN, or another region's or account's) is a
 * NotFoundException "Invalid arn", and a key id that is neither a UUID nor `mrk-` + 32 hex digits is
 * NotFoundException "Invalid keyId", as AWS answers them (recorded). Lookups go through Maps only.
 */
import { KmsError } from '../kms_error.js';
import type { KeyRecord } from '../state_store.js';
import type { KeyIdForm } from './service_model.js';
import { aliasArn, keyArn, type RegionContext } from './region_context.js';

const ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]*):([0-9]*):(key|alias)\/(.+)$/;
// Key ids are UUIDs, or mrk- and 32 hex digits for multi-region keys; anything else names no key.
const KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

const keyNotFound = (c: RegionContext, id: string): KmsError => new KmsError('NotFoundException', `Key '${keyArn(c, id)}' does not exist`);

/** Resolves `ref` to a key of the context's region, accepting the forms `form` allows. */
export function resolveKeyRef(c: RegionContext, ref: string, form: KeyIdForm): KeyRecord {
  let name = ref;
  if (ref.startsWith('arn:')) {
    const m = ARN.exec(ref);
    if (!m || m[2] !== c.accountId) throw new KmsError('NotFoundException', 'Invalid arn');
    if (m[1] !== c.region) throw new KmsError('NotFoundException', `Invalid arn ${m[1]!}`);
    name = m[3] === 'key' ? m[4]! : `alias/${m[4]!}`;
  }
  if (name.startsWith('alias/')) {
    if (form === 'key') throw keyNotFound(c, name);
    const alias = c.store.aliases(c.region).get(name);
    if (!alias) throw new KmsError('NotFoundException', `Alias ${aliasArn(c, name)} is not found.`);
    name = alias.targetKeyId;
  }
  if (!KEY_ID.test(name)) throw new KmsError('NotFoundException', `Invalid keyId '${name}'`);
  const k = c.store.keys(c.region).get(name);
  if (!k) throw keyNotFound(c, name);
  return k;
}
