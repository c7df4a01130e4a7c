/**
 * Debian's chromium (never a downloaded browser) driven by playwright-core: headless, no sandbox
 * (tests run as root), no background traffic, a fresh profile each launch.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { bundlePage } from './bundle.js';
import { startStaticServer, type StaticServer } from './static_server.js';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface TestPage {
  readonly page: Page;
  readonly server: StaticServer;
  /** Calls `globalThis.envelopeTests[name](...args)` in the page and returns what it resolves to. */
  call<T = unknown>(name: string, ...args: unknown[]): Promise<T>;
  /** Each renderer process's resident memory now and at its peak (Linux /proc), in bytes, by pid. */
  rendererMemory(): Map<number, { rss: number; peak: number }>;
  close(): Promise<void>;
}

/** How to serve and wait for a page that is not a test page (an example's own HTML). */
export interface PageOptions {
  readonly html?: string;
  readonly scriptPath?: string;
  /** A JavaScript expression true once the page is ready (default: its test functions are exposed). */
  readonly ready?: string;
}

/** Bundles `entry`, serves it on loopback and opens it in a fresh headless Chromium. */
export async function openTestPage(entry: string, options: PageOptions = {}): Promise<TestPage> {
  const { js } = await bundlePage(entry);
  const server = await startStaticServer(js, options);
  const profile = mkdtempSync(path.join(tmpdir(), 'envelope-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.origin);
    await page.waitForFunction(options.ready ?? 'globalThis.envelopeTests !== undefined', undefined, { timeout: 30_000 }).catch(() => {
      throw new Error(`the test page did not start: ${errors.join('; ') || 'no error reported'}`);
    });
    const ctx = context;
    return {
      page,
      server,
      call: <T>(name: string, ...args: unknown[]) =>
        page.evaluate(([n, a]) => (globalThis as unknown as { envelopeTests: Record<string, (...x: unknown[]) => unknown> }).envelopeTests[n as string]!(...(a as unknown[])), [name, args] as const) as Promise<T>,
      rendererMemory: () => renderersOf(profile),
      close: async () => {
        await ctx.close();
        await server.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await context?.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}

function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no ${field} for process ${pid}`);
  return Number(m[1]) * 1024;
}

function parentOf(pid: number): number {
  // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * The renderer processes of the Chromium that runs on `profile` (Linux /proc: a process with
 * --type=renderer whose ancestor has --user-data-dir=profile), with their resident memory now and
 * at its peak. CDP's process list is for the browser target only, which a persistent context hides.
 */
export function renderersOf(profile: string): Map<number, { rss: number; peak: number }> {
  const out = new Map<number, { rss: number; peak: number }>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || !cmdline(pid).includes('--type=renderer')) continue;
    let p = pid;
    let ours = false;
    for (let hops = 0; hops < 5 && p > 1 && !ours; hops++) {
      p = parentOf(p);
      ours = cmdline(p).includes(`--user-data-dir=${profile}`);
    }
    if (ours) out.set(pid, { rss: procStatusBytes(pid, 'VmRSS'), peak: procStatusBytes(pid, 'VmHWM') });
  }
  return out;
}
