/**
 * One table in one region: its key schema and its items, grouped by partition key, each partition
 * in sort-key order when read. Keys are checked against the schema as DynamoDB checks them.
 */
import { compareValues, type AttributeValue, type Item } from './attribute_value.js';
import { invalid } from './ddb_error.js';

export type KeyType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}

/** What DescribeTable reports of a table (its items aside). */
export interface TableMeta {
  readonly name: string;
  readonly region: string;
  readonly tableId: string;
  /** Seconds since the epoch. */
  readonly creationDateTime: number;
  readonly hash: KeyAttribute;
  readonly range?: KeyAttribute;
  readonly billingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  readonly readCapacityUnits?: number;
  readonly writeCapacityUnits?: number;
  /** A replica being created: ms since the epoch when it becomes ACTIVE. */
  readyAt?: number;
  /** Regions of the global table this table belongs to (this one included); empty if not global. */
  replicas: string[];
}

const MAX_HASH_KEY = 2048;
const MAX_RANGE_KEY = 1024;

/** A key value as a string that is equal for equal values of one type. */
export const encodeKeyValue = (v: AttributeValue): string => (v.t === 'B' ? `B${v.v.toString('base64')}` : `${v.t}${String((v as { v: unknown }).v)}`);

function keySize(v: AttributeValue): number {
  return v.t === 'B' ? v.v.length : Buffer.byteLength(String((v as { v: unknown }).v), 'utf8');
}

export class Table {
  private readonly partitions = new Map<string, Map<string, Item>>();

  constructor(readonly meta: TableMeta) {}

  private keyAttributes(): KeyAttribute[] {
    return this.meta.range ? [this.meta.hash, this.meta.range] : [this.meta.hash];
  }

  /** Checks a `Key` member: exactly the key attributes, of their types. */
  checkKey(key: Item): void {
    const attrs = this.keyAttributes();
    const ok = key.size === attrs.length && attrs.every((a) => key.get(a.name)?.t === a.type);
    if (!ok) throw invalid('The provided key element does not match the schema');
    this.checkKeyValues(key);
  }

  /** Checks an item's key attributes (present, of their types, not empty, within their sizes). */
  checkItem(item: Item): void {
    for (const a of this.keyAttributes()) {
      const v = item.get(a.name);
      if (!v) throw invalid(`One or more parameter values were invalid: Missing the key ${a.name} in the item`);
      if (v.t !== a.type) throw invalid(`One or more parameter values were invalid: Type mismatch for key ${a.name} expected: ${a.type} actual: ${v.t}`);
    }
    this.checkKeyValues(item);
  }

  private checkKeyValues(item: Item): void {
    for (const a of this.keyAttributes()) {
      const v = item.get(a.name)!;
      if (keySize(v) === 0) throw invalid(`One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${v.t === 'B' ? 'binary' : 'string'} value. Key: ${a.name}`);
    }
    if (keySize(item.get(this.meta.hash.name)!) > MAX_HASH_KEY) throw invalid(`One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of ${MAX_HASH_KEY} bytes`);
    if (this.meta.range && keySize(item.get(this.meta.range.name)!) > MAX_RANGE_KEY) {
      throw invalid(`One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of ${MAX_RANGE_KEY} bytes`);
    }
  }

  /** The key attributes of an item (already checked). */
  keyOf(item: Item): Item {
    return new Map(this.keyAttributes().map((a) => [a.name, item.get(a.name)!]));
  }

  /** One string per item key: table-wide identity of an item. */
  itemId(key: Item): string {
    return JSON.stringify(this.keyAttributes().map((a) => encodeKeyValue(key.get(a.name)!)));
  }

  private slot(key: Item): [string, string] {
    const r = this.meta.range;
    return [encodeKeyValue(key.get(this.meta.hash.name)!), r ? encodeKeyValue(key.get(r.name)!) : ''];
  }

  get(key: Item): Item | undefined {
    const [p, s] = this.slot(key);
    return this.partitions.get(p)?.get(s);
  }

  /** Stores `item` under `key` (undefined deletes); returns the item it replaced. */
  set(key: Item, item: Item | undefined): Item | undefined {
    const [p, s] = this.slot(key);
    let part = this.partitions.get(p);
    const old = part?.get(s);
    if (item) {
      if (!part) this.partitions.set(p, (part = new Map()));
      part.set(s, item);
    } else if (part) {
      part.delete(s);
      if (!part.size) this.partitions.delete(p);
    }
    return old;
  }

  /** The items of one partition in sort-key order. */
  partition(hashValue: AttributeValue): Item[] {
    const items = [...(this.partitions.get(encodeKeyValue(hashValue))?.values() ?? [])];
    const r = this.meta.range;
    if (r) items.sort((a, b) => compareValues(a.get(r.name)!, b.get(r.name)!) ?? 0);
    return items;
  }

  /** Every item (any order). */
  *items(): Iterable<Item> {
    for (const part of this.partitions.values()) yield* part.values();
  }

  get itemCount(): number {
    let n = 0;
    for (const part of this.partitions.values()) n += part.size;
    return n;
  }
}
