/**
 * Headless Chromium (Debian's, through playwright-core) with one page per peer, each in its own
 * browser context: Chromium gives separate contexts separate renderer processes, so every peer
 * has its own V8 isolate and JIT, as each Node peer has its own process.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { TimingPeer, TimingReply } from '../interleave.js';
import type { MeasureOptions } from '../measure.js';
import type { BenchPage, PageInfo } from './page-api.js';

/** The flags of apps/vanishing-gradients' browser test (TOOLCHAIN.md). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const chromiumPath = (): string => process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(extraFlags: readonly string[] = []): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `browser bench: no Chromium at ${executablePath}; install Debian's (apt-get update && apt-get install -y chromium) or set CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraFlags],
  });
}

type Global = { gsBench: BenchPage };

/** A peer's page: answers timing requests through `page.evaluate`. */
export class PeerPage implements TimingPeer {
  private constructor(
    readonly name: string,
    /** Console warnings and errors of the page (tfjs reports backend fallbacks there). */
    readonly console: readonly string[],
    readonly context: BrowserContext,
    readonly page: Page,
    readonly info: PageInfo,
  ) {}

  /** Opens the peer's page and initialises its peer; rejects with the page's error if it fails. */
  static async open(
    browser: Browser,
    baseUrl: string,
    name: string,
    quick: boolean,
  ): Promise<PeerPage> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const lines: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') lines.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => lines.push(`page error: ${e.message}`));
    try {
      await page.goto(`${baseUrl}/?peer=${encodeURIComponent(name)}`, { waitUntil: 'load' });
      await page.waitForFunction(() => 'gsBench' in globalThis, undefined, { timeout: 30_000 });
      const info = await page.evaluate(
        (q) => (globalThis as unknown as Global).gsBench.init(q),
        quick,
      );
      return new PeerPage(name, lines, context, page, info);
    } catch (e) {
      await context.close();
      const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
      throw new Error(`${name}: ${why}${lines.length > 0 ? ` (page: ${lines.join('; ')})` : ''}`);
    }
  }

  request(key: string, opts: MeasureOptions): Promise<TimingReply> {
    return this.page.evaluate(([k, o]) => (globalThis as unknown as Global).gsBench.request(k, o), [
      key,
      opts,
    ] as const);
  }

  async close(): Promise<void> {
    await this.page
      .evaluate(() => (globalThis as unknown as Global).gsBench.done())
      .catch(() => {});
    await this.context.close();
  }
}
