/**
 * Keys and aliases of every region, held in Maps (so a request naming `__proto__` or `constructor`
 * finds nothing) and persisted as one JSON file, written to a fresh exclusively-created temp file
 * and renamed into place.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { KeyState } from './internal/key_states.js';
import { writeFileAtomic } from './internal/atomic_file.js';

export type { KeyState } from './internal/key_states.js';

/** Key specs kms-local creates keys with. */
export type LocalKeySpec = 'SYMMETRIC_DEFAULT' | 'RSA_2048' | 'RSA_3072' | 'RSA_4096';

export interface KeyRecord {
  keyId: string;
  region: string;
  state: KeyState;
  description: string;
  /** Seconds since the epoch. */
  creationDate: number;
  keySpec: LocalKeySpec;
  /** base64 AES-256 key material (symmetric keys), shared by the replicas of a multi-region key. */
  material?: string;
  /** RSA keys: base64 PKCS#8 DER private key and SPKI DER public key. */
  privateKey?: string;
  publicKey?: string;
  multiRegion: boolean;
  /** For multi-region keys: the primary's region. */
  primaryRegion?: string;
  /** Seconds since the epoch (PendingDeletion only). */
  deletionDate?: number;
  /** The waiting period asked for (PendingDeletion and PendingReplicaDeletion). */
  pendingWindowInDays?: number;
  /** A replica in `Creating`: when (ms since the epoch) it becomes `Enabled`. */
  readyAt?: number;
}

export interface AliasRecord {
  targetKeyId: string;
  /** Seconds since the epoch. */
  creationDate: number;
  lastUpdatedDate: number;
}

interface StateFile {
  keys: Record<string, Record<string, KeyRecord>>;
  aliases: Record<string, Record<string, AliasRecord | string>>;
}

export class StateStore {
  private readonly file: string;
  private readonly keysByRegion = new Map<string, Map<string, KeyRecord>>();
  private readonly aliasesByRegion = new Map<string, Map<string, AliasRecord>>();
  private readonly creating = new Set<KeyRecord>();

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'kms-local-state.json');
    if (existsSync(this.file)) this.load(JSON.parse(readFileSync(this.file, 'utf8')) as StateFile);
  }

  /** The keys of `region` by key id; replicas whose creation delay passed are `Enabled` by now. */
  keys(region: string): Map<string, KeyRecord> {
    this.settle();
    let m = this.keysByRegion.get(region);
    if (!m) this.keysByRegion.set(region, (m = new Map()));
    return m;
  }

  /** The aliases of `region` by alias name. */
  aliases(region: string): Map<string, AliasRecord> {
    let m = this.aliasesByRegion.get(region);
    if (!m) this.aliasesByRegion.set(region, (m = new Map()));
    return m;
  }

  /** Adds a key; a `Creating` one is watched until its `readyAt`. */
  addKey(k: KeyRecord): void {
    this.keys(k.region).set(k.keyId, k);
    if (k.state === 'Creating') this.creating.add(k);
    this.save();
  }

  /** Persists after every change; a crash mid-write leaves the previous file whole. */
  save(): void {
    const data: StateFile = { keys: {}, aliases: {} };
    for (const [region, m] of this.keysByRegion) data.keys[region] = Object.fromEntries(m);
    for (const [region, m] of this.aliasesByRegion) data.aliases[region] = Object.fromEntries(m);
    writeFileAtomic(this.file, JSON.stringify(data));
  }

  private settle(): void {
    if (!this.creating.size) return;
    const now = Date.now();
    let changed = false;
    for (const k of this.creating) {
      if (k.state !== 'Creating') this.creating.delete(k);
      else if ((k.readyAt ?? 0) <= now) {
        k.state = 'Enabled';
        delete k.readyAt;
        this.creating.delete(k);
        changed = true;
      }
    }
    if (changed) this.save();
  }

  private load(data: StateFile): void {
    for (const [region, keys] of Object.entries(data.keys ?? {})) {
      const m = new Map<string, KeyRecord>();
      for (const [id, k] of Object.entries(keys)) {
        const rec: KeyRecord = { ...k, keySpec: k.keySpec ?? 'SYMMETRIC_DEFAULT' };
        m.set(id, rec);
        if (rec.state === 'Creating') this.creating.add(rec);
      }
      this.keysByRegion.set(region, m);
    }
    for (const [region, aliases] of Object.entries(data.aliases ?? {})) {
      const m = new Map<string, AliasRecord>();
      const now = Date.now() / 1000;
      // State files of earlier versions held the target key id only.
      for (const [name, a] of Object.entries(aliases)) m.set(name, typeof a === 'string' ? { targetKeyId: a, creationDate: now, lastUpdatedDate: now } : a);
      this.aliasesByRegion.set(region, m);
    }
  }
}
