// CPU per stream, thread by thread (from /proc/self/task/*/schedstat), so that a loaded machine can
// still say what a quiet one would do: node bench/cpu_streams.mjs <suite hex> <frameLength> <concurrency> <enc|dec> [runs]
// Prints MB per CPU-second for the whole process and for its busiest thread; on C idle cores a run
// can go no faster than min(busiest thread, C × whole process).
import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { envelope, envelopeKeyring, through } from './common.mjs';
import { rawGcmEncrypt, rawGcmDecrypt, rawGcmPieces } from './primitives.mjs';
const [suiteHex, fl, conc, dir, runsArg = '5'] = process.argv.slice(2);
const suiteId = parseInt(suiteHex, 16), frameLength = Number(fl), concurrency = Number(conc), runs = Number(runsArg);
const N = 64 * 1024 * 1024;
const data = randomBytes(N);
const ct = await through(data, envelope.encryptStream(envelopeKeyring, { suiteId, frameLength }), true);
const pieces = rawGcmPieces(data, frameLength);
const cpu = () => new Map(readdirSync('/proc/self/task').map((t) => [t, Number(readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').split(' ')[0])]));
const one = () => (dir === 'enc' ? through(data, envelope.encryptStream(envelopeKeyring, { suiteId, frameLength, concurrency })) : through(ct, envelope.decryptStream(envelopeKeyring, { concurrency })));
await one();
const before = cpu();
const t0 = process.hrtime.bigint();
for (let i = 0; i < runs; i++) await one();
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const after = cpu();
const perT = [...after].map(([t, ns]) => [t, (ns - (before.get(t) ?? 0)) / 1e9]).filter(([, s]) => s > 0.001).sort((a, b) => b[1] - a[1]);
const per = perT.map(([, s]) => s);
const mainCpu = perT.find(([t]) => t === String(process.pid))?.[1] ?? 0;
const total = per.reduce((a, b) => a + b, 0);
const mb = (runs * N) / 1e6;
const r0 = process.cpuUsage();
for (let i = 0; i < 3; i++) dir === 'enc' ? rawGcmEncrypt(data, frameLength) : rawGcmDecrypt(pieces);
const rawCpu = (() => { const u = process.cpuUsage(r0); return (u.user + u.system) / 1e6; })();
const raw = (3 * N) / 1e6 / rawCpu;
const bound2 = Math.min(mb / per[0], (2 * mb) / total);
console.log(`${dir} ${suiteHex} ${fl} c${conc}: wall ${(mb / wall).toFixed(0)} MB/s; CPU ${(mb / total).toFixed(0)} MB/cpu-s total, busiest thread ${(mb / per[0]).toFixed(0)}; threads ${per.map((s) => s.toFixed(2)).join(' ')} s; calling thread ${mainCpu.toFixed(2)} s; raw ${raw.toFixed(0)} MB/cpu-s; 2-core bound ${bound2.toFixed(0)} MB/s = ${(bound2 / raw).toFixed(2)}x raw`);
