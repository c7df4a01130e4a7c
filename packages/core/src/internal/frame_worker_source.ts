/**
 * The source of a frame worker (run with `new Worker(source, { eval: true })`, so it loads the
 * same from the sources and from dist). A worker serves the sessions (streams) given to it
 * (internal/frame_workers.ts): each holds one message's key, received once, and the worker seals
 * or opens batches of consecutive frames of it (AWS ESDK spec, data-format/message-body.md; the
 * layout is the one of format/frame_head.ts, the AAD the one of crypto/body_cipher.ts).
 *
 * Messages in: { op: 'key', session, key, messageId, cipher, ivLength, tagLength, frameLength }
 * | { op: 'seal', session, id, seq, input, out, length, final } (`out`: a buffer to seal into, if
 * large enough) | { op: 'open', session, id, seq, input, length, count, final, plainLength }
 * | { op: 'drop', session } (wipes the session's key and forgets it).
 * Hash rings of signed suites (hash_offload.ts): { op: 'ring', session, kind, hash, first, key, data, ctrl } runs
 * until the ring ends, then answers { session, ring: true, signature } or { …, ok } (or
 * { …, abandoned: true }); the worker reads nothing else meanwhile. Not batches: neither counted
 * in done nor in the slot's batches out (the stream refs the worker while it waits for it).
 * Messages out: { session, id, output, length, input, failedAt? } with the ArrayBuffers transferred
 * (open decrypts in place, `output` is its input and `input` null, unless given `out`); `failedAt` is the index in the
 * batch of the first frame whose tag did not verify, or (with `malformed: true`) whose IV is not its
 * sequence number (`output` then holds the plaintext of the frames before it only).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { Answer } from './frame_workers.js';

/** The batch functions (session, seal, open); free in createCipheriv and createDecipheriv. */
const FRAME_CODE = String.raw`
// Big-endian, unchecked (the callers' values fit): cheaper than Buffer#writeUInt32BE per frame.
function put32(b, o, v) {
  b[o] = v >>> 24;
  b[o + 1] = v >>> 16;
  b[o + 2] = v >>> 8;
  b[o + 3] = v;
  return o + 4;
}
function aadFor(messageId, label) {
  const l = Buffer.from('AWSKMSEncryptionClient ' + label, 'utf8');
  const a = Buffer.alloc(messageId.length + l.length + 12);
  messageId.copy(a, 0);
  l.copy(a, messageId.length);
  return a;
}
function session(m) {
  const messageId = Buffer.from(m.messageId);
  return {
    key: Buffer.from(m.key.buffer, m.key.byteOffset, m.key.byteLength),
    cipher: m.cipher, ivLength: m.ivLength, tagLength: m.tagLength, frameLength: m.frameLength,
    AAD: { frame: aadFor(messageId, 'Frame'), final: aadFor(messageId, 'Final Frame') },
    iv: Buffer.alloc(m.ivLength),
  };
}
function aad(s, kind, seq, length) {
  const a = s.AAD[kind];
  const o = a.length - 12;
  put32(a, put32(a, put32(a, o, seq), Math.floor(length / 4294967296)), length >>> 0);
  return a;
}
function sealOne(s, kind, seq, pt, out, o) {
  if (kind === 'final') o = put32(out, o, 0xffffffff);
  o = put32(out, o, seq);
  put32(s.iv, s.ivLength - 4, seq);
  o += s.iv.copy(out, o);
  if (kind === 'final') o = put32(out, o, pt.length);
  const c = createCipheriv(s.cipher, s.key, s.iv, { authTagLength: s.tagLength });
  c.setAAD(aad(s, kind, seq, pt.length));
  o += c.update(pt).copy(out, o);
  c.final();
  return o + c.getAuthTag().copy(out, o);
}
function seal(s, m) {
  const { ivLength, tagLength, frameLength } = s;
  const pt = Buffer.from(m.input, 0, m.length);
  const regular = m.final ? (m.length === 0 ? 0 : Math.ceil(m.length / frameLength) - 1) : m.length / frameLength;
  const rest = m.length - regular * frameLength;
  const size = regular * (4 + ivLength + frameLength + tagLength) + (m.final ? 12 + ivLength + rest + tagLength : 0);
  const output = m.out && m.out.byteLength >= size ? m.out : new ArrayBuffer(size);
  const out = Buffer.from(output);
  let o = 0;
  let seq = m.seq;
  for (let i = 0; i < regular; i++, seq++) o = sealOne(s, 'frame', seq, pt.subarray(i * frameLength, (i + 1) * frameLength), out, o);
  if (m.final) o = sealOne(s, 'final', seq, pt.subarray(regular * frameLength), out, o);
  return { id: m.id, session: m.session, output, length: o, input: m.input };
}
function open(s, m) {
  const { cipher, key, ivLength, tagLength, frameLength } = s;
  // In place, unless given \`out\` (the ciphertext is then kept, for the signature): frame i's
  // plaintext goes to [w, w + length) with w before its ciphertext, which update() has read by
  // then, and before its tag and the next frame.
  const b = Buffer.from(m.input, 0, m.length);
  const keep = m.out !== undefined;
  const output = keep ? m.out : m.input;
  const out = keep ? Buffer.from(m.out) : b;
  const input = keep ? m.input : null;
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
    // The IV must be the frame's number, as on the calling thread (format/frame_head.ts).
    let zero = 0;
    for (let j = ivAt; j < ivAt + ivLength - 4; j++) zero |= b[j];
    if (zero !== 0 || b.readUInt32BE(ivAt + ivLength - 4) !== seq) {
      return { id: m.id, session: m.session, output, length: w, input, failedAt: i, malformed: true };
    }
    try {
      const d = createDecipheriv(cipher, key, b.subarray(ivAt, ivAt + ivLength), { authTagLength: tagLength });
      d.setAAD(aad(s, kind, seq, length));
      d.setAuthTag(b.subarray(o + length, o + length + tagLength));
      const pt = d.update(b.subarray(o, o + length));
      d.final();
      w += pt.copy(out, w);
    } catch {
      return { id: m.id, session: m.session, output, length: w, input, failedAt: i };
    }
    o += length + tagLength;
  }
  return { id: m.id, session: m.session, output, length: w, input };
}
`;

