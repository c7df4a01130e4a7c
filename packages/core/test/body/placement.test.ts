// Where a body's frames and hash run (src/body/placement.ts): the streams' placement, and the
// lending writer's and reader's, which keep frames on the calling thread on any backend.
import { describe, expect, it } from 'vitest';
import { lendingPlacementOf, placementOf } from '../../src/body/placement.js';

describe('body placement', () => {
  it('a stream of 4 KiB frames with concurrency 4 on a backend that pays a set-up per frame runs its frames on threads', () => {
    expect(placementOf(4, () => 8, false)(4096, true)).toEqual({ frames: 'threads', hash: 'worker', threadCount: 4 });
    expect(placementOf(4, () => 4, false)(4096, true)).toEqual({ frames: 'threads', hash: 'here', threadCount: 4 });
  });

  it('a lending writer or reader keeps its frames on the calling thread, and hashes on a worker when a second core is there', () => {
    expect(lendingPlacementOf(4, () => 8)(4096, true)).toEqual({ frames: 'here', hash: 'worker', threadCount: 4 });
    expect(lendingPlacementOf(2, () => 2)(65536, true)).toEqual({ frames: 'here', hash: 'worker', threadCount: 2 });
    expect(lendingPlacementOf(2, () => 1)(4096, true)).toEqual({ frames: 'here', hash: 'here', threadCount: 2 });
    expect(lendingPlacementOf(undefined, () => 8)(4096, true)).toEqual({ frames: 'here', hash: 'here', threadCount: 1 });
    expect(lendingPlacementOf(4, () => 8)(4096, false)).toEqual({ frames: 'here', hash: 'none', threadCount: 4 });
  });
});
