/**
 * UpdateTable with `ReplicaUpdates` (global tables, version 2019.11.21): `Create` makes a replica
 * in another region of this process, `CREATING` for the replica delay, holding the items of the
 * table at that moment; from then on writes in any replica reach the others after the delay.
 * `Delete` removes a replica. Other UpdateTable changes are not emulated.
 */
import { randomUUID } from 'node:crypto';
import { jsonObject } from './attribute_value.js';
import { DdbError, invalid } from './ddb_error.js';
import { type DdbContext, type DdbHandler } from './ddb_context.js';
import { tableName, type Input } from './request_input.js';
import { Table } from './table.js';
import { describeTable } from './table_operations.js';

/** Members UpdateTable accepts and ignores (settings with no effect on kms-local). */
const IGNORED: ReadonlySet<string> = new Set(['TableName', 'ReplicaUpdates', 'StreamSpecification']);

type ReplicaUpdate = { readonly action: 'Create' | 'Delete'; readonly region: string };

function readUpdates(input: Input): ReplicaUpdate[] {
  const list = input['ReplicaUpdates'];
  const other = Object.keys(input).filter((k) => !IGNORED.has(k) && input[k] !== null && input[k] !== undefined);
  if (other.length) throw invalid(`kms-local emulates UpdateTable's ReplicaUpdates only, not ${other.join(', ')}`);
  if (!Array.isArray(list) || !list.length) throw invalid('At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required');
  return list.map((u) => {
    const o = jsonObject(u);
    const action = o && (['Create', 'Delete'] as const).find((a) => jsonObject(o[a]));
    if (!o || !action) throw invalid('kms-local emulates the Create and Delete replica updates only');
    const region = jsonObject(o[action])!['RegionName'];
    if (typeof region !== 'string') throw invalid('1 validation error detected: Value null at \'replicaUpdates.member.regionName\' failed to satisfy constraint: Member must not be null');
    return { action, region };
  });
}

function setReplicas(c: DdbContext, name: string, regions: string[]): void {
  const group = regions.length > 1 ? regions : [];
  for (const r of regions) {
    const t = c.store.tables(r).get(name);
    if (t) t.meta.replicas = [...group];
  }
}

function createReplica(c: DdbContext, source: Table, region: string): void {
  const name = source.meta.name;
  if (!c.regions.includes(region)) throw invalid(`One or more parameter values were invalid: kms-local serves no region ${region} (it serves ${c.regions.join(', ')})`);
  const group = source.meta.replicas.length ? source.meta.replicas : [source.meta.region];
  if (group.includes(region)) throw invalid(`Failed to create a the new replica of table with name: '${name}' because one or more replicas already existed as tables.`);
  if (c.store.tables(region).has(name)) throw invalid(`Failed to create a the new replica of table with name: '${name}' because one or more replicas already existed as tables.`);
  const replica = new Table({ ...source.meta, region, tableId: randomUUID(), creationDateTime: Date.now() / 1000, readyAt: Date.now() + c.store.replicaDelayMs, replicas: [] });
  for (const item of source.items()) replica.set(replica.keyOf(item), item);
  c.store.add(replica);
  setReplicas(c, name, [...group, region]);
}

function deleteReplica(c: DdbContext, source: Table, region: string): void {
  const group = source.meta.replicas;
  if (!group.includes(region) || region === source.meta.region) throw invalid(`One or more parameter values were invalid: Cannot delete a replica in region ${region}: it is not a replica of this table`);
  const t = c.store.tables(region).get(source.meta.name);
  if (t) c.store.remove(t);
  setReplicas(c, source.meta.name, group.filter((r) => r !== region));
}

export const updateTable: DdbHandler = (c, input) => {
  const name = tableName(input);
  const updates = readUpdates(input);
  const source = c.store.tables(c.region).get(name);
  if (!source) throw new DdbError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);
  if (source.meta.readyAt !== undefined) throw new DdbError('ResourceInUseException', `Attempt to change a resource which is still in use: Table is being created: ${name}`);
  for (const u of updates) (u.action === 'Create' ? createReplica : deleteReplica)(c, source, u.region);
  c.store.save();
  return { TableDescription: describeTable(c, source, 'UPDATING') };
};
