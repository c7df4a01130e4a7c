#!/usr/bin/env node
// One stream configuration in a fresh process: best of 4 rounds of encrypt and decrypt on 64 MiB.
// Run configurations in turns from the shell so that each gets a process of its own (a process's
// history, its heap sizes and its workers, can favour the configuration that runs after another):
//
//   for i in 1 2 3 4 5 6; do node bench/fresh_stream.mjs 0578 65536 1; node bench/fresh_stream.mjs 0578 65536 2; done
import { randomBytes } from 'node:crypto';
import { envelope, envelopeKeyring, through } from './common.mjs';

const [suiteHex = '0578', fl = '65536', conc = '1'] = process.argv.slice(2);
const suiteId = parseInt(suiteHex, 16);
const frameLength = Number(fl);
const concurrency = Number(conc);
const BYTES = 64 * 1024 * 1024;
const data = randomBytes(BYTES);
const opts = { suiteId, frameLength };
const ct = await through(data, envelope.encryptStream(envelopeKeyring, opts), true);
const best = { encrypt: 0, decrypt: 0 };
for (let r = 0; r < 4; r++) {
  for (const op of ['encrypt', 'decrypt']) {
    const t0 = performance.now();
    await (op === 'encrypt' ? through(data, envelope.encryptStream(envelopeKeyring, { ...opts, concurrency })) : through(ct, envelope.decryptStream(envelopeKeyring, { concurrency })));
    best[op] = Math.max(best[op], BYTES / 1e3 / (performance.now() - t0));
  }
}
console.log(`0x${suiteHex} ${frameLength}-byte frames, concurrency ${concurrency}: encrypt ${best.encrypt.toFixed(0)} MB/s, decrypt ${best.decrypt.toFixed(0)} MB/s`);
