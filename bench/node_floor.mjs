#!/usr/bin/env node
// What plain Node does with the CLI's work and none of Envelope: the "node floor" rows of
// bench/cli_vs_age.mjs (issue 21). It reads a file 128 KiB at a time with synchronous calls (as the
// CLI does), seals each 64 KiB with AES-256-GCM under a fresh cipher (as each frame is), writes
// ciphertext and tag, and with --sha384 hashes everything it writes (the signed suites' footer
// hash). Decrypt reverses it and checks every tag before writing that frame's plaintext. No header,
// no keyring, no module loading, no stream machinery and no memory bound: a lower bound for any
// Node program doing this work on this machine, not a file format.
//
//   node bench/node_floor.mjs encrypt|decrypt KEYFILE IN OUT [--sha384]
//
// KEYFILE holds 32 random bytes (44 with the IV base); encrypt creates it when it is missing.
import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const [op, keyFile, input, output] = process.argv.slice(2);
if (!['encrypt', 'decrypt'].includes(op) || !output) {
  console.error('usage: node bench/node_floor.mjs encrypt|decrypt KEYFILE IN OUT [--sha384]');
  process.exit(2);
}
const FRAME = 64 * 1024;
const TAG = 16;
if (op === 'encrypt' && !existsSync(keyFile)) writeFileSync(keyFile, randomBytes(44), { mode: 0o600 });
const material = readFileSync(keyFile);
const key = material.subarray(0, 32);
const iv = Buffer.from(material.subarray(32, 44));
const hash = process.argv.includes('--sha384') ? createHash('sha384') : undefined;

const inFd = openSync(input, 'r');
const outFd = openSync(output, 'w');
const inStep = op === 'encrypt' ? FRAME : FRAME + TAG;
const chunk = Buffer.allocUnsafeSlow(2 * inStep);
let seq = 0;
let n;
while ((n = readFull(chunk)) > 0) {
  for (let off = 0; off < n; off += inStep) {
    const part = chunk.subarray(off, Math.min(n, off + inStep));
    iv.writeUInt32BE(++seq, 8);
    if (op === 'encrypt') {
      const c = createCipheriv('aes-256-gcm', key, iv);
      const ct = c.update(part);
      c.final();
      const tag = c.getAuthTag();
      hash?.update(ct);
      hash?.update(tag);
      writeSync(outFd, ct);
      writeSync(outFd, tag);
    } else {
      hash?.update(part);
      const d = createDecipheriv('aes-256-gcm', key, iv);
      d.setAuthTag(part.subarray(part.length - TAG));
      const pt = d.update(part.subarray(0, part.length - TAG));
      d.final(); // throws on a bad tag, before this frame is written
      writeSync(outFd, pt);
    }
  }
}
hash?.digest();
closeSync(inFd);
closeSync(outFd);

/** Fills `b` from the input (short only at its end); the byte count. */
function readFull(b) {
  let got = 0;
  while (got < b.length) {
    const r = readSync(inFd, b, got, b.length - got, null);
    if (r === 0) break;
    got += r;
  }
  return got;
}
