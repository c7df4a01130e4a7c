/**
 * The mutants of one message: every truncation, a bit flip at every byte, each numeric field set
 * to 0 / all ones / 0xFFFF / 0xFFFFFFFF / its value ± 1, frames swapped, dropped or replayed, and
 * random multi-byte edits (overwrite, insert, delete, duplicate, append, a foreign body spliced in).
 * Mutants are described first and built on demand, so a round of a large message costs nothing
 * until it runs.
 */
import type { MessageLayout, NumericField } from './message_layout.js';
import type { Prng } from './prng.js';

/** Mutation kinds, as counted in the report. */
export const MUTATION_KINDS = ['truncate', 'bit-flip', 'bit-flips', 'length-field', 'other-field', 'unit-swap', 'unit-drop', 'unit-replay', 'overwrite', 'insert', 'delete', 'duplicate', 'append', 'splice'] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** One mutant, built on demand. */
export interface Mutant {
  readonly kind: MutationKind;
  /** What was done, e.g. `header.frameLength := 0xffffffff` or `truncate at 131`. */
  readonly note: string;
  build(): Buffer;
}

/** Another message of the same target (another data key), for splicing. */
export interface Foreign {
  readonly bytes: Buffer;
  readonly headerLength: number;
}

/** Full rounds sweep every position of messages up to this size; larger ones are sampled. */
const FULL_SWEEP_LIMIT = 2048;
const SAMPLED_POSITIONS = 512;
/** Quick rounds: this many random positions per sweep (besides every unit boundary). */
const QUICK_POSITIONS = 32;

/**
 * The mutants of one round over `msg`, in a seeded random order. A full round has every truncation,
 * a bit flip at every byte and every field value; a quick round samples them, so more message shapes
 * get their turn. `foreign` is another message of the same target, if any.
 */
export function mutantsOf(msg: Buffer, layout: MessageLayout, rng: Prng, foreign: Foreign | undefined, full: boolean): Mutant[] {
  const out: Mutant[] = [];
  const positions = full ? sweepPositions(msg.length, layout, rng) : quickPositions(msg.length, layout, rng);
  for (const at of positions) out.push({ kind: 'truncate', note: `truncate at ${at}`, build: () => Buffer.from(msg.subarray(0, at)) });
  for (const at of full ? positions : quickPositions(msg.length, layout, rng)) {
    const bit = rng.below(8);
    out.push({ kind: 'bit-flip', note: `flip bit ${bit} of byte ${at}`, build: () => flip(msg, [[at, bit]]) });
  }
  for (const f of layout.fields) {
    // Quick rounds: one value per field, and the sequence numbers of the first frames only.
    if (!full && /^frame\[([2-9]|\d\d+)\]/.test(f.name) && !rng.chance(0.05)) continue;
    const values = fieldValues(f, msg);
    for (const v of full ? values : rng.shuffle(values).slice(0, 1)) {
      out.push({ kind: f.isLength ? 'length-field' : 'other-field', note: `${f.name} := 0x${v.toString(16)}`, build: () => setField(msg, f, v) });
    }
  }
  const units = layout.units;
  for (let i = 0; i < units.length; i++) {
    if (!full && i > 1 && i < units.length - 1 && !rng.chance(0.1)) continue;
    out.push({ kind: 'unit-drop', note: `drop ${units[i]!.kind} ${i}`, build: () => cut(msg, units[i]!.start, units[i]!.end) });
    out.push({ kind: 'unit-replay', note: `replay ${units[i]!.kind} ${i}`, build: () => paste(msg, units[i]!.end, msg.subarray(units[i]!.start, units[i]!.end)) });
  }
  // Neighbours, and a few pairs further apart (all pairs would be quadratic in the frame count).
  const pairs = units.slice(1).map((_, i) => [i, i + 1] as const).filter(() => full || rng.chance(0.25));
  for (let n = 0; n < 8 && units.length > 2; n++) {
    const i = rng.below(units.length - 2);
    pairs.push([i, rng.int(i + 2, units.length - 1)]);
  }
  for (const [i, j] of pairs) out.push({ kind: 'unit-swap', note: `swap units ${i} and ${j}`, build: () => swap(msg, units[i]!, units[j]!) });
  const randomEdits = full ? Math.max(32, Math.min(1024, msg.length >> 1)) : 40;
  for (let i = 0; i < randomEdits; i++) out.push(randomEdit(msg, layout, rng.fork(), foreign));
  return rng.shuffle(out);
}

function sweepPositions(length: number, layout: MessageLayout, rng: Prng): number[] {
  if (length <= FULL_SWEEP_LIMIT) return Array.from({ length }, (_, i) => i);
  const set = new Set<number>();
  for (let i = 0; i < layout.headerLength + 8; i++) set.add(i);
  for (const u of layout.units) for (let d = -2; d <= 26; d++) set.add(Math.min(length - 1, Math.max(0, u.start + d)));
  for (const u of layout.units) for (let d = -18; d <= 1; d++) set.add(Math.min(length - 1, Math.max(0, u.end + d)));
  for (let i = length - 120; i < length; i++) set.add(Math.max(0, i));
  while (set.size < SAMPLED_POSITIONS + layout.headerLength) set.add(rng.below(length));
  return [...set].sort((a, b) => a - b);
}

