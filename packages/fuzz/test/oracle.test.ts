// The judge must catch what it exists to catch; each rule is shown to fire on a planted case.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { encrypt, type Keyring } from '@envelope/core';
import { chunk, chunkSizes, judgeBuffer, judgeStream, type Expectation } from '../src/oracle.js';
import { layoutOf, releasable } from '../src/message_layout.js';
import { aesKeyring } from '../src/targets.js';

async function setup() {
  const keyring = aesKeyring(randomBytes(32));
  const plaintext = randomBytes(50);
  const message = Buffer.from((await encrypt(keyring, plaintext, { suiteId: 0x0478, frameLength: 10 })).ciphertext);
  const e: Expectation = { keyring, plaintext, releasable: plaintext.length, mustSucceed: true, options: {}, timeoutMs: 5000 };
  return { keyring, plaintext, message, e };
}

describe('oracle', () => {
  it('passes an intact message both ways, and a tampered last frame whose earlier frames were released', async () => {
    const { message, e } = await setup();
    expect(await judgeBuffer(message, e)).toEqual({ outcome: 'ok' });
    expect(await judgeStream(chunk(message, chunkSizes(message.length, 'small', (lo, hi) => hi - lo)), e)).toEqual({ outcome: 'ok' });
    const bad = Buffer.from(message);
    bad[bad.length - 3]! ^= 1;
    const allowed = releasable(layoutOf(message), bad.length - 3);
    expect(allowed).toBe(40);
    const m = { ...e, mustSucceed: false, releasable: allowed };
    expect(await judgeBuffer(bad, m)).toEqual({ outcome: 'AUTHENTICATION_FAILED' });
    expect(await judgeStream([bad], m)).toEqual({ outcome: 'AUTHENTICATION_FAILED' });
  });

  it('flags a wrong plaintext, an unmutated failure, a release past what was intact, and a hang', async () => {
    const { message, e, plaintext } = await setup();
    const other = { ...e, plaintext: Buffer.from(plaintext).fill(0) };
    expect((await judgeBuffer(message, other)).problem).toMatch(/wrong plaintext/);
    expect((await judgeStream([message], other)).problem).toMatch(/wrong plaintext/);
    expect((await judgeBuffer(message.subarray(1), e)).problem).toMatch(/unmutated message failed/);
    const bad = Buffer.from(message);
    bad[bad.length - 3]! ^= 1;
    // Claim only one frame was intact: the stream released four before the tampered final frame.
    expect((await judgeStream([bad], { ...e, mustSucceed: false, releasable: 10 })).problem).toMatch(/released 40 bytes/);
    const stuck: Keyring = { onEncrypt: () => new Promise(() => undefined), onDecrypt: () => new Promise(() => undefined) };
    const h = { ...e, keyring: stuck, timeoutMs: 200 };
    expect(await judgeBuffer(message, h)).toMatchObject({ outcome: 'HANG' });
    expect(await judgeStream([message], h)).toMatchObject({ outcome: 'HANG' });
  });

  it('a cancelled run may end ABORTED (unmutated too), never untyped, and releases only verified plaintext', async () => {
    const { message, e } = await setup();
    expect(await judgeBuffer(message, { ...e, abortAfterTurns: 0 })).toEqual({ outcome: 'ABORTED' });
    expect(await judgeStream([message], { ...e, abortAfterTurns: 0 })).toEqual({ outcome: 'ABORTED' });
    for (let turns = 1; turns < 8; turns++) {
      const v = await judgeStream(chunk(message, chunkSizes(message.length, 'bytes', () => 1)), { ...e, abortAfterTurns: turns });
      expect(v.problem).toBeUndefined();
      expect(['ok', 'ABORTED']).toContain(v.outcome);
    }
  });
});
