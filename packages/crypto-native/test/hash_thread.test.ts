// A signature hash on a native thread of the addon (native/hash_job.h) and ECDSA over its digest:
// the digests node:crypto computes, signatures node:crypto verifies (and the other way), misuse as
// exceptions, and threads that never outlive their hash, their thread or their process.
import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, randomInt, sign, verify, type KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NativeAes, type EcCurve, type ThreadHashName } from '@envelope/crypto-native';

const aes = NativeAes.load();
const child = fileURLToPath(new URL('./fixtures/hash_threads.mjs', import.meta.url));
const BLOCK = 256 * 1024;

/** `data` through a hash on the thread in random pieces (`first`: the first `firstLength` bytes). */
function fed(hash: ThreadHashName, data: Buffer, firstLength = Math.min(data.length, 77)) {
  const h = aes.hashOnThread(hash, data.subarray(0, firstLength));
  for (let o = firstLength; o < data.length; ) {
    const n = Math.min(data.length - o, randomInt(1, 200_000));
    h.update(data.subarray(o, o + n));
    o += n;
  }
  return h;
}

const NAMED: Record<EcCurve, [string, ThreadHashName]> = { 'P-256': ['prime256v1', 'sha256'], 'P-384': ['secp384r1', 'sha384'] };

function keys(curve: EcCurve): { privateKey: KeyObject; publicKey: KeyObject; pkcs8: Buffer; point: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: NAMED[curve][0] });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  // The uncompressed point ends the SPKI; compressed: 02/03 by y's parity, then x.
  const n = curve === 'P-256' ? 32 : 48;
  const xy = spki.subarray(spki.length - 2 * n);
  const point = Buffer.concat([Buffer.of(2 + (xy[2 * n - 1]! & 1)), xy.subarray(0, n)]);
  return { privateKey, publicKey, pkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }), point };
}

describe('a hash on a native thread', () => {
  it('digests as node:crypto does, at and around block boundaries, in pieces of any size', () => {
    for (const hash of ['sha256', 'sha384', 'sha512'] as const) {
      for (const size of [0, 1, 77, BLOCK - 1, BLOCK, BLOCK + 1, 4 * BLOCK, 5 * BLOCK + 3, 9 * 1024 * 1024 + 5]) {
        const data = randomBytes(size);
        expect(Buffer.from(fed(hash, data).digest()).equals(createHash(hash).update(data).digest()), `${hash} ${size}`).toBe(true);
      }
    }
    // One update far larger than the ring (it waits for the thread block by block).
    const data = randomBytes(12 * 1024 * 1024);
    const h = aes.hashOnThread('sha384', new Uint8Array(0));
    h.update(data);
    expect(Buffer.from(h.digest()).equals(createHash('sha384').update(data).digest())).toBe(true);
  });

  for (const curve of ['P-256', 'P-384'] as const) {
    const hash = NAMED[curve][1];
    it(`${curve}: its ECDSA signatures verify in node:crypto, node:crypto's verify here; bad ones are false`, () => {
      const k = keys(curve);
      for (const size of [0, 1000, 3 * BLOCK + 5]) {
        const data = randomBytes(size);
        const sig = fed(hash, data).sign(curve, k.pkcs8);
        expect(verify(hash, data, k.publicKey, sig)).toBe(true);
        expect(sig[0]).toBe(0x30); // DER, as the footer holds it
        const theirs = sign(hash, data, k.privateKey);
        expect(fed(hash, data).verify(curve, k.point, theirs)).toBe(true);
        const bad = Buffer.from(theirs);
        bad[bad.length - 2]! ^= 1;
        expect(fed(hash, data).verify(curve, k.point, bad)).toBe(false);
        const other = Buffer.from(data);
        if (size > 0) other[size - 1]! ^= 1;
        if (size > 0) expect(fed(hash, other).verify(curve, k.point, theirs)).toBe(false);
        expect(fed(hash, data).verify(curve, k.point, Buffer.from('not DER'))).toBe(false);
        expect(fed(hash, data).verify(curve, k.point, new Uint8Array(0))).toBe(false);
      }
    });
  }

  it('misuse is an exception: a key or point of another curve, an unknown hash, a foreign handle, a hash used after its end', () => {
    const p256 = keys('P-256');
    const p384 = keys('P-384');
    expect(() => fed('sha384', randomBytes(10)).sign('P-384', p256.pkcs8)).toThrow(/not a P-384 private key/);
    expect(() => fed('sha384', randomBytes(10)).sign('P-384', randomBytes(100))).toThrow(/not a P-384 private key/);
    expect(() => fed('sha384', randomBytes(10)).verify('P-384', p256.point, Buffer.alloc(8))).toThrow(/not a compressed point of P-384/);
    const offCurve = Buffer.from(p384.point);
    offCurve.fill(0xff, 1); // x beyond the field: no such point
    expect(() => fed('sha384', randomBytes(10)).verify('P-384', offCurve, Buffer.alloc(8))).toThrow(/not a compressed point/);
    expect(() => fed('sha384', randomBytes(10)).sign('P-521' as EcCurve, p384.pkcs8)).toThrow(RangeError);
    expect(() => aes.hashOnThread('md5' as ThreadHashName, new Uint8Array(1))).toThrow(RangeError);
    const h = fed('sha384', randomBytes(BLOCK * 2));
    h.digest();
    expect(() => h.update(new Uint8Array(1))).toThrow(/ended/);
    expect(() => h.digest()).toThrow(/ended/);
    h.close(); // idempotent
    const c = fed('sha384', randomBytes(BLOCK * 2));
    c.close();
    c.close();
    expect(() => c.sign('P-384', p384.pkcs8)).toThrow(/ended/);
  });

  it('closed mid-way: each thread is joined at once', () => {
    const r = spawnSync(process.execPath, [child, 'closed'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('threads +8, after close +0');
  });

  it('dropped unclosed: the garbage collector stops and joins their threads', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', child, 'dropped'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('threads +8, after collection +0');
  });

  it('left running: the process exits by itself, or with process.exit, with code 0', () => {
    for (const mode of ['natural', 'exit']) {
      for (let i = 0; i < 5; i++) {
        const r = spawnSync(process.execPath, [child, mode], { encoding: 'utf8', timeout: 60_000 });
        expect(r.error).toBeUndefined(); // not killed by the timeout
        expect({ status: r.status, signal: r.signal, stderr: r.stderr, stdout: r.stdout.trim() }).toEqual({ status: 0, signal: null, stderr: '', stdout: 'threads +8' });
      }
    }
  });

  it('in worker threads terminated at random moments: the process lives on and no thread is left', () => {
    const r = spawnSync(process.execPath, [child, 'workers', '20'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.error).toBeUndefined();
    expect({ status: r.status, stderr: r.stderr, stdout: r.stdout.trim() }).toEqual({ status: 0, stderr: '', stdout: 'survived 20, threads +0' });
  }, 150_000);
});
