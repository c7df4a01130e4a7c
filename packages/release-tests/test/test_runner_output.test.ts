// Issue 29 item 13: `npm test -- FILTER` (scripts/test.mjs) ends with its one verdict line, names no
// report file it then deletes, and shows the AWS SDK's Node 20 notice once instead of once per process.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './readme_blocks.js';

describe('scripts/test.mjs output', () => {
  it('a subset: the verdict line, no "JSON report written", no repeated SDK warning', async () => {
    // Two files whose workers load the AWS SDK's KMS client (each process warned once on Node 20).
    const args = [path.join(root, 'scripts', 'test.mjs'), 'packages/keyring-kms/test/key_id_check', 'packages/keyring-kms/test/default_region'];
    const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined };
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: root, env });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    expect(out).toMatch(/\n9 passed, 0 failed\n$/);
    expect(out).not.toMatch(/JSON report written/);
    expect(out).not.toMatch(/NodeVersionSupportWarning/);
    const notices = out.match(/releases from January 2027 need Node 22/g) ?? [];
    expect(notices).toHaveLength(Number(process.versions.node.split('.')[0]) < 22 ? 1 : 0);
  }, 180_000);
});