/** The hash ring's function; free in createSign and createVerify. */
const RING_CODE = String.raw`
// A hash ring: the calling thread copies the bytes to hash into slots of the shared data and
// counts them in ctrl[0] (bit 30 set: abandoned); this thread hashes them in order and counts them
// in ctrl[1]. ctrl[3 + slot]: the slot's byte count, or the end: -1 sign, -(1 + n) verify the
// n-byte signature in the slot. Blocks this thread (Atomics.wait on ctrl[0]) until then.
function ring(m) {
  const h = m.kind === 'sign' ? createSign(m.hash) : createVerify(m.hash);
  h.update(Buffer.from(m.first));
  const c = new Int32Array(m.ctrl);
  const count = c.length - 3;
  const size = m.data.byteLength / count;
  for (let read = 0; ; ) {
    const w = Atomics.load(c, 0);
    if (w === read) {
      Atomics.wait(c, 0, read); // wakes on the next slot or on abandon, which both change ctrl[0]
      continue;
    }
    if ((w & 0x3fffffff) === read) return { session: m.session, ring: true, abandoned: true };
    const at = (read % count) * size;
    const n = c[3 + (read % count)];
    let r;
    if (n >= 0) h.update(Buffer.from(m.data, at, n));
    else if (m.kind === 'sign') r = { session: m.session, ring: true, signature: h.sign(m.key) };
    else {
      let ok = false;
      try {
        ok = h.verify(m.key, Buffer.from(m.data, at, -n - 1));
      } catch {
        ok = false;
      }
      r = { session: m.session, ring: true, ok };
    }
    Atomics.store(c, 1, ++read);
    Atomics.notify(c, 1);
    if (r) return r;
  }
}
`;

export const FRAME_WORKER_SOURCE = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
// Batches finished, shared with the thread that posts them (frame_workers.ts queued()).
const done = workerData.done;
const { createCipheriv, createDecipheriv, createSign, createVerify } = require('node:crypto');
const sessions = new Map();
${FRAME_CODE}
${RING_CODE}
${String.raw`parentPort.on('message', (m) => {
  if (m.op === 'key') {
    sessions.set(m.session, session(m));
    return;
  }
  const s = sessions.get(m.session);
  if (m.op === 'drop') {
    if (s && s.key) s.key.fill(0);
    sessions.delete(m.session);
    return;
  }
  if (m.op === 'seal' || m.op === 'open') {
    const r = m.op === 'seal' ? seal(s, m) : open(s, m);
    Atomics.add(done, 0, 1);
    parentPort.postMessage(r, r.input ? [r.output, r.input] : [r.output]);
    return;
  }
  if (m.op === 'ring') parentPort.postMessage(ring(m)); // not a batch: not counted in done
});
`}`;

/** A session's state, as {@link LocalFrames.session} makes it (holds a copy of the key: wipe it). */
export interface LocalSession {
  readonly key: Buffer;
}

/** The workers' batch functions, run on the calling thread (a stream's `concurrency` counts it). */
export interface LocalFrames {
  session(m: Record<string, unknown>): LocalSession;
  seal(s: LocalSession, m: Record<string, unknown>): Answer;
  open(s: LocalSession, m: Record<string, unknown>): Answer;
}

let local: LocalFrames | undefined;

/** {@link LocalFrames}, compiled from the same source as the workers' on first use. */
export function localFrames(): LocalFrames {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the workers' own code, not input
  local ??= new Function('createCipheriv', 'createDecipheriv', `'use strict';\n${FRAME_CODE}\nreturn { session, seal, open };`)(createCipheriv, createDecipheriv) as LocalFrames;
  return local;
}
