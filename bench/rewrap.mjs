// Rewrap through kms-local (3 regions, one multi-region key; real KMS clients on both sides): KMS
// calls per message and time, for a 1 KiB message (buffers) and a 64 MiB one (streams, 64 KiB
// frames). A = KMS in 2 regions + escrow RSA key 1, B = KMS in 3 regions + escrow RSA key 2.
// Envelope's rewrap beside re-encrypting (decrypt with A, encrypt with B) by Envelope and by
// @aws-crypto/client-node, and raw node:crypto's AES-256-GCM open + seal of the body (the floor of
// a v2 rewrap, which seals the body again under the new message key).
// `node bench/rewrap.mjs [--quick]` or runRewrapBench() from run.mjs.
import { createCipheriv, createDecipheriv, generateKeyPairSync, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { KMS } from '@aws-sdk/client-kms';
import esdkPkg from '@aws-crypto/client-node';
import { decrypt, decryptStream, encrypt, encryptStream, rewrap, rewrapStream, KmsKeyring, MultiKeyring, RawRsaKeyring } from '@envelope/client';
import { startKmsLocal, createMultiRegionKey } from '@envelope/kms-local';

const { buildClient, CommitmentPolicy, KmsKeyringNode, MultiKeyringNode, RawRsaKeyringNode } = esdkPkg;
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const MiB = 1024 * 1024;
const FRAME = 64 * 1024;

const slices = (b) => Readable.from((function* () { for (let o = 0; o < b.length; o += FRAME) yield b.subarray(o, o + FRAME); })());
async function through(input, t, keep = false) {
  const parts = [];
  await pipeline(slices(input), t, new Writable({ write(c, _e, cb) { if (keep) parts.push(c); cb(); } }));
  return keep ? Buffer.concat(parts) : undefined;
}

/** Median ms of `n` sequential runs of `fn`, after one warm-up. */
async function medianMs(n, fn) {
  await fn();
  const t = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(n / 2)];
}

/** AES-256-GCM open then seal of `bytes` in frames of FRAME bytes: the body work of a v2 rewrap. */
function rawReseal(bytes) {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const iv = Buffer.alloc(12);
  const sealed = [];
  for (let o = 0; o < bytes.length; o += FRAME) {
    const c = createCipheriv('aes-256-gcm', k1, iv);
    sealed.push([c.update(bytes.subarray(o, o + FRAME)), c.final(), c.getAuthTag()]);
  }
  return () => {
    for (const [ct, , tag] of sealed) {
      const d = createDecipheriv('aes-256-gcm', k1, iv);
      d.setAuthTag(tag);
      const pt = d.update(ct);
      d.final();
      const c = createCipheriv('aes-256-gcm', k2, iv);
      c.update(pt);
      c.final();
      c.getAuthTag();
      pt.fill(0);
    }
  };
}

