/**
 * CreateAlias and ListAliases. Alias names: the validation layer checks the model's pattern and
 * length, the `alias/` prefix and no colon (ValidationException); the reserved `alias/aws/` prefix is
 * an InvalidAliasNameException (API reference, CreateAlias). ListAliases shows the predefined
 * `alias/aws/*` aliases too, without TargetKeyId.
 */
import { KmsError } from '../kms_error.js';
import { AWS_MANAGED_ALIASES } from './aws_managed_aliases.js';
import { paginate } from './markers.js';
import { aliasArn } from './region_context.js';
import type { Handler } from './operation_types.js';

/** ListAliases: "between 1 and 100" per page (API reference); larger limits get at most 100. */
const MAX_ALIAS_PAGE = 100;


export const ALIAS_OPERATIONS: Readonly<Record<string, Handler>> = {
  CreateAlias(r) {
    const { c, input } = r;
    const name = input['AliasName'] as string;
    // The name's form was checked by the validation layer; the reserved prefix is a rule of its own.
    if (name.startsWith('alias/aws/')) throw new KmsError('InvalidAliasNameException', `${name}: the prefix alias/aws/ is reserved for AWS managed keys.`);
    const aliases = c.store.aliases(c.region);
    if (aliases.has(name) || AWS_MANAGED_ALIASES.includes(name)) throw new KmsError('AlreadyExistsException', `An alias with the name ${aliasArn(c, name)} already exists`);
    const target = r.allow(r.key('TargetKeyId')!);
    return () => {
      const now = Date.now() / 1000;
      aliases.set(name, { targetKeyId: target.keyId, creationDate: now, lastUpdatedDate: now });
      c.store.save();
      return {};
    };
  },
  ListAliases(r) {
    const { c, input } = r;
    const only = r.key('KeyId');
    type Entry = { AliasName: string; AliasArn: string; TargetKeyId?: string; CreationDate?: number; LastUpdatedDate?: number };
    const entries: Entry[] = [];
    for (const [name, a] of c.store.aliases(c.region)) {
      if (!only || a.targetKeyId === only.keyId) {
        entries.push({ AliasName: name, AliasArn: aliasArn(c, name), TargetKeyId: a.targetKeyId, CreationDate: a.creationDate, LastUpdatedDate: a.lastUpdatedDate });
      }
    }
    if (!only) for (const name of AWS_MANAGED_ALIASES) entries.push({ AliasName: name, AliasArn: aliasArn(c, name) });
    const limit = Math.min((input['Limit'] as number | undefined) ?? 50, MAX_ALIAS_PAGE);
    const page = paginate(entries, (e) => e.AliasName, limit, input['Marker'] as string | undefined, `ListAliases:${c.region}:${only?.keyId ?? ''}`);
    return () => ({ Aliases: page.items, Truncated: page.truncated, ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}) });
  },
};
