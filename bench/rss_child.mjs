// Child process of the bench: decrypts one big message file as a stream into nothing and reports
// its own peak RSS, so the parent's memory does not blur the figure.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { envelope, envelopeKeyring, esdk, esdkKeyring, sink } from './common.mjs';

const [impl, file] = process.argv.slice(2);
const t0 = Date.now();
const transform = impl === 'envelope' ? envelope.decryptStream(envelopeKeyring) : esdk.decryptStream(esdkKeyring);
const out = sink();
await pipeline(createReadStream(file, { highWaterMark: 64 * 1024 }), transform, out);
const seconds = (Date.now() - t0) / 1000;
process.stdout.write(JSON.stringify({ bytes: out.result(), seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
