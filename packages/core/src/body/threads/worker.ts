/**
 * A body worker thread (started by worker_pool.ts from the compiled worker.js): it serves the
 * sessions given to it, sealing or opening their batches (frame_batches.ts) or hashing a ring
 * (ring_worker.ts). Messages: worker_protocol.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FrameBatches } from './frame_batches.js';
import { runRing } from './ring_worker.js';
import type { WorkerMessage } from './worker_protocol.js';

/** Serves messages until the pool ends this thread. `done[0]` counts the batches finished (the pool reads it). */
function serve(port: NonNullable<typeof parentPort>, done: Int32Array): void {
  const sessions = new Map<number, FrameBatches>();
  port.on('message', (m: WorkerMessage) => {
    switch (m.op) {
      case 'key':
        // The key arrives as a copy made for this thread: the cipher keeps its own, this one is wiped.
        sessions.set(m.session, new FrameBatches(m));
        m.key.fill(0);
        return;
      case 'drop':
        sessions.delete(m.session);
        return;
      case 'ring':
        port.postMessage(runRing(m)); // not a batch: not counted in done
        return;
      default: {
        const s = sessions.get(m.session)!;
        const a = m.op === 'seal' ? s.seal(m) : s.open(m);
        Atomics.add(done, 0, 1);
        port.postMessage({ ...a, id: m.id, session: m.session }, a.input ? [a.output, a.input] : [a.output]);
      }
    }
  });
}

serve(parentPort!, (workerData as { done: Int32Array }).done);
