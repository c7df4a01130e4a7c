// Issue 21: the OpenTelemetry API loads only once something registered with it, so a process that
// never does (the CLI, most applications) does not carry its modules; a registration made later
// is still seen. Runs the built core (dist) in a fresh process: the test runner's own may have loaded it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const core = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'index.js')).href;

// A module hook reports every module resolved, ESM or CommonJS (the API has both builds).
const hook = `let port; export function initialize(d) { port = d.port; }
export async function resolve(s, c, next) { const r = await next(s, c); port.postMessage(r.url); return r; }`;

const script = `
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const urls = [];
port1.on('message', (u) => urls.push(u));
port1.unref();
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}), { data: { port: port2 }, transferList: [port2] });
const require = createRequire(${JSON.stringify(core)});
const { encrypt, decrypt } = await import(${JSON.stringify(core)});
const key = new Uint8Array(32).fill(7);
const keyring = {
  async onEncrypt(m) { return { ...m, plaintextDataKey: Uint8Array.from(key), encryptedDataKeys: [{ providerId: 'mem', providerInfo: new Uint8Array([1]), ciphertext: new Uint8Array([1]) }] }; },
  async onDecrypt(m) { return { ...m, plaintextDataKey: Uint8Array.from(key) }; },
};
const { ciphertext } = await encrypt(keyring, 'hello');
await decrypt(keyring, ciphertext);
await new Promise((r) => setTimeout(r, 100)); // the hook's last messages
const coreLoaded = urls.some((u) => u.includes('/dist/encrypt.js'));
const before = urls.some((u) => u.includes('@opentelemetry')) || Object.keys(require.cache).some((f) => f.includes('@opentelemetry'));
// An application registers a tracer provider after the first messages.
const api = require('@opentelemetry/api');
const started = [];
const provider = { getTracer: () => ({ startSpan: (name) => { started.push(name); return api.trace.wrapSpanContext(api.INVALID_SPAN_CONTEXT); } }) };
api.trace.setGlobalTracerProvider(provider);
await encrypt(keyring, 'hello');
console.log(JSON.stringify({ coreLoaded, before, spans: started }));
`;

describe('OpenTelemetry API loading', () => {
  it('is not loaded by encrypt/decrypt while nothing is registered; a provider registered later gets the spans', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { coreLoaded: boolean; before: boolean; spans: string[] };
    expect(out.coreLoaded).toBe(true); // the hook saw core's own modules
    expect(out.before).toBe(false);
    expect(out.spans.some((s) => s.includes('encrypt'))).toBe(true);
  });
});
