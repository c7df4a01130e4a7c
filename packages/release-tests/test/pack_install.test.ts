// Issue 19 item 1: what `npm run release` would publish works outside this repository. Every
// package is packed with pnpm (workspace:* rewritten), the tarballs are installed with npm into a
// fresh project in the temp directory, and used from ESM, from require, from TypeScript (node16 and
// bundler resolution) and through the bins. Third-party dependencies come from the npm cache or
// the registry (--prefer-offline).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { packAll, publishablePackages, root, withDependencies } from '../../../scripts/pack.mjs';
import { QUICK_START_OUTPUT, readmeBlock } from './readme_blocks.js';

const names = (publishablePackages() as { manifest: { name: string } }[]).map((p) => p.manifest.name);
const rootDir = root as string;
let dir: string;
let app: string;
let tarballs: Record<string, string>;

/** The environment without npm's per-run settings (npm test sets npm_config_*), as a new shell has. */
const cleanEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}
/** Runs a command without blocking this worker (vitest's RPC times out on long synchronous spawns). */
function spawnAsync(cmd: string, args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd ?? app, env: options.env ?? cleanEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    // A child that exits without reading its input (tar, sh -c) closes the pipe first: not an error.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
async function run(cmd: string, args: string[], options: { cwd?: string; input?: string } = {}): Promise<Ran> {
  const r = await spawnAsync(cmd, args, options);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}
const node = (args: string[], input?: string): Promise<Ran> => run(process.execPath, args, input === undefined ? {} : { input });
const tsc = path.join(rootDir, 'node_modules', 'typescript', 'bin', 'tsc');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'envelope-pack-'));
  tarballs = (await packAll(path.join(dir, 'tarballs'))) as Record<string, string>;
  app = path.join(dir, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'envelope-consumer', version: '1.0.0', private: true, type: 'module' }));
  const typesNode = JSON.parse(readFileSync(path.join(rootDir, 'package.json'), 'utf8')).devDependencies['@types/node'];
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...Object.values(tarballs), `@types/node@${typesNode}`]);
}, 300_000);
// Asynchronous: three installed trees take a while to remove, and a blocked worker misses vitest's RPC.
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
}, 180_000);

