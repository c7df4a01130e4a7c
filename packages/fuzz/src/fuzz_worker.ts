/**
 * The fuzzing thread. Before each input it publishes the input's number, description and bytes in
 * shared memory, so the main thread can name the input if this thread ever stops progressing
 * (a synchronous hang, which no timer inside this thread could interrupt).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runFuzz, type FuzzOptions } from './run_fuzz.js';
import { HEARTBEAT, DESCRIPTION, BYTES, type WorkerData } from './shared_input.js';

const data = workerData as WorkerData;
const heart = new Int32Array(data.shared, 0, HEARTBEAT.slots);
const description = new Uint8Array(data.shared, DESCRIPTION.offset, DESCRIPTION.size);
const bytes = new Uint8Array(data.shared, BYTES.offset, BYTES.size);
const encoder = new TextEncoder();
/** The watchdog's own test: this input spins forever, as a synchronous hang in core would. */
const hangAt = Number(process.env['FUZZ_SELFTEST_HANG_AT'] ?? -1);

const options: FuzzOptions = {
  ...data.options,
  onInput(input, text, b) {
    const { written } = encoder.encodeInto(text, description);
    Atomics.store(heart, HEARTBEAT.descriptionLength, written);
    const n = Math.min(b.length, bytes.length);
    bytes.set(b.subarray(0, n));
    Atomics.store(heart, HEARTBEAT.bytesLength, n);
    Atomics.store(heart, HEARTBEAT.input, input + 1);
    if (input === hangAt) for (;;);
  },
  onProgress(report) {
    parentPort!.postMessage({ type: 'progress', report });
  },
};
const report = await runFuzz(options);
parentPort!.postMessage({ type: 'done', report });
