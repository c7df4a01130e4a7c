// Shared set-up for the benchmark: the same raw AES wrapping key on both sides, so Envelope and
// @aws-crypto/client-node do exactly the same work per message.
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as envelope from '@envelope/core';
import { RawAesKeyring } from '@envelope/keyring-raw-aes';
import esdkPkg from '@aws-crypto/client-node';

const { buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = esdkPkg;

export const wrappingKey = process.env.ENVELOPE_BENCH_KEY ? Buffer.from(process.env.ENVELOPE_BENCH_KEY, 'hex') : randomBytes(32);
export const envelopeKeyring = new RawAesKeyring({ keyNamespace: 'bench', keyName: 'aes-256', wrappingKey: new Uint8Array(wrappingKey) });
export const esdkKeyring = new RawAesKeyringNode({
  keyNamespace: 'bench',
  keyName: 'aes-256',
  unencryptedMasterKey: new Uint8Array(wrappingKey),
  wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
});
export const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
export { envelope };

/** A readable of `total` bytes cut from `source` in `chunk`-byte slices (no copies). */
export function sliceStream(source, chunk = 64 * 1024) {
  return Readable.from(
    (function* () {
      for (let o = 0; o < source.length; o += chunk) yield source.subarray(o, Math.min(o + chunk, source.length));
    })(),
    { objectMode: false },
  );
}

/** A writable that counts bytes and keeps none (or keeps them when `keep`). */
export function sink(keep = false) {
  const parts = [];
  let bytes = 0;
  const w = new Writable({
    write(c, _e, cb) {
      bytes += c.length;
      if (keep) parts.push(c);
      cb();
    },
  });
  w.result = () => (keep ? Buffer.concat(parts) : bytes);
  return w;
}

export async function through(source, transform, keep = false) {
  const out = sink(keep);
  await pipeline(sliceStream(source), transform, out);
  return out.result();
}

/** Runs `fn` repeatedly for about `ms` after a short warm-up; returns operations per second. */
export async function opsPerSecond(fn, ms = 1500) {
  const warm = Date.now() + 200;
  while (Date.now() < warm) await fn();
  let n = 0;
  const t0 = process.hrtime.bigint();
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (let i = 0; i < 16; i++) await fn();
    n += 16;
  }
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

/**
 * Best MB/s of each of `series` (name → a run processing `bytes`), timed in turns: a warm-up of
 * each, then `rounds` rounds running every series once, so that load coming and going on a shared
 * machine hits every series alike.
 */
export async function interleaved(series, bytes, rounds = 3) {
  const best = {};
  for (const fn of Object.values(series)) await fn();
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(series)) {
      const t0 = process.hrtime.bigint();
      await fn();
      best[name] = Math.max(best[name] ?? 0, bytes / 1e6 / (Number(process.hrtime.bigint() - t0) / 1e9));
    }
  }
  return best;
}