export async function runRewrapBench({ quick = false } = {}) {
  const local = await startKmsLocal({ regions: REGIONS });
  const mrk = await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: REGIONS.slice(1) });
  const rsa = [0, 1].map(() => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }));
  const kmsOpts = { endpoints: local.endpoints, credentials: local.credentials, localRegion: 'us-east-1', timeoutMs: 30_000 };
  const ours = (regions, i) => new MultiKeyring({
    generator: new KmsKeyring({ ...kmsOpts, generatorKeyId: mrk.arns[regions[0]], keyIds: regions.slice(1).map((r) => mrk.arns[r]) }),
    children: [new RawRsaKeyring({ keyNamespace: 'escrow', keyName: `escrow${i + 1}`, publicKey: rsa[i].publicKey, privateKey: rsa[i].privateKey, padding: 'oaep-sha256' })],
  });
  const clients = Object.fromEntries(REGIONS.map((r) => [r, new KMS({ region: r, endpoint: local.endpoints[r], credentials: local.credentials, maxAttempts: 3 })]));
  const theirs = (regions, i) => new MultiKeyringNode({
    generator: new KmsKeyringNode({ clientProvider: (r) => clients[r], generatorKeyId: mrk.arns[regions[0]], keyIds: regions.slice(1).map((r) => mrk.arns[r]) }),
    children: [new RawRsaKeyringNode({ keyNamespace: 'escrow', keyName: `escrow${i + 1}`, rsaKey: { publicKey: rsa[i].publicKey, privateKey: rsa[i].privateKey }, oaepHash: 'sha256' })],
  });
  const A = ours(REGIONS.slice(0, 2), 0);
  const B = ours(REGIONS, 1);
  const esdkA = theirs(REGIONS.slice(0, 2), 0);
  const esdkB = theirs(REGIONS, 1);
  const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const kmsCalls = async (fn) => {
    local.clearRequests();
    await fn();
    return local.requests().filter((r) => r.operation !== 'GetCallerIdentity').length;
  };
  const rows = [];
  const suiteId = 0x0578;
  const small = randomBytes(1024);
  const n = quick ? 20 : 100;
  const oldSmall = (await encrypt(A, small, { suiteId })).ciphertext;
  const esdkSmall = (await esdk.encrypt(esdkA, small, { suiteId })).result;
  const small1 = {
    'envelope rewrap': () => rewrap(oldSmall, { from: A, to: B }),
    'envelope decrypt + encrypt': async () => encrypt(B, (await decrypt(A, oldSmall)).plaintext, { suiteId }),
    'esdk decrypt + encrypt': async () => esdk.encrypt(esdkB, (await esdk.decrypt(esdkA, esdkSmall)).plaintext, { suiteId }),
  };
  for (const [name, fn] of Object.entries(small1)) rows.push({ size: '1 KiB', name, kmsCalls: await kmsCalls(fn), ms: await medianMs(n, fn) });

  const bytes = (quick ? 16 : 64) * MiB;
  const big = randomBytes(bytes);
  const oldBig = await through(big, encryptStream(A, { suiteId, frameLength: FRAME }), true);
  const esdkBig = await through(big, esdk.encryptStream(esdkA, { suiteId, frameLength: FRAME }), true);
  const reseal = rawReseal(big);
  const large = {
    'envelope rewrapStream': () => through(oldBig, rewrapStream({ from: A, to: B })),
    'envelope decryptStream | encryptStream': () => pipeline(slices(oldBig), decryptStream(A), encryptStream(B, { suiteId, frameLength: FRAME }), new Writable({ write(_c, _e, cb) { cb(); } })),
    'esdk decryptStream | encryptStream': () => pipeline(slices(esdkBig), esdk.decryptStream(esdkA), esdk.encryptStream(esdkB, { suiteId, frameLength: FRAME }), new Writable({ write(_c, _e, cb) { cb(); } })),
    'raw AES-256-GCM open + seal of the body': async () => reseal(),
  };
  for (const [name, fn] of Object.entries(large)) {
    const calls = name.startsWith('raw') ? 0 : await kmsCalls(fn);
    const ms = await medianMs(quick ? 1 : 3, fn);
    rows.push({ size: `${bytes / MiB} MiB`, name, kmsCalls: calls, ms, mbPerSecond: bytes / 1e6 / (ms / 1000) });
  }
  for (const k of [A, B]) k.destroy?.();
  await local.close();
  return { suite: suiteId, frameLength: FRAME, rows };
}

export function formatRewrapRow(r) {
  const speed = r.mbPerSecond ? `${r.mbPerSecond.toFixed(0).padStart(5)} MB/s` : `${r.ms.toFixed(1).padStart(6)} ms/message`;
  return `${r.size.padEnd(7)} ${r.name.padEnd(42)} ${String(r.kmsCalls).padStart(2)} KMS calls   ${speed}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runRewrapBench({ quick: process.argv.includes('--quick') });
  console.log(`rewrap A (KMS 2 regions + escrow) → B (KMS 3 regions + escrow) via kms-local, suite 0x0${r.suite.toString(16)}, ${r.frameLength / 1024} KiB frames`);
  for (const row of r.rows) console.log(formatRewrapRow(row));
}
