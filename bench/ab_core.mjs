// A/B of two builds of @envelope/core in one process, timed in turns beside raw GCM, so that a
// loaded machine hits both alike:
//   node bench/ab_core.mjs <dist A> <dist B> <suite hex> <frameLength> <concurrency> <enc|dec|enc1k|dec1k> [rounds]
// (enc1k/dec1k: the buffer API on 1 KiB messages, ops/s, AB_OPS (2,000) per round; frameLength and
// concurrency are then the options of the one-shot call and the stream arguments are ignored)
// e.g. copy packages/core/dist to packages/core/dist_a before a change and compare after it with
// packages/core/dist_a packages/core/dist (the copies must sit where @opentelemetry/api resolves).
// Rounds alternate the order (A then B, B then A), since whichever runs second in a round is not
// hit alike by the first one's garbage. Printed: each series' best wall rate; B/A as the median of
// the rounds' paired ratios, of wall time and of the process's CPU time (user + system, all threads),
// with the lowest and highest ratio: the CPU ratio holds still on a loaded machine where wall
// time swings with the neighbours.
import { randomBytes, createDecipheriv, createCipheriv } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
const [distA, distB, suiteHex, fl, conc, dir, roundsArg = '5'] = process.argv.slice(2);
const A = await import(pathToFileURL(path.resolve(distA, 'index.js')).href);
const B = await import(pathToFileURL(path.resolve(distB, 'index.js')).href);
const suiteId = parseInt(suiteHex, 16), frameLength = Number(fl), concurrency = Number(conc);
const key = new Uint8Array(32).fill(7);
const keyring = { async onEncrypt(m) { return { ...m, plaintextDataKey: Uint8Array.from(key), encryptedDataKeys: [{ providerId: 'mem', providerInfo: new Uint8Array([1]), ciphertext: new Uint8Array([1]) }] }; }, async onDecrypt(m) { return { ...m, plaintextDataKey: Uint8Array.from(key) }; } };
const N = 64 * 1024 * 1024; const data = randomBytes(N);
const slices = (b) => Readable.from((function* () { for (let o = 0; o < b.length; o += 65536) yield b.subarray(o, o + 65536); })());
const through = async (src, t, keep) => { const parts = []; await pipeline(slices(src), t, new Writable({ write(c, _e, cb) { if (keep) parts.push(c); cb(); } })); return keep ? Buffer.concat(parts) : undefined; };
const ct = await through(data, A.encryptStream(keyring, { suiteId, frameLength }), true);
const K = randomBytes(32), IV = Buffer.alloc(12);
const pieces = []; for (let o = 0; o < N; o += frameLength) { const c = createCipheriv('aes-256-gcm', K, IV); const x = c.update(data.subarray(o, o + frameLength)); c.final(); pieces.push([x, c.getAuthTag()]); }
const raw = dir === 'enc' ? async () => { for (let o = 0; o < N; o += frameLength) { const c = createCipheriv('aes-256-gcm', K, IV); c.update(data.subarray(o, o + frameLength)); c.final(); c.getAuthTag(); } } : async () => { for (const [x, t] of pieces) { const d = createDecipheriv('aes-256-gcm', K, IV); d.setAuthTag(t); d.update(x); d.final(); } };
const OPS = Number(process.env.AB_OPS ?? 2000);
const small = randomBytes(1024);
const smallCt = (await A.encrypt(keyring, small, { suiteId, frameLength })).ciphertext;
const oneShot = (M) => async () => { for (let i = 0; i < OPS; i++) await (dir === 'enc1k' ? M.encrypt(keyring, small, { suiteId, frameLength }) : M.decrypt(keyring, smallCt)); };
const rawSmall = async () => { for (let i = 0; i < OPS; i++) { const c = createCipheriv('aes-256-gcm', K, IV); c.update(small); c.final(); c.getAuthTag(); } };
const streamed = (M) => () => (dir === 'enc' ? through(data, M.encryptStream(keyring, { suiteId, frameLength, concurrency })) : through(ct, M.decryptStream(keyring, { concurrency })));
const run = dir.endsWith('1k') ? oneShot : streamed;
const series = { raw: dir.endsWith('1k') ? rawSmall : raw, a: run(A), b: run(B) };
const work = dir.endsWith('1k') ? OPS : N / 1e6;
const unit = dir.endsWith('1k') ? 'op/s' : 'MB/s';
const cpuNow = () => { const c = process.cpuUsage(); return c.user + c.system; };
const wall = { raw: [], a: [], b: [] }, cpu = { raw: [], a: [], b: [] };
for (const fn of Object.values(series)) await fn();
for (let r = 0; r < Number(roundsArg); r++) {
  for (const k of r % 2 ? ['raw', 'b', 'a'] : ['raw', 'a', 'b']) {
    const t = process.hrtime.bigint(), c = cpuNow();
    await series[k]();
    wall[k].push(work / (Number(process.hrtime.bigint() - t) / 1e9));
    cpu[k].push(work / ((cpuNow() - c) / 1e6));
  }
}
const best = (k) => Math.max(...wall[k]);
const ratios = (m) => m.b.map((x, i) => x / m.a[i]).sort((x, y) => x - y);
const summary = (m) => { const q = ratios(m); return `${q[Math.floor(q.length / 2)].toFixed(3)} (${q[0].toFixed(2)}-${q[q.length - 1].toFixed(2)})`; };
console.log(`${dir} ${suiteHex} ${fl} c${conc} (${unit}): raw ${best('raw').toFixed(0)}  A ${best('a').toFixed(0)} (${(best('a') / best('raw')).toFixed(2)}x)  B ${best('b').toFixed(0)} (${(best('b') / best('raw')).toFixed(2)}x)  B/A wall ${summary(wall)} cpu ${summary(cpu)}`);
