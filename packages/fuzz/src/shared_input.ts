/** The layout of the memory the fuzzing thread shares with its watchdog. */
import type { FuzzOptions } from './run_fuzz.js';

/** Int32 slots at the start: the input number (+1, 0 before the first), and the lengths below. */
export const HEARTBEAT = { slots: 4, input: 0, descriptionLength: 1, bytesLength: 2 } as const;
/** The current input's description (UTF-8). */
export const DESCRIPTION = { offset: 16, size: 4096 } as const;
/** The current input's bytes (the first 1 MiB). */
export const BYTES = { offset: 16 + 4096, size: 1 << 20 } as const;
export const SHARED_SIZE = BYTES.offset + BYTES.size;

/** What the main thread hands the fuzzing thread. */
export interface WorkerData {
  readonly shared: SharedArrayBuffer;
  readonly options: Omit<FuzzOptions, 'onInput' | 'onProgress'>;
}
