// The browser bench page (bundled by bench/browser.mjs with esbuild, the `browser` condition):
// Envelope's encryptStream→decryptStream over a generated stream, checked byte for byte, and 1 KiB
// and one-shot rows for Envelope and @aws-crypto/client-browser 4.2.2 in the same page.
import { RawAesKeyring, decrypt, decryptStream, encrypt, encryptStream } from '@envelope/client';
import { buildClient, CommitmentPolicy, RawAesKeyringWebCrypto, RawAesWrappingSuiteIdentifier } from '@aws-crypto/client-browser';

const MiB = 1024 * 1024;
const key = crypto.getRandomValues(new Uint8Array(32));
const envelopeKeyring = new RawAesKeyring({ keyNamespace: 'bench', keyName: 'aes', wrappingKey: key });
const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
let esdkKeyring;
async function esdkRing() {
  esdkKeyring ??= new RawAesKeyringWebCrypto({
    keyNamespace: 'bench',
    keyName: 'aes',
    masterKey: await RawAesKeyringWebCrypto.importCryptoKey(key, RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
  return esdkKeyring;
}

// One random MiB; chunk i is that MiB with i in its first 4 bytes, so every chunk differs and the
// reader can check each byte it gets against the generator.
const block = new Uint8Array(MiB);
for (let o = 0; o < MiB; o += 65536) crypto.getRandomValues(block.subarray(o, o + 65536));
function chunk(i) {
  const c = block.slice();
  new DataView(c.buffer).setUint32(0, i);
  return c;
}

function source(total) {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i * MiB >= total) return controller.close();
      controller.enqueue(chunk(i++));
    },
  }, { highWaterMark: 1 });
}

/** Consumes `readable`, comparing each byte with the generator's; resolves with the byte count. */
async function check(readable) {
  const reader = readable.getReader();
  let at = 0;
  let expected = chunk(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return at;
    for (let o = 0; o < value.length; ) {
      const inBlock = at % MiB;
      if (inBlock === 0 && at > 0) expected = chunk(at / MiB);
      const n = Math.min(value.length - o, MiB - inBlock);
      const want = expected.subarray(inBlock, inBlock + n);
      const got = value.subarray(o, o + n);
      if (!got.every((x, k) => x === want[k])) throw new Error(`bytes ${at}..${at + n} differ`);
      at += n;
      o += n;
    }
  }
}

async function streamRoundTrip(totalBytes, frameLength) {
  const started = performance.now();
  const enc = encryptStream(envelopeKeyring, { frameLength });
  const dec = decryptStream(envelopeKeyring);
  const bytes = await check(source(totalBytes).pipeThrough(enc).pipeThrough(dec));
  const seconds = (performance.now() - started) / 1000;
  if (bytes !== totalBytes) throw new Error(`${bytes} bytes arrived, not ${totalBytes}`);
  return { bytes, seconds, mbPerSecond: bytes / 1e6 / seconds };
}

async function opsPerSecond(work, ms = 1500) {
  for (let i = 0; i < 20; i++) await work();
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    await work();
    n++;
  }
  return n / ((performance.now() - started) / 1000);
}

/** ops/s of `work`, or the error it fails with (esdk-browser needs a Buffer polyfill for some suites). */
async function rate(work) {
  try {
    await work();
  } catch (e) {
    return `fails: ${e.name}: ${e.message}`;
  }
  return opsPerSecond(work);
}

async function kibRows(suiteId) {
  const pt = crypto.getRandomValues(new Uint8Array(1024));
  const ring = await esdkRing();
  const ours = (await encrypt(envelopeKeyring, pt, { suiteId })).ciphertext;
  let theirs;
  const esdkEncrypt = await rate(async () => (theirs = (await esdk.encrypt(ring, pt, { suiteId })).result));
  return {
    encrypt: { envelope: await opsPerSecond(() => encrypt(envelopeKeyring, pt, { suiteId })), esdk: esdkEncrypt },
    decrypt: { envelope: await opsPerSecond(() => decrypt(envelopeKeyring, ours)), esdk: theirs ? await rate(() => esdk.decrypt(ring, theirs)) : 'n/a (no message)' },
  };
}