/** Half in the header (most of the structure), half anywhere, and the first and last unit boundaries. */
function quickPositions(length: number, layout: MessageLayout, rng: Prng): number[] {
  const set = new Set<number>();
  const edges = [layout.units[0], layout.units[1], layout.units.at(-1)];
  for (const u of edges) if (u) for (const d of [0, 3, 4, 16, u.end - u.start - 16, u.end - u.start - 1]) set.add(Math.min(length - 1, u.start + d));
  set.add(length - 1);
  for (let i = 0; i < QUICK_POSITIONS; i++) set.add(i % 2 ? rng.below(layout.headerLength) : rng.below(length));
  return [...set].sort((a, b) => a - b);
}

function fieldValues(f: NumericField, msg: Buffer): bigint[] {
  const max = (1n << BigInt(8 * f.width)) - 1n;
  const cur = readField(msg, f);
  const values = new Set<bigint>([0n, max, 0xffffn & max, 0xffffffffn & max, cur + 1n, cur - 1n, 1n, max >> 1n]);
  return [...values].filter((v) => v >= 0n && v <= max && v !== cur);
}

function readField(msg: Buffer, f: NumericField): bigint {
  let v = 0n;
  for (let i = 0; i < f.width; i++) v = (v << 8n) | BigInt(msg[f.offset + i]!);
  return v;
}

function setField(msg: Buffer, f: NumericField, value: bigint): Buffer {
  const b = Buffer.from(msg);
  for (let i = f.width - 1; i >= 0; i--) {
    b[f.offset + i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return b;
}

function flip(msg: Buffer, bits: readonly (readonly [number, number])[]): Buffer {
  const b = Buffer.from(msg);
  for (const [at, bit] of bits) b[at]! ^= 1 << bit;
  return b;
}

const cut = (msg: Buffer, from: number, to: number): Buffer => Buffer.concat([msg.subarray(0, from), msg.subarray(to)]);
const paste = (msg: Buffer, at: number, bytes: Uint8Array): Buffer => Buffer.concat([msg.subarray(0, at), bytes, msg.subarray(at)]);

function swap(msg: Buffer, a: { start: number; end: number }, b: { start: number; end: number }): Buffer {
  return Buffer.concat([msg.subarray(0, a.start), msg.subarray(b.start, b.end), msg.subarray(a.end, b.start), msg.subarray(a.start, a.end), msg.subarray(b.end)]);
}

function randomEdit(msg: Buffer, layout: MessageLayout, rng: Prng, foreign: Foreign | undefined): Mutant {
  const len = msg.length;
  // Edits land in the header a third of the time: it is small but holds most of the structure.
  const pos = (): number => (rng.chance(1 / 3) ? rng.below(layout.headerLength) : rng.below(len));
  const n = (): number => rng.pick([1, 2, 3, 4, 8, 16, 32, rng.int(1, 256)]);
  switch (rng.below(foreign ? 7 : 6)) {
    case 0: {
      const bits = Array.from({ length: rng.int(2, 8) }, () => [pos(), rng.below(8)] as const);
      return { kind: 'bit-flips', note: `flip ${bits.map(([a, b]) => `${a}.${b}`).join(' ')}`, build: () => flip(msg, bits) };
    }
    case 1: {
      const at = pos();
      const bytes = rng.bytes(Math.min(n(), len - at));
      return { kind: 'overwrite', note: `overwrite ${bytes.length} bytes at ${at}`, build: () => Buffer.concat([msg.subarray(0, at), bytes, msg.subarray(at + bytes.length)]) };
    }
    case 2: {
      const at = rng.below(len + 1);
      const bytes = rng.bytes(n());
      return { kind: 'insert', note: `insert ${bytes.length} bytes at ${at}`, build: () => paste(msg, at, bytes) };
    }
    case 3: {
      const at = pos();
      const k = Math.min(n(), len - at);
      return { kind: 'delete', note: `delete ${k} bytes at ${at}`, build: () => cut(msg, at, at + k) };
    }
    case 4: {
      const from = pos();
      const k = Math.min(n(), len - from);
      const to = rng.below(len + 1);
      return { kind: 'duplicate', note: `copy ${k} bytes from ${from} to ${to}`, build: () => paste(msg, to, msg.subarray(from, from + k)) };
    }
    case 5: {
      const bytes = rng.chance(0.5) ? rng.bytes(n()) : msg.subarray(layout.bodyEnd);
      return { kind: 'append', note: `append ${bytes.length} bytes`, build: () => Buffer.concat([msg, bytes]) };
    }
    default: {
      // Same header, another message's body (same target, another data key), and the reverse.
      const other = foreign!.bytes;
      const theirs = foreign!.headerLength;
      const mine = rng.chance(0.5);
      return {
        kind: 'splice',
        note: mine ? 'this header, a foreign body' : 'a foreign header, this body',
        build: () => (mine ? Buffer.concat([msg.subarray(0, layout.headerLength), other.subarray(theirs)]) : Buffer.concat([other.subarray(0, theirs), msg.subarray(layout.headerLength)])),
      };
    }
  }
}

