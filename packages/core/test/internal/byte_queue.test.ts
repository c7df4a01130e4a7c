import { describe, expect, it } from 'vitest';
import { ByteQueue } from '../../src/internal/byte_queue.js';

describe('byte queue', () => {
  it('peeks across chunks, slices without copying, consumes', () => {
    const q = new ByteQueue();
    q.push(Buffer.from('abc'));
    q.push(Buffer.from('defg'));
    expect(q.peek(2).toString()).toBe('ab');
    expect(q.slices(2, 3).map(String)).toEqual(['c', 'de']);
    expect(q.peek(5).toString()).toBe('abcde');
    q.consume(4);
    expect(q.length).toBe(3);
    expect(q.peek(3).toString()).toBe('efg');
    expect(q.peek(0)).toHaveLength(0);
  });

  it('own() copies the queued bytes of borrowed chunks, once, so the caller may reuse them', () => {
    const q = new ByteQueue();
    const a = Buffer.from('0123456789');
    q.push(a);
    q.consume(6);
    q.own();
    a.fill(0x78); // the caller reuses its buffer
    expect(q.peek(4).toString()).toBe('6789');
    const first = q.slices(0, 4)[0]!;
    q.own(); // already owned: not copied again
    expect(q.slices(0, 4)[0]!.buffer).toBe(first.buffer);
    const b = Buffer.from('ab');
    q.push(b);
    q.own();
    b.fill(0);
    expect(q.peek(6).toString()).toBe('6789ab');
  });

  it('own(room) keeps room behind a copied first chunk, so the part it starts is completed there', () => {
    const q = new ByteQueue();
    const a = Buffer.from('0123456789');
    q.push(a);
    q.consume(7);
    q.own(8);
    a.fill(0x78);
    const b = Buffer.from('abcdefgh');
    q.push(b);
    const first = q.peek(2);
    expect(first.toString()).toBe('78');
    const whole = q.peek(8);
    expect(whole.toString()).toBe('789abcde');
    expect(whole.buffer).toBe(q.frontChunk.buffer);
    expect(whole.byteOffset).toBe(first.byteOffset); // completed in place: the first bytes not copied again
    q.own();
    b.fill(0);
    expect(q.peek(11).toString()).toBe('789abcdefgh'); // over the room: gathered into a new buffer
    q.consume(9);
    expect(q.peek(2).toString()).toBe('gh');
    expect([q.frontOffset, q.frontChunk.length]).toEqual([9, 11]);
  });
});
