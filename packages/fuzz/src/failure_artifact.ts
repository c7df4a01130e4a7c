/** The file a failure is saved to, and read back from by `FUZZ_REPLAY`. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Failure } from './report.js';
import type { KeyMaterial } from './targets.js';

/** Everything a failure replays from: keys, bytes, chunking, cancellation. */
export interface Artifact {
  readonly seed: number;
  readonly failure: Failure;
  readonly keyMaterial: KeyMaterial;
  readonly plaintextHex: string;
  readonly originalHex: string;
  readonly mutatedHex: string;
  /** Chunk sizes the stream was fed (one chunk for `decrypt`). */
  readonly chunkSizes: readonly number[];
  /** Whether the stream was fed by a producer reusing its buffer. */
  readonly reuseBuffer: boolean;
  /** Event-loop turns before the run was cancelled, if it was. */
  readonly abortAfterTurns?: number;
  /** The stream's `concurrency`, when it was more than 1. */
  readonly concurrency?: number;
}

/** Writes `a` into `dir` (created if needed); returns the file's path. */
export function writeArtifact(dir: string, a: Artifact): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `fail-${a.failure.input}-${a.failure.path}.json`);
  writeFileSync(file, `${JSON.stringify(a, null, 1)}\n`);
  return file;
}

/** Reads an artifact written by {@link writeArtifact}. */
export function readArtifact(file: string): Artifact {
  return JSON.parse(readFileSync(file, 'utf8')) as Artifact;
}
