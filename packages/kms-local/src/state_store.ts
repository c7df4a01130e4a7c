/** Keys and aliases of every region, persisted as one JSON file written atomically (temp + rename). */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'Creating';

export interface KeyRecord {
  keyId: string;
  region: string;
  /** base64 AES-256 key material, shared by the replicas of a multi-region key. */
  material: string;
  state: KeyState;
  description: string;
  creationDate: number;
  multiRegion: boolean;
  /** For multi-region keys: the primary's region. */
  primaryRegion?: string;
  deletionDate?: number;
  /** A replica in `Creating`: when (ms since the epoch) it becomes `Enabled`. */
  readyAt?: number;
}

interface StateFile {
  keys: Record<string, Record<string, KeyRecord>>;
  aliases: Record<string, Record<string, string>>;
}

export class StateStore {
  private readonly file: string;
  private data: StateFile = { keys: {}, aliases: {} };

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'kms-local-state.json');
    if (existsSync(this.file)) this.data = JSON.parse(readFileSync(this.file, 'utf8')) as StateFile;
  }

  keys(region: string): Record<string, KeyRecord> {
    const keys = (this.data.keys[region] ??= {});
    let changed = false;
    for (const k of Object.values(keys)) {
      if (k.state === 'Creating' && (k.readyAt ?? 0) <= Date.now()) {
        k.state = 'Enabled';
        delete k.readyAt;
        changed = true;
      }
    }
    if (changed) this.save();
    return keys;
  }

  aliases(region: string): Record<string, string> {
    return (this.data.aliases[region] ??= {});
  }

  /** Persists after every change; a crash mid-write leaves the previous file whole. */
  save(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
