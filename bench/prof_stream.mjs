// node --cpu-prof bench/prof_stream.mjs <suite hex> <frameLength> <concurrency> <enc|dec> [runs]: only the stream runs.
import { randomBytes } from 'node:crypto';
import { envelope, envelopeKeyring, through } from './common.mjs';
const [suiteHex, fl, conc, dir, runsArg = '8'] = process.argv.slice(2);
const suiteId = parseInt(suiteHex, 16), frameLength = Number(fl), concurrency = Number(conc);
const N = 64 * 1024 * 1024;
const data = randomBytes(N);
const ct = dir === 'dec' ? await through(data, envelope.encryptStream(envelopeKeyring, { suiteId, frameLength }), true) : undefined;
let best = 0;
for (let i = 0; i < Number(runsArg); i++) {
  const t = process.hrtime.bigint();
  if (dir === 'enc') await through(data, envelope.encryptStream(envelopeKeyring, { suiteId, frameLength, concurrency }));
  else await through(ct, envelope.decryptStream(envelopeKeyring, { concurrency }));
  best = Math.max(best, N / 1e6 / (Number(process.hrtime.bigint() - t) / 1e9));
}
console.log(`${dir} ${suiteHex} ${fl} c${conc}: best ${best.toFixed(0)} MB/s`);