/** One-shot encrypt then decrypt of `mib` MiB (the ESDK's browser client has no streams). */
async function oneShot(mib, suiteId) {
  const pt = new Uint8Array(mib * MiB);
  for (let i = 0; i < mib; i++) pt.set(chunk(i), i * MiB);
  const ring = await esdkRing();
  const time = async (work) => {
    const t0 = performance.now();
    await work();
    return (mib * MiB) / 1e6 / ((performance.now() - t0) / 1000);
  };
  const attempt = async (work) => {
    try {
      return await time(work);
    } catch (e) {
      return `fails: ${e.name}: ${e.message}`;
    }
  };
  let ours;
  let theirs;
  return {
    envelope: { encrypt: await time(async () => (ours = (await encrypt(envelopeKeyring, pt, { suiteId })).ciphertext)), decrypt: await time(() => decrypt(envelopeKeyring, ours)) },
    esdk: { encrypt: await attempt(async () => (theirs = (await esdk.encrypt(ring, pt, { suiteId })).result)), decrypt: theirs ? await attempt(() => esdk.decrypt(ring, theirs)) : 'n/a' },
  };
}

/** Reads `readable` to its end; resolves with its chunks. */
async function drain(readable) {
  const chunks = [];
  const reader = readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

/** `bytes` as a stream of `size`-byte chunks (as a fetch body arrives). */
function chunked(bytes, size) {
  let o = 0;
  return new ReadableStream({
    pull(controller) {
      if (o >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(o, (o += size)));
    },
  }, { highWaterMark: 1 });
}

/**
 * encryptStream alone (1 MiB chunks in), then decryptStream alone (the ciphertext in 64 KiB
 * chunks), each timed on its own: the rows to set beside the one-shot calls.
 */
async function streamEach(mib, frameLength, suiteId) {
  const t0 = performance.now();
  const parts = await drain(source(mib * MiB).pipeThrough(encryptStream(envelopeKeyring, { frameLength, suiteId })));
  const t1 = performance.now();
  const ct = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    ct.set(p, o);
    o += p.length;
  }
  parts.length = 0;
  const t2 = performance.now();
  const out = await drain(chunked(ct, 65536).pipeThrough(decryptStream(envelopeKeyring)));
  const t3 = performance.now();
  const bytes = out.reduce((n, p) => n + p.length, 0);
  if (bytes !== mib * MiB) throw new Error(`${bytes} bytes arrived, not ${mib * MiB}`);
  const rate = (ms) => (mib * MiB) / 1e6 / (ms / 1000);
  return { encrypt: rate(t1 - t0), decrypt: rate(t3 - t2) };
}

/** Envelope's one-shot encrypt then decrypt of `mib` MiB, MB/s each. */
async function envelopeOneShot(mib, suiteId) {
  const pt = new Uint8Array(mib * MiB);
  for (let i = 0; i < mib; i++) pt.set(chunk(i), i * MiB);
  const t0 = performance.now();
  const { ciphertext } = await encrypt(envelopeKeyring, pt, { suiteId, frameLength: 4096 });
  const t1 = performance.now();
  await decrypt(envelopeKeyring, ciphertext);
  const t2 = performance.now();
  const rate = (ms) => (mib * MiB) / 1e6 / (ms / 1000);
  return { encrypt: rate(t1 - t0), decrypt: rate(t2 - t1) };
}

/** Streams and one-shot calls of `mib` MiB, alternated `rounds` times in this page: MB/s of each, per round. */
async function streamVersusOneShot(mib, suiteId, rounds) {
  const out = [];
  for (let r = 0; r < rounds; r++) out.push({ stream: await streamEach(mib, 4096, suiteId), oneShot: await envelopeOneShot(mib, suiteId) });
  return out;
}

/** What bench/browser_profile.mjs runs under the profiler. */
async function profiled(what, mib) {
  if (what === 'versus') return streamVersusOneShot(mib, 0x0578, 3);
  if (what === 'stream') return streamRoundTrip(mib * MiB, 4096);
  if (what === 'each') return streamEach(mib, 4096, 0x0578);
  if (what === 'each78') return streamEach(mib, 4096, 0x0478);
  return oneShot(mib, 0x0578);
}

globalThis.envelopeTests = { streamRoundTrip, streamVersusOneShot, kibRows, oneShot, profiled };
