/**
 * What every browser check of the playground shares: the build (packages through turbo, then
 * the site through Vite), a static server of dist/ on 127.0.0.1, Debian's headless Chromium
 * through playwright-core (launch flags as the vanishing-gradients browser test), the counted
 * checks, the figures printed at the end, screenshots into test-artifacts/, and the page helpers.
 *
 * A suite (./suites/*.ts) is `(h: Harness) => Promise<void>`; `scripts/browser-test.ts` runs
 * them in order, each in its own try, and ends with `N passed, N failed`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const app = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const root = resolve(app, '../..');
export const dist = join(app, 'dist');
export const artifacts = join(app, 'test-artifacts');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

export interface FlowNumbers {
  readonly rmsGradH: readonly number[];
  readonly weightGradNorm: readonly number[];
}

export interface Harness {
  /** The site's URL, ending in `/`. */
  readonly base: string;
  readonly context: BrowserContext;
  /** The page every suite shares (watched for errors and foreign requests). */
  readonly page: Page;
  /** Records one counted check and prints it. */
  check(name: string, ok: boolean, detail?: string): void;
  /** A line printed after the checks (`figure: ...`). */
  figure(text: string): void;
  /** A screenshot of the page, or of one element, into test-artifacts/NAME.png. */
  shot(page: Page, name: string, selector?: string): Promise<void>;
  /** Opens `query` and waits until the first session's numbers are on the page. */
  open(page: Page, query: string): Promise<void>;
  /** Adds the error and foreign-request listeners to a further page. */
  watch(page: Page): Page;
  stepCount(page: Page): Promise<number>;
  /** The gradient-flow table's exact numbers (JSON strings in its data attributes). */
  flowOf(page: Page): Promise<{ flow: string; initial: string }>;
  /** The JSON the flow table carries for `f` at `step`, to compare with Node's. */
  exact(step: number, f: FlowNumbers): string;
}

export interface Results {
  readonly harness: Harness;
  readonly results: Array<{ name: string; ok: boolean; detail: string }>;
  readonly consoleErrors: string[];
  readonly foreign: Set<string>;
  readonly figures: string[];
  close(): Promise<void>;
}

export function fail(msg: string): never {
  process.stderr.write(`browser-test: ${msg}\n0 passed, 1 failed\n`);
  process.exit(1);
}

/** Builds the packages and the site (unless `build` is false), serves it, starts Chromium. */
export async function startHarness(build = true): Promise<Results> {
  if (build) {
    const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };
    let r = spawnSync(
      'pnpm',
      ['exec', 'turbo', 'run', 'build', '--filter=@gradscope/playground^...'],
      { cwd: root, stdio: 'inherit', env },
    );
    if (r.status !== 0) fail(`building the packages failed (exit ${r.status})`);
    r = spawnSync('pnpm', ['exec', 'vite', 'build', '--logLevel', 'warn'], {
      cwd: app,
      stdio: 'inherit',
      env,
    });
    if (r.status !== 0 || !existsSync(join(dist, 'index.html')))
      fail(`vite build failed (exit ${r.status})`);
  }
  if (!existsSync(executablePath))
    fail(`no Chromium at ${executablePath}; install it (apt-get install chromium) or set CHROMIUM`);
  mkdirSync(artifacts, { recursive: true });

  const server = serve(dist);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const userDataDir = mkdtempSync(join(tmpdir(), 'playground-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 1000 },
    acceptDownloads: true,
  });

  const results: Results['results'] = [];
  const figures: string[] = [];
  const consoleErrors: string[] = [];
  const foreign = new Set<string>();
  const watch = (page: Page): Page => {
    page.on('request', (q) => {
      const u = q.url();
      if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.add(u);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    page.on('requestfailed', (q) => consoleErrors.push(`request failed: ${q.url()}`));
    return page;
  };
  const page = watch(context.pages()[0] ?? (await context.newPage()));

  const harness: Harness = {
    base,
    context,
    page,
    check(name, ok, detail = '') {
      results.push({ name, ok, detail });
      process.stdout.write(`${ok ? '  ✓' : '  ✗'} ${name}${detail === '' ? '' : `: ${detail}`}\n`);
    },
    figure(text) {
      figures.push(text);
    },
    async shot(p, name, selector) {
      const path = join(artifacts, `${name}.png`);
      if (selector === undefined) await p.screenshot({ path, fullPage: true });
      else await p.locator(selector).screenshot({ path });
    },
    async open(p, query) {
      await p.goto(`${base}${query === '' ? '' : `?${query}`}`, { waitUntil: 'load' });
      await p.waitForSelector('#flow-table[data-initial]', { timeout: 60_000 });
    },
    watch,
    stepCount: (p) => p.$eval('#step-count', (e) => Number(e.textContent)),
    flowOf: (p) =>
      p.$eval('#flow-table', (e) => ({
        flow: (e as HTMLElement).dataset.flow ?? '',
        initial: (e as HTMLElement).dataset.initial ?? '',
      })),
    exact: (step, f) =>
      JSON.stringify({ step, rmsGradH: f.rmsGradH, weightGradNorm: f.weightGradNorm }),
  };
  return {
    harness,
    results,
    consoleErrors,
    foreign,
    figures,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
      server.close();
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
};

/** dist/ as any static host would serve it. */
function serve(dir: string): Server {
  return createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
}
