// Where a body's frames and hash run (src/body/placement.ts): the streams' placement, and the
// lending writer's and reader's, which keep frames on the calling thread on any backend.
import { describe, expect, it } from 'vitest';
import { cryptoBackend } from '@envelope/core';
import { lendingPlacementOf, placementOf } from '../../src/body/placement.js';

describe('body placement', () => {
  it('a stream of 4 KiB frames with concurrency 4 on a backend that pays a set-up per frame runs its frames on threads', () => {
    expect(placementOf(4, () => 8, { framesSetUpFree: false, hashThread: false })(4096, true)).toEqual({ frames: 'threads', hash: 'worker', threadCount: 4 });
    expect(placementOf(4, () => 4, { framesSetUpFree: false, hashThread: false })(4096, true)).toEqual({ frames: 'threads', hash: 'here', threadCount: 4 });
  });

  it('a lending writer or reader keeps its frames on the calling thread, and hashes on a worker when a second core is there', () => {
    const v8 = { hashThread: false };
    expect(lendingPlacementOf(4, () => 8, v8)(4096, true)).toEqual({ frames: 'here', hash: 'worker', threadCount: 4 });
    expect(lendingPlacementOf(2, () => 2, v8)(65536, true)).toEqual({ frames: 'here', hash: 'worker', threadCount: 2 });
    expect(lendingPlacementOf(2, () => 1, v8)(4096, true)).toEqual({ frames: 'here', hash: 'here', threadCount: 2 });
    expect(lendingPlacementOf(undefined, () => 8, v8)(4096, true)).toEqual({ frames: 'here', hash: 'here', threadCount: 1 });
    expect(lendingPlacementOf(4, () => 8, v8)(4096, false)).toEqual({ frames: 'here', hash: 'none', threadCount: 4 });
  });

  it('a backend with a hash thread of its own gets the hash wherever a worker would have, never more often', () => {
    const native = { framesSetUpFree: true, hashThread: true };
    // Beside frames here, with a second core: the backend's thread, on streams and lending alike.
    expect(placementOf(2, () => 2, native)(4096, true)).toEqual({ frames: 'here', hash: 'backend', threadCount: 2 });
    expect(placementOf(2, () => 2, native)(65536, true)).toEqual({ frames: 'here', hash: 'backend', threadCount: 2 });
    expect(lendingPlacementOf(2, () => 2, { hashThread: true })(4096, true)).toEqual({ frames: 'here', hash: 'backend', threadCount: 2 });
    // One core, concurrency 1 (the default), or an unsigned suite: no thread for the hash.
    expect(placementOf(2, () => 1, native)(4096, true)).toEqual({ frames: 'here', hash: 'here', threadCount: 2 });
    expect(placementOf(undefined, () => 8, native)(4096, true)).toEqual({ frames: 'here', hash: 'here', threadCount: 1 });
    expect(placementOf(1, () => 8, native)(65536, true)).toEqual({ frames: 'here', hash: 'here', threadCount: 1 });
    expect(placementOf(2, () => 8, native)(4096, false)).toEqual({ frames: 'here', hash: 'none', threadCount: 2 });
    // Frames on workers (a backend that pays a set-up per frame) keep the rule on cores left over.
    expect(placementOf(4, () => 8, { framesSetUpFree: false, hashThread: true })(4096, true)).toEqual({ frames: 'threads', hash: 'backend', threadCount: 4 });
    expect(placementOf(4, () => 4, { framesSetUpFree: false, hashThread: true })(4096, true)).toEqual({ frames: 'threads', hash: 'here', threadCount: 4 });
    // Without a hash thread of the backend's: a worker, as before.
    expect(placementOf(2, () => 2, { framesSetUpFree: true, hashThread: false })(4096, true)).toEqual({ frames: 'here', hash: 'worker', threadCount: 2 });
  });

  it("the backend in use decides when nothing is given: the native backend's hash thread, node:crypto's worker", () => {
    const expected = cryptoBackend.name === 'native' ? 'backend' : 'worker';
    expect(placementOf(2, () => 2)(65536, true).hash).toBe(expected);
    expect(lendingPlacementOf(2, () => 2)(4096, true).hash).toBe(expected);
  });
});
