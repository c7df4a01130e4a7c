#!/usr/bin/env node
// AES-256-GCM alone, 4 KiB frames (64 MiB each time, best of 3 in turns): the addon's batches
// (a 64 KiB write's 16 frames per call, and 256 per call), node:crypto with a cipher per frame (what
// core does without the addon), and `openssl speed -aead` at the same size in the same run.
//
//   node bench/native_raw.mjs [--frame BYTES]
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { NativeAes } from '@envelope/crypto-native';
import { opensslAeadGcm, opensslVersion } from './openssl_speed.mjs';

const frameArg = process.argv.indexOf('--frame');
const FRAME = frameArg > 0 ? Number(process.argv[frameArg + 1]) : 4096;
const TOTAL = 64 * 2 ** 20;
const FRAMES = TOTAL / FRAME;
const aes = NativeAes.load();
const raw = randomBytes(32);
const key = aes.importAesKey(raw);

/** A batch of `per` frames laid out as a message body would be (AAD of 60 bytes, as a v2 frame's). */
function batchOf(per) {
  const u32 = (f) => Uint32Array.from({ length: per }, (_, i) => f(i));
  const plain = randomBytes(per * FRAME);
  const sealed = Buffer.alloc(per * (FRAME + 16));
  const common = { count: per, ivLength: 12, tagLength: 16, ivs: randomBytes(12 * per), aad: randomBytes(60 * per), aadStarts: u32((i) => 60 * i), aadLengths: u32(() => 60), lengths: u32(() => FRAME) };
  const seal = { ...common, input: plain, inputStarts: u32((i) => i * FRAME), output: sealed, outputStarts: u32((i) => i * (FRAME + 16)) };
  const open = { ...common, input: sealed, inputStarts: seal.outputStarts, output: Buffer.alloc(plain.length), outputStarts: seal.inputStarts };
  aes.sealBatch(key, seal);
  return { seal, open };
}

const b16 = batchOf(16);
const b256 = batchOf(256);
const frame = randomBytes(FRAME);
const iv = randomBytes(12);
const aad = randomBytes(60);
const sealedFrame = (() => {
  const c = createCipheriv('aes-256-gcm', raw, iv);
  c.setAAD(aad);
  return [c.update(frame), (c.final(), c.getAuthTag())];
})();

const series = {
  'native seal, 16 frames a call': () => { for (let i = 0; i < FRAMES / 16; i++) aes.sealBatch(key, b16.seal); },
  'native open, 16 frames a call': () => { for (let i = 0; i < FRAMES / 16; i++) if (aes.openBatch(key, b16.open) !== 16) throw new Error('tag'); },
  'native seal, 256 frames a call': () => { for (let i = 0; i < FRAMES / 256; i++) aes.sealBatch(key, b256.seal); },
  'native open, 256 frames a call': () => { for (let i = 0; i < FRAMES / 256; i++) if (aes.openBatch(key, b256.open) !== 256) throw new Error('tag'); },
  'node:crypto seal, a cipher per frame': () => {
    for (let i = 0; i < FRAMES; i++) {
      const c = createCipheriv('aes-256-gcm', raw, iv);
      c.setAAD(aad);
      c.update(frame);
      c.final();
      c.getAuthTag();
    }
  },
  'node:crypto open, a decipher per frame': () => {
    for (let i = 0; i < FRAMES; i++) {
      const d = createDecipheriv('aes-256-gcm', raw, iv);
      d.setAAD(aad);
      d.setAuthTag(sealedFrame[1]);
      d.update(sealedFrame[0]);
      d.final();
    }
  },
};

const best = {};
let openssl = 0;
for (const fn of Object.values(series)) fn();
for (let round = 0; round < 3; round++) {
  openssl = Math.max(openssl, opensslAeadGcm(FRAME, 1) ?? 0);
  for (const [name, fn] of Object.entries(series)) {
    const t0 = process.hrtime.bigint();
    fn();
    best[name] = Math.max(best[name] ?? 0, TOTAL / 1e6 / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
}
console.log(`AES-256-GCM, ${FRAME}-byte frames, 64 MiB, best of 3 in turns — ${new Date().toISOString()}, node ${process.version}, addon on ${aes.openSslVersion()}`);
console.log(`${`openssl speed -elapsed -aead -evp aes-256-gcm -bytes ${FRAME}`.padEnd(44)} ${openssl.toFixed(0).padStart(6)} MB/s   (${opensslVersion()})`);
for (const [name, v] of Object.entries(best)) {
  console.log(`${name.padEnd(44)} ${v.toFixed(0).padStart(6)} MB/s   ${openssl ? `${(v / openssl).toFixed(2)} × openssl` : ''}`);
}
