/**
 * The source of a frame worker (run with `new Worker(source, { eval: true })`, so it loads the
 * same from the sources and from dist). It holds one message's key, received once in workerData,
 * and seals or opens batches of consecutive frames (AWS ESDK spec, data-format/message-body.md;
 * the layout is the one of format/frame_head.ts, the AAD the one of crypto/body_cipher.ts).
 *
 * Messages in: { op: 'seal', id, seq, input, out, length, final } (`out`: a buffer to seal into, if
 * large enough) | { op: 'open', id, seq, input,
 * length, count, final, plainLength } | { op: 'close' } (wipes the key; the worker then exits).
 * Messages out: { id, output, length, input, failedAt? } with the ArrayBuffers transferred (open
 * decrypts in place: `output` is its input and `input` null);
 * `failedAt` is the index in the batch of the first frame whose tag did not verify (`output` then
 * holds the plaintext of the frames before it only).
 */
export const FRAME_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { createCipheriv, createDecipheriv } = require('node:crypto');
const { cipher, ivLength, tagLength, frameLength } = workerData;
const key = Buffer.from(workerData.key.buffer, workerData.key.byteOffset, workerData.key.byteLength);
const messageId = Buffer.from(workerData.messageId);
function aadFor(label) {
  const l = Buffer.from('AWSKMSEncryptionClient ' + label, 'utf8');
  const a = Buffer.alloc(messageId.length + l.length + 12);
  messageId.copy(a, 0);
  l.copy(a, messageId.length);
  return a;
}
const AAD = { frame: aadFor('Frame'), final: aadFor('Final Frame') };
const iv = Buffer.alloc(ivLength);
function aad(kind, seq, length) {
  const a = AAD[kind];
  const o = a.length - 12;
  a.writeUInt32BE(seq, o);
  a.writeUInt32BE(Math.floor(length / 4294967296), o + 4);
  a.writeUInt32BE(length >>> 0, o + 8);
  return a;
}
function sealOne(kind, seq, pt, out, o) {
  if (kind === 'final') o = out.writeUInt32BE(0xffffffff, o);
  o = out.writeUInt32BE(seq, o);
  iv.writeUInt32BE(seq, ivLength - 4);
  o += iv.copy(out, o);
  if (kind === 'final') o = out.writeUInt32BE(pt.length, o);
  const c = createCipheriv(cipher, key, iv, { authTagLength: tagLength });
  c.setAAD(aad(kind, seq, pt.length));
  o += c.update(pt).copy(out, o);
  c.final();
  return o + c.getAuthTag().copy(out, o);
}
function seal(m) {
  const pt = Buffer.from(m.input, 0, m.length);
  const regular = m.final ? (m.length === 0 ? 0 : Math.ceil(m.length / frameLength) - 1) : m.length / frameLength;
  const rest = m.length - regular * frameLength;
  const size = regular * (4 + ivLength + frameLength + tagLength) + (m.final ? 12 + ivLength + rest + tagLength : 0);
  const output = m.out && m.out.byteLength >= size ? m.out : new ArrayBuffer(size);
  const out = Buffer.from(output);
  let o = 0;
  let seq = m.seq;
  for (let i = 0; i < regular; i++, seq++) o = sealOne('frame', seq, pt.subarray(i * frameLength, (i + 1) * frameLength), out, o);
  if (m.final) o = sealOne('final', seq, pt.subarray(regular * frameLength), out, o);
  return { id: m.id, output, length: o, input: m.input };
}
function open(m) {
  // In place: frame i's plaintext goes to [w, w + length) with w before its ciphertext, which
  // update() has read by then, and before its tag and the next frame.
  const b = Buffer.from(m.input, 0, m.length);
  const output = m.input;
  const out = b;
  let o = 0;
  let w = 0;
  for (let i = 0; i < m.count; i++) {
    const kind = m.final && i === m.count - 1 ? 'final' : 'frame';
    const seq = m.seq + i;
    let length = frameLength;
    let ivAt = o + 4;
    if (kind === 'final') {
      ivAt = o + 8;
      length = b.readUInt32BE(ivAt + ivLength);
      o = ivAt + ivLength + 4;
    } else o = ivAt + ivLength;
    try {
      const d = createDecipheriv(cipher, key, b.subarray(ivAt, ivAt + ivLength), { authTagLength: tagLength });
      d.setAAD(aad(kind, seq, length));
      d.setAuthTag(b.subarray(o + length, o + length + tagLength));
      const pt = d.update(b.subarray(o, o + length));
      d.final();
      w += pt.copy(out, w);
    } catch {
      return { id: m.id, output, length: w, input: null, failedAt: i };
    }
    o += length + tagLength;
  }
  return { id: m.id, output, length: w, input: null };
}
parentPort.on('message', (m) => {
  if (m.op === 'close') {
    key.fill(0);
    parentPort.close();
    return;
  }
  const r = m.op === 'seal' ? seal(m) : open(m);
  parentPort.postMessage(r, r.input ? [r.output, r.input] : [r.output]);
});
`;
