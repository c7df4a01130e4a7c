// The physical reference: raw node:crypto doing only the primitives a message needs, so the bench
// can say how close Envelope gets to what the machine allows.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, generateKeyPairSync, createSign, createVerify } from 'node:crypto';

/** HKDF-SHA512 for the two 32-byte keys of a committing suite: one extract, two one-block expands. */
function hkdfBoth(dataKey, salt) {
  const prk = createHmac('sha512', salt).update(dataKey).digest();
  const k = createHmac('sha512', prk).update('DERIVEKEY').update(ONE).digest().subarray(0, 32);
  createHmac('sha512', prk).update('COMMITKEY').update(ONE).digest();
  return k;
}
const ONE = Buffer.from([1]);

const KEY = randomBytes(32);
const IV = randomBytes(12);
const WRAP_KEY = randomBytes(32);

function gcmSeal(key, iv, data, aad) {
  const c = createCipheriv('aes-256-gcm', key, iv);
  if (aad) c.setAAD(aad);
  const out = c.update(data);
  c.final();
  return [out, c.getAuthTag()];
}
function gcmOpen(key, iv, data, tag, aad) {
  const d = createDecipheriv('aes-256-gcm', key, iv);
  if (aad) d.setAAD(aad);
  d.setAuthTag(tag);
  const out = d.update(data);
  d.final();
  return out;
}

/** Raw AES-256-GCM over `chunk`-byte pieces of `data`, output dropped as a stream consumer would. */
export function rawGcmEncrypt(data, chunk) {
  for (let o = 0; o < data.length; o += chunk) gcmSeal(KEY, IV, data.subarray(o, o + chunk));
}
/** The [ciphertext, tag] pieces rawGcmDecrypt works on (set-up, not timed). */
export function rawGcmPieces(data, chunk) {
  const pieces = [];
  for (let o = 0; o < data.length; o += chunk) pieces.push(gcmSeal(KEY, IV, data.subarray(o, o + chunk)));
  return pieces;
}
/** Raw AES-256-GCM: decrypts the pieces rawGcmEncrypt made. */
export function rawGcmDecrypt(pieces) {
  for (const [ct, tag] of pieces) gcmOpen(KEY, IV, ct, tag);
}

const ecKeys = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
const header = randomBytes(200);
const AAD = header.subarray(0, 40);

/** A message's worth of sealed pieces, made once, for the decrypt side. */
function sealedFor(plaintext) {
  const dataKey = randomBytes(32);
  const salt = randomBytes(32);
  const dk = hkdfBoth(dataKey, salt);
  const [wrapped, wtag] = gcmSeal(WRAP_KEY, IV, dataKey, AAD);
  const [, htag] = gcmSeal(dk, IV, Buffer.alloc(0), header);
  const [body, btag] = gcmSeal(dk, IV, plaintext, AAD);
  const sig = createSign('sha384').update(header).update(body).sign(ecKeys.privateKey);
  return { salt, wrapped, wtag, htag, body, btag, sig };
}
const cache = new Map();

/**
 * One message's primitives, nothing else. Encrypt: random data key and message id, HKDF-SHA512
 * (message key + commitment key, sharing one extract), raw AES key wrap, header tag, the body's GCM; signed suites add
 * P-384 keygen + sign. Decrypt: unwrap, HKDF (one extract, two expands), header tag check, body open; signed: verify.
 */
export function messagePrimitives(plaintext, { signed, direction }) {
  if (direction === 'encrypt') {
    const dataKey = randomBytes(32);
    const salt = randomBytes(32);
    const dk = hkdfBoth(dataKey, salt);
    gcmSeal(WRAP_KEY, IV, dataKey, AAD);
    gcmSeal(dk, IV, Buffer.alloc(0), header);
    const [body] = gcmSeal(dk, IV, plaintext, AAD);
    if (signed) {
      const k = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
      createSign('sha384').update(header).update(body).sign(k.privateKey);
    }
    return;
  }
  let m = cache.get(plaintext);
  if (!m) cache.set(plaintext, (m = sealedFor(plaintext)));
  const dataKey = gcmOpen(WRAP_KEY, IV, m.wrapped, m.wtag, AAD);
  const dk = hkdfBoth(dataKey, m.salt);
  gcmOpen(dk, IV, Buffer.alloc(0), m.htag, header);
  gcmOpen(dk, IV, m.body, m.btag, AAD);
  if (signed) createVerify('sha384').update(header).update(m.body).verify(ecKeys.publicKey, m.sig);
}
