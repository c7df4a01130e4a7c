// Envelope in a page: a file chosen by the user is streamed through encryptStream (or
// decryptStream) and offered for download. Bundled with `node build.mjs` (esbuild, the `browser`
// condition), as any application would bundle @envelope/client.
import { RawAesKeyring, decryptStream, encryptStream } from '@envelope/client';

const $ = (id) => document.getElementById(id);
const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text) => Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));

// A fresh key for this visit, unless the user pastes their own.
$('key').value = toBase64(crypto.getRandomValues(new Uint8Array(32)));

function keyring() {
  const wrappingKey = fromBase64($('key').value);
  return new RawAesKeyring({ keyNamespace: 'browser-example', keyName: 'file-key', wrappingKey });
}

/** Reads `readable` to its end into a Blob; rejects with the stream's own error (a typed Envelope error). */
async function toBlob(readable) {
  const parts = [];
  const reader = readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return new Blob(parts);
    parts.push(value);
  }
}

/** Streams `file` through `transform` into a Blob, then offers it for download. */
async function run(transform, name) {
  const file = $('file').files[0];
  if (!file) throw new Error('choose a file first');
  const started = performance.now();
  const blob = await toBlob(file.stream().pipeThrough(transform));
  const link = $('download');
  if (link.href) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(blob);
  link.download = name(file.name);
  link.textContent = `Download ${link.download} (${blob.size} bytes)`;
  link.hidden = false;
  return `${file.size} bytes in ${Math.round(performance.now() - started)} ms`;
}

async function encryptFile() {
  const stream = encryptStream(keyring(), { encryptionContext: { purpose: 'browser-example' } });
  const done = await run(stream, (n) => `${n}.envelope`);
  const header = await stream.header;
  return `encrypted ${done}: suite 0x${header.suiteId.toString(16).padStart(4, '0')}, ${header.frameLength}-byte frames`;
}

async function decryptFile() {
  const stream = decryptStream(keyring());
  const done = await run(stream, (n) => n.replace(/\.envelope$/, '') || 'decrypted');
  const by = await stream.decryptedBy;
  return `decrypted ${done} with ${by?.keyId ?? 'the key'}`;
}

for (const [id, action] of [['encrypt', encryptFile], ['decrypt', decryptFile]]) {
  $(id).addEventListener('click', () => {
    $('status').textContent = 'working…';
    $('download').hidden = true;
    action().then(
      (message) => ($('status').textContent = message),
      (err) => ($('status').textContent = `failed: ${err.name}: ${err.message}`),
    );
  });
}
