// Quick A/B of stream rows: node bench/quick_streams.mjs <suite hex> <frameLength> <concurrency> [enc|dec|both] [runs]
import { randomBytes } from 'node:crypto';
import { envelope, envelopeKeyring, through } from './common.mjs';
import { rawGcmEncrypt, rawGcmDecrypt, rawGcmPieces } from './primitives.mjs';
const [suiteHex = '0478', fl = '4096', conc = '2', dir = 'both', runsArg = '5'] = process.argv.slice(2);
const suiteId = parseInt(suiteHex, 16), frameLength = Number(fl), concurrency = Number(conc), runs = Number(runsArg);
const N = 64 * 1024 * 1024;
const data = randomBytes(N);
const best = async (fn) => { let b = 0; for (let i = 0; i < runs; i++) { const t = process.hrtime.bigint(); await fn(); b = Math.max(b, N / 1e6 / (Number(process.hrtime.bigint() - t) / 1e9)); } return b; };
const ct = await through(data, envelope.encryptStream(envelopeKeyring, { suiteId, frameLength }), true);
const pieces = rawGcmPieces(data, frameLength);
const rawE = await best(async () => rawGcmEncrypt(data, frameLength));
const rawD = await best(async () => rawGcmDecrypt(pieces));
if (dir !== 'dec') { const e = await best(() => through(data, envelope.encryptStream(envelopeKeyring, { suiteId, frameLength, concurrency }))); console.log(`enc ${suiteHex} ${fl} c${conc}: ${e.toFixed(0)} MB/s raw ${rawE.toFixed(0)} = ${(e / rawE).toFixed(2)}x`); }
if (dir !== 'enc') { const d = await best(() => through(ct, envelope.decryptStream(envelopeKeyring, { concurrency }))); console.log(`dec ${suiteHex} ${fl} c${conc}: ${d.toFixed(0)} MB/s raw ${rawD.toFixed(0)} = ${(d / rawD).toFixed(2)}x`); }