describe('packed tarballs installed outside the workspace', () => {
  it('every tarball: LICENSE, no workspace: ranges, sources for every source map, no tests', () => {
    const license = readFileSync(path.join(rootDir, 'LICENSE'), 'utf8');
    expect(Object.keys(tarballs).sort()).toEqual([...names].sort());
    for (const name of names) {
      const pkg = path.join(app, 'node_modules', ...name.split('/'));
      expect(readFileSync(path.join(pkg, 'LICENSE'), 'utf8'), `${name} LICENSE`).toBe(license);
      const manifest = readFileSync(path.join(pkg, 'package.json'), 'utf8');
      expect(manifest, `${name} package.json`).not.toContain('workspace:');
      expect(existsSync(path.join(pkg, 'test')), `${name} ships tests`).toBe(false);
      const maps = walk(path.join(pkg, 'dist')).filter((f) => f.endsWith('.map'));
      expect(maps.length, `${name} source maps`).toBeGreaterThan(0);
      for (const map of maps) {
        for (const source of JSON.parse(readFileSync(map, 'utf8')).sources as string[]) {
          expect(existsSync(path.resolve(path.dirname(map), source)), `${path.relative(app, map)} → ${source}`).toBe(true);
        }
      }
    }
  });

  it('imports from ESM: every package, and a KMS + escrow round trip against the installed kms-local', async () => {
    const out = await node(['--input-type=module', '-'], `
      ${names.map((n, i) => `import * as m${i} from '${n}';`).join('\n')}
      const mods = [${names.map((_, i) => `m${i}`).join(', ')}];
      if (mods.some((m) => Object.keys(m).length === 0)) throw new Error('an empty module');
      const { encrypt, decrypt, KmsKeyring, MultiKeyring, RawRsaKeyring, generateRsaKeyPair } = m${names.indexOf('@envelope/client')};
      const { startKmsLocal, createMultiRegionKey } = m${names.indexOf('@envelope/kms-local')};
      const local = await startKmsLocal({ regions: ['us-east-1', 'eu-west-1'] });
      try {
        await createMultiRegionKey(local, { primaryRegion: 'us-east-1', replicaRegions: ['eu-west-1'], alias: 'alias/app' });
        const escrow = await generateRsaKeyPair({ bits: 2048 });
        const keyring = new MultiKeyring({
          generator: new KmsKeyring({ keyId: 'alias/app', regions: ['us-east-1', 'eu-west-1'], localRegion: 'us-east-1', endpoints: local.endpoints, credentials: local.credentials }),
          children: [new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'e', publicKey: escrow.publicKeyPem, padding: 'oaep-sha256' })],
        });
        const { ciphertext } = await encrypt(keyring, 'from a tarball', { encryptionContext: { tenant: 'acme' } });
        const r = await decrypt(keyring, ciphertext);
        const recovered = await decrypt(new RawRsaKeyring({ keyNamespace: 'escrow', keyName: 'e', privateKey: escrow.privateKeyPem, padding: 'oaep-sha256' }), ciphertext);
        console.log(JSON.stringify({ text: new TextDecoder().decode(r.plaintext), by: r.decryptedBy, escrow: new TextDecoder().decode(recovered.plaintext) }));
      } finally {
        await local.close();
      }
    `);
    expect(JSON.parse(out.stdout.trim().split('\n').pop()!)).toMatchObject({ text: 'from a tarball', by: { providerId: 'aws-kms', region: 'us-east-1' }, escrow: 'from a tarball' });
  });

  it('streams with concurrency 2 start their body workers from the installed dist (frames and a signed suite\'s hash)', async () => {
    const out = await node(['--input-type=module', '-'], `
      import { Readable, Writable } from 'node:stream';
      import { pipeline } from 'node:stream/promises';
      import { encryptStream, decryptStream, RawAesKeyring } from '@envelope/client';
      const keyring = new RawAesKeyring({ keyNamespace: 'app', keyName: 'k', wrappingKey: new Uint8Array(32).fill(7) });
      const data = Buffer.alloc(3 << 20, 5);
      const through = async (input, t) => {
        const parts = [];
        await pipeline(Readable.from([input]), t, new Writable({ write(c, _e, cb) { parts.push(c); cb(); } }));
        return Buffer.concat(parts);
      };
      const same = [];
      for (const frameLength of [4096, 65536]) {
        const ct = await through(data, encryptStream(keyring, { frameLength, concurrency: 2 }));
        same.push((await through(ct, decryptStream(keyring, { concurrency: 2 }))).equals(data));
      }
      console.log(JSON.stringify(same));
    `);
    expect(out.stdout.trim().split('\n').pop()).toBe('[true,true]');
  });

  it('loads through require (CommonJS) and round-trips', async () => {
    writeFileSync(
      path.join(app, 'use.cjs'),
      `
      const mods = ${JSON.stringify(names)}.map((n) => require(n));
      if (mods.some((m) => Object.keys(m).length === 0)) throw new Error('an empty module');
      const { encrypt, decrypt, RawAesKeyring, EnvelopeError } = require('@envelope/client');
      const keyring = new RawAesKeyring({ keyNamespace: 'app', keyName: 'k', wrappingKey: new Uint8Array(32).fill(7) });
      encrypt(keyring, 'from require').then(({ ciphertext }) => decrypt(keyring, ciphertext)).then((r) => {
        console.log(new TextDecoder().decode(r.plaintext), typeof EnvelopeError, require('@envelope/core/package.json').name);
      }, (e) => { console.error(e); process.exit(1); });
    `,
    );
    expect((await node(['use.cjs'])).stdout.trim()).toBe('from require function @envelope/core');
  });

  // node16 also type-checks every installed declaration file (skipLibCheck false): a type our .d.ts
  // files name from an undeclared package would fail there. bundler skips them, for time.
  it.concurrent.each(['node16', 'bundler'] as const)('type-checks a TypeScript consumer under moduleResolution %s', async (resolution) => {
    writeFileSync(
      path.join(app, `consumer.${resolution}.ts`),
      `
      import { decrypt, encrypt, MultiKeyring, RawAesKeyring, type EncryptionContext, type Keyring, type EnvelopeError } from '@envelope/client';
      import { SUITES } from '@envelope/core';
      import { KmsKeyring } from '@envelope/keyring-kms';
      import { RawRsaKeyring } from '@envelope/keyring-raw-rsa';
      import { createRegistry, keyringFromConfig } from '@envelope/registry';
      import { startKmsLocal, type KmsLocal } from '@envelope/kms-local';
      import { helpText } from '@envelope/cli';
      const keyring: Keyring = new MultiKeyring({ generator: new RawAesKeyring({ keyNamespace: 'a', keyName: 'b', wrappingKey: new Uint8Array(32) }), children: [] });
      const ec: EncryptionContext = { tenant: 'acme' };
      export async function roundTrip(): Promise<Uint8Array> {
        const { ciphertext } = await encrypt(keyring, 'x', { encryptionContext: ec });
        return (await decrypt(keyring, ciphertext)).plaintext;
      }
      export const parts = [SUITES, KmsKeyring, RawRsaKeyring, createRegistry, keyringFromConfig, startKmsLocal, helpText];
      export type Local = KmsLocal;
      export const code = (e: EnvelopeError): string => e.code;
      // @ts-expect-error the types are real, not any: a number is no key namespace
      export const bad = new RawAesKeyring({ keyNamespace: 1, keyName: 'b', wrappingKey: new Uint8Array(32) });
    `,
    );
    const compilerOptions =
      resolution === 'node16'
        ? { module: 'node16', moduleResolution: 'node16' }
        : { module: 'preserve', moduleResolution: 'bundler' };
    writeFileSync(
      path.join(app, `tsconfig.${resolution}.json`),
      JSON.stringify({ compilerOptions: { ...compilerOptions, target: 'es2022', strict: true, noEmit: true, types: ['node'], skipLibCheck: resolution === 'bundler' }, files: [`consumer.${resolution}.ts`] }),
    );
    const r = await spawnAsync(process.execPath, [tsc, '-p', `tsconfig.${resolution}.json`]);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 180_000);

  it('the bins run: envelope --version (with the crypto backend: the prebuilt addon) and kms-local --help', async () => {
    const cli = JSON.parse(readFileSync(path.join(app, 'node_modules', '@envelope', 'cli', 'package.json'), 'utf8')) as { version: string };
    const version = (await run(path.join(app, 'node_modules', '.bin', 'envelope'), ['--version'])).stdout.trim();
    expect(version).toMatch(new RegExp(`^${cli.version.replace(/\./g, '\\.')} \\(crypto: native \\(OpenSSL 3\\.`));
    expect((await run(path.join(app, 'node_modules', '.bin', 'kms-local'), ['--help'])).stdout).toMatch(/regions/);
  });
});

describe('installed where the addon cannot be built', () => {
  // A machine without a C++ toolchain: the crypto-native tarball without its prebuild, installed
  // with install scripts on and a PATH holding node, npm and sh only (no make, no compiler, no
  // python; CXX=false for good measure).
  it('the install succeeds, says why, and core uses node:crypto', async () => {
    const work = path.join(dir, 'no-compiler');
    const unpacked = path.join(work, 'unpacked');
    mkdirSync(unpacked, { recursive: true });
    await run('tar', ['-xzf', tarballs['@envelope/crypto-native']!, '-C', unpacked]);
    expect(existsSync(path.join(unpacked, 'package', 'prebuilds', 'linux-x64')), 'the published tarball carries the linux-x64 prebuild').toBe(true);
    rmSync(path.join(unpacked, 'package', 'prebuilds'), { recursive: true });
    const stripped = path.join(work, 'crypto-native-no-prebuild.tgz');
    await run('tar', ['-czf', stripped, '-C', unpacked, 'package']);
    const bin = path.join(work, 'bin');
    mkdirSync(bin);
    const which = async (cmd: string): Promise<string> => (await run('sh', ['-c', `command -v ${cmd}`])).stdout.trim();
    for (const cmd of ['node', 'npm', 'sh']) symlinkSync(realpathSync(await which(cmd)), path.join(bin, cmd));
    const consumer = path.join(work, 'app');
    mkdirSync(consumer);
    writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'no-compiler', version: '1.0.0', private: true, type: 'module' }));
    const env = { ...cleanEnv(), PATH: bin, CXX: 'false', CC: 'false' };
    const install = await spawnAsync(path.join(bin, 'npm'), ['install', '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts', tarballs['@envelope/core']!, stripped], { cwd: consumer, env });
    expect(install.status, install.stdout + install.stderr).toBe(0);
    expect(install.stdout + install.stderr).toMatch(/could not be built here; Envelope will use node:crypto/);
    const used = await spawnAsync(path.join(bin, 'node'), ['--input-type=module', '-e', "const { cryptoBackend } = await import('@envelope/core'); console.log(cryptoBackend.name);"], { cwd: consumer, env });
    expect(used.stdout.trim(), used.stderr).toBe('node');
  }, 300_000);
});

