// A worker thread terminated while it is inside an addon call (a stream destroyed mid-way, a pool
// shutting down) must not take the process down: the addon's next Node-API call fails then, and
// node-addon-api would otherwise turn that into a fatal error.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('./fixtures/terminated_workers.mjs', import.meta.url));

describe('worker threads terminated inside addon calls', () => {
  it('60 workers sealing and opening, each terminated at a random moment: the process lives on', async () => {
    const p = spawn(process.execPath, [child, '60'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => p.on('close', (c, s) => resolve([c, s])));
    expect({ code, signal, out: out.trim() }, err.split('\n').slice(0, 3).join('\n')).toEqual({ code: 0, signal: null, out: 'survived 60' });
  }, 120_000);
});
