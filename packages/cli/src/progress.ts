/** The progress bar on stderr: only on a terminal, and only once a run has lasted or read enough to be worth one. */
import { noteBytes } from './memory.js';

/** A bar appears once this many bytes went through (a small file finishes before it would show). */
export const PROGRESS_FROM = 1024 * 1024;

/** What a command reports to the bar. */
export interface Progress {
  /** Counts `n` more input bytes. */
  add(n: number): void;
  stop(): void;
}

type Bar = { start(total: number, value: number, payload: object): void; update(value: number, payload: object): void; stop(): void };

async function barMaker(total: number | undefined, label: string): Promise<(() => Bar) | undefined> {
  if (process.stderr.isTTY !== true || process.env['ENVELOPE_NO_PROGRESS']) return undefined;
  // cli-progress is loaded only when a bar may be drawn.
  const cliProgress = (await import('cli-progress')).default;
  const format = `${label} [{bar}] {percentage}% | {done} MB${total ? ' / {total_mb} MB' : ''} | {rate} MB/s | ETA {eta_formatted}`;
  return () => new cliProgress.SingleBar({ stream: process.stderr, format, hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
}

/**
 * A progress reporter for `total` input bytes (undefined: stdin, unknown); `scavenge`: counts them
 * toward the forced scavenges too (memory.ts), for data paths that leave garbage per frame.
 */
export async function progress(total: number | undefined, label: string, scavenge = true): Promise<Progress> {
  const make = await barMaker(total, label);
  const t0 = Date.now();
  let done = 0;
  let bar: Bar | undefined;
  const add = (n: number): void => {
    done += n;
    if (scavenge) noteBytes(n);
    if (!make) return;
    if (!bar && done >= PROGRESS_FROM) {
      bar = make();
      bar.start(total || 1, 0, { done: '0.0', total_mb: ((total ?? 0) / 1e6).toFixed(1), rate: '0' });
    }
    const s = (Date.now() - t0) / 1000 || 0.001;
    bar?.update(total ? done : 0, { done: (done / 1e6).toFixed(1), rate: (done / 1e6 / s).toFixed(0) });
  };
  return { add, stop: () => bar?.stop() };
}