// The README's "Install from a clone" block, line by line in a stand-in clone directory: its pack
// lines put the tarballs of the packages named and of those they need (the script's own
// withDependencies, from the tarballs packed above: packing twice costs a minute) where the line
// says; every other line runs as written with bash (npm -g into a temporary prefix). Then the
// README's code quick start runs in the app it made, and the globally installed envelope runs.
describe('README: install from a clone', () => {
  it('the CLI and the library install from the tarballs the README packs, and the quick start runs there', async () => {
    const clone = path.join(dir, 'clone');
    mkdirSync(clone);
    const env = { ...cleanEnv(), npm_config_prefix: path.join(dir, 'global'), npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_loglevel: 'error' };
    const lines = readmeBlock('Install from a clone', 'sh').split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
    expect(lines.filter((l) => l.startsWith('node scripts/pack.mjs'))).toHaveLength(2);
    for (const line of lines) {
      if (line === 'npm run build') continue; // built already
      const pack = /^node scripts\/pack\.mjs (\S+) (.+)$/.exec(line);
      if (pack) {
        const dest = path.resolve(clone, pack[1]!);
        mkdirSync(dest, { recursive: true });
        const wanted = withDependencies(publishablePackages(), pack[2]!.split(/\s+/)) as { manifest: { name: string } }[];
        for (const { manifest } of wanted) copyFileSync(tarballs[manifest.name]!, path.join(dest, path.basename(tarballs[manifest.name]!)));
        continue;
      }
      const r = await new Promise<Ran>((resolve, reject) => {
        const child = spawn('bash', ['-c', line], { cwd: clone, env });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('error', reject);
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
      expect(r.status, `${line}\n${r.stdout}\n${r.stderr}`).toBe(0);
    }
    const myApp = path.join(dir, 'my-app');
    writeFileSync(path.join(myApp, 'quick-start.mjs'), readmeBlock('Quick start (code)', 'js'));
    const qs = await spawnAsync(process.execPath, ['quick-start.mjs'], { cwd: myApp });
    expect(qs.stdout, qs.stderr).toMatch(QUICK_START_OUTPUT);
    const version = await spawnAsync(path.join(dir, 'global', 'bin', 'envelope'), ['--version'], { cwd: dir });
    const cliVersion = JSON.parse(readFileSync(path.join(rootDir, 'packages', 'cli', 'package.json'), 'utf8')).version as string;
    expect(version.stdout.trim(), version.stderr).toMatch(new RegExp(`^${cliVersion.replace(/\./g, '\\.')} \\(crypto: native \\(OpenSSL 3\\.`));
  }, 300_000);
});

function walk(d: string): string[] {
  return readdirSync(d).flatMap((f) => {
    const p = path.join(d, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
