/**
 * Debian's chromium (never a downloaded browser) driven by playwright-core: headless, no sandbox
 * (tests run as root), no background traffic, a fresh profile each launch.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  /** The renderer's resident memory now and at its peak (Linux /proc), in bytes. */
  rendererMemory(): Promise<{ rss: number; peak: number }>;
  close(): Promise<void>;
}

/** Bundles `entry`, serves it on loopback and opens it in a fresh headless Chromium. */
export async function openTestPage(entry: string): Promise<TestPage> {
  const { js } = await bundlePage(entry);
  const server = await startStaticServer(js);
  const profile = mkdtempSync(path.join(tmpdir(), 'envelope-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.origin);
    await page.waitForFunction(() => (globalThis as { envelopeTests?: unknown }).envelopeTests !== undefined || document.title === 'failed', undefined, { timeout: 30_000 }).catch(() => {
      throw new Error(`the test page did not start: ${errors.join('; ') || 'no error reported'}`);
    });
    const ctx = context;
    return {
      page,
      server,
      call: <T>(name: string, ...args: unknown[]) =>
        page.evaluate(([n, a]) => (globalThis as unknown as { envelopeTests: Record<string, (...x: unknown[]) => unknown> }).envelopeTests[n as string]!(...(a as unknown[])), [name, args] as const) as Promise<T>,
      rendererMemory: () => rendererMemory(ctx, page),
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

/** The page's renderer process, found through the browser's CDP session (its one renderer here). */
async function rendererMemory(context: BrowserContext, page: Page): Promise<{ rss: number; peak: number }> {
  const browser = context.browser();
  const session = browser ? await browser.newBrowserCDPSession() : await context.newCDPSession(page);
  try {
    const info = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    const renderers = info.processInfo.filter((p) => p.type === 'renderer');
    if (renderers.length !== 1) throw new Error(`expected one renderer process, found ${renderers.length}`);
    const pid = renderers[0]!.id;
    return { rss: procStatusBytes(pid, 'VmRSS'), peak: procStatusBytes(pid, 'VmHWM') };
  } finally {
    await session.detach();
  }
}
