/**
 * The tables of every region, and the replication of global tables: a write to a table with
 * replicas is queued for each other replica region and applied there once the replica delay passed
 * (last writer wins by write time), checked whenever that region's tables are read. Persisted as one
 * JSON file in the state directory (tables as an array, so no table or attribute name is an object
 * key of ours).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readMap, writeMap, type Item } from './attribute_value.js';
import { Table, type TableMeta } from './table.js';
import { writeFileAtomic } from '../internal/atomic_file.js';

/** A write on its way to a replica. */
interface Replication {
  readonly dueAt: number;
  readonly ts: number;
  readonly key: Item;
  readonly item: Item | undefined;
}

interface TableFile {
  meta: TableMeta;
  items: unknown[];
  inbox: { dueAt: number; ts: number; key: unknown; item: unknown }[];
}

export class TableStore {
  private readonly regions = new Map<string, Map<string, Table>>();
  private readonly inbox = new Map<Table, Replication[]>();
  /** Last write time of each item id (deletes included), for last-writer-wins replication. */
  private readonly stamps = new Map<Table, Map<string, number>>();
  private readonly file: string | undefined;

  constructor(
    dir: string | undefined,
    readonly replicaDelayMs: number,
  ) {
    if (dir === undefined) return;
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'dynamodb-tables.json');
    if (existsSync(this.file)) this.load(JSON.parse(readFileSync(this.file, 'utf8')) as { tables: TableFile[] });
  }

  /** The tables of `region` by name, with replicated writes and replica creation settled. */
  tables(region: string): Map<string, Table> {
    let m = this.regions.get(region);
    if (!m) this.regions.set(region, (m = new Map()));
    this.settle(m);
    return m;
  }

  add(table: Table): void {
    this.tables(table.meta.region).set(table.meta.name, table);
  }

  remove(table: Table): void {
    this.tables(table.meta.region).delete(table.meta.name);
    this.inbox.delete(table);
    this.stamps.delete(table);
  }

  /** Writes (or with `item` undefined deletes) one item, and queues it for the table's replicas. */
  write(table: Table, key: Item, item: Item | undefined, now = Date.now()): void {
    this.apply(table, key, item, now);
    for (const region of table.meta.replicas) {
      if (region === table.meta.region) continue;
      const replica = this.regions.get(region)?.get(table.meta.name);
      if (!replica) continue;
      const queue = this.inbox.get(replica) ?? [];
      queue.push({ dueAt: now + this.replicaDelayMs, ts: now, key, item });
      this.inbox.set(replica, queue);
    }
  }

  private apply(table: Table, key: Item, item: Item | undefined, ts: number): void {
    const id = table.itemId(key);
    let stamps = this.stamps.get(table);
    if (!stamps) this.stamps.set(table, (stamps = new Map()));
    if ((stamps.get(id) ?? -Infinity) > ts) return;
    stamps.set(id, ts);
    table.set(key, item);
  }

  private settle(tables: Map<string, Table>): void {
    const now = Date.now();
    let changed = false;
    for (const t of tables.values()) {
      if (t.meta.readyAt !== undefined && t.meta.readyAt <= now) {
        delete t.meta.readyAt;
        changed = true;
      }
      const queue = this.inbox.get(t);
      if (!queue?.length || queue[0]!.dueAt > now) continue;
      while (queue.length && queue[0]!.dueAt <= now) {
        const r = queue.shift()!;
        this.apply(t, r.key, r.item, r.ts);
      }
      changed = true;
    }
    if (changed) this.save();
  }

  /** Persists every table (after each change; a crash mid-write leaves the previous file whole). */
  save(): void {
    if (!this.file) return;
    const tables: TableFile[] = [];
    for (const m of this.regions.values()) {
      for (const t of m.values()) {
        const inbox = (this.inbox.get(t) ?? []).map((r) => ({ dueAt: r.dueAt, ts: r.ts, key: writeMap(r.key), item: r.item ? writeMap(r.item) : null }));
        tables.push({ meta: t.meta, items: [...t.items()].map(writeMap), inbox });
      }
    }
    writeFileAtomic(this.file, JSON.stringify({ tables }));
  }

  private load(data: { tables: TableFile[] }): void {
    for (const f of data.tables) {
      const t = new Table(f.meta);
      for (const wire of f.items) {
        const item = readMap(wire);
        t.set(t.keyOf(item), item);
      }
      this.inbox.set(t, f.inbox.map((r) => ({ dueAt: r.dueAt, ts: r.ts, key: readMap(r.key), item: r.item ? readMap(r.item) : undefined })));
      let m = this.regions.get(f.meta.region);
      if (!m) this.regions.set(f.meta.region, (m = new Map()));
      m.set(f.meta.name, t);
    }
  }
}
