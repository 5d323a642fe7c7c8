/**
 * `pnpm --filter @gradscope/trainer test:browser`: data-parallel training on Web Workers
 * (`@gradscope/trainer/web`) in Debian's headless Chromium through playwright-core.
 *
 * The page (`browser/page.ts`) and the worker script (`@gradscope/trainer/web-worker`, as a user
 * bundles it for esbuild) are bundled by esbuild from the built package and served twice: with
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`
 * (cross-origin isolated: SharedArrayBuffer) and without them. Checks:
 *   1. 1 (in process), 2 and 3 Web Workers give the same parameters, bit for bit, and the same
 *      as the same run in Node (`browser/run.ts` on Node's in-process pool);
 *   2. without the headers, `createWorkerPool` throws a WorkerError naming both headers, and
 *      with `fallback: true` trains in process with the same bits;
 *   3. in a module Web Worker that trains (`browser/in-worker.ts`), the pool's calling thread
 *      computes a share by default (on the page it does not), with the same bits;
 *   4. no console errors in either page;
 *   5. esbuild bundles the built package without a warning (no bare imports of side-effect-free
 *      chunks, see tools/bundle/strip-bare-chunk-imports.mjs).
 * Prints the wide MLP's steps per second on 1 and 2 workers, trained on the page and in a Web
 * Worker (figures, not checks), and ends with
 * `N passed, N failed`. Build the package first (`pnpm --filter @gradscope/trainer build`).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalPool } from '@gradscope/trainer';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { trainOn } from './browser/run.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'gs-trainer-web-'));
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const results: Array<{ name: string; ok: boolean }> = [];
const check = (name: string, ok: boolean, detail = '') => {
  results.push({ name, ok });
  process.stdout.write(`${ok ? '  ✓' : '  ✗'} ${name}${detail ? `: ${detail}` : ''}\n`);
};

function serve(isolated: boolean): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const headers: Record<string, string> = isolated
      ? {
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Embedder-Policy': 'require-corp',
        }
      : {};
    if (path === '/favicon.ico') {
      res.writeHead(204, headers).end();
      return;
    }
    if (path === '/') {
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><script type="module" src="/page.js"></script>');
      return;
    }
    const file = join(out, path.slice(1));
    if (!/^\/[\w.-]+\.js$/.test(path) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function open(server: Server, errors: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => 'runIsolated' in globalThis, null, { timeout: 30_000 });
  return page;
}

if (!existsSync(chromiumPath)) {
  process.stderr.write(`trainer browser test: no Chromium at ${chromiumPath} (set CHROMIUM)\n`);
  process.exit(1);
}
const bundled = await build({
  entryPoints: {
    page: join(here, 'browser/page.ts'),
    'in-worker': join(here, 'browser/in-worker.ts'),
    worker: fileURLToPath(import.meta.resolve('@gradscope/trainer/web-worker')),
  },
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome120',
  minify: true,
  logLevel: 'warning',
});
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const isolatedServer = await serve(true);
const plainServer = await serve(false);
// Checked here, before the pages: tsup's chunks are bare-imported by its entries unless the
// build strips those imports (tools/bundle), and with "sideEffects": false esbuild warns of each.
check(
  'bundling the page and the worker script with esbuild, as a user does, gives no warnings',
  bundled.warnings.length === 0,
  bundled.warnings.map((w) => w.text).join(' | '),
);
try {
  const node = await trainOn(new LocalPool());
  const errors: string[] = [];
  const page = await open(isolatedServer, errors);
  const r = (await page.evaluate('runIsolated()')) as {
    isolated: boolean;
    one: { kind: string; hex: string };
    two: { kind: string; hex: string };
    three: { kind: string; hex: string };
    split: { matmul: number; conv2d: number };
  };
  check(
    '1 (in process), 2 and 3 Web Workers give the same parameters bit for bit, and Node’s',
    r.isolated &&
      r.one.kind === 'local' &&
      r.two.kind === 'web' &&
      r.three.kind === 'web' &&
      r.one.hex === node &&
      r.two.hex === node &&
      r.three.hex === node,
    `isolated ${r.isolated}; ${r.one.kind}/${r.two.kind}/${r.three.kind}; ${node.replaceAll('|', '').length / 2} parameter bytes${r.two.hex === node ? '' : ` (2 workers differ from Node at byte ${[...node].findIndex((c, i) => c !== r.two.hex[i]) >> 1})`}`,
  );
  check(
    'parallelMatmul and parallelConv2d on 2 Web Workers give the bits of matmul and conv2d',
    r.split.matmul === 0 && r.split.conv2d === 0,
    `elements that differ: matmul ${r.split.matmul}, conv2d ${r.split.conv2d}`,
  );
  const speed = (await page.evaluate('runSpeed(2000)')) as {
    one: number[];
    two: number[];
    callerComputes: boolean;
  };
  const inWorker = (await page.evaluate('runInWorker(2000)')) as {
    ok: boolean;
    error?: string;
    isolated: boolean;
    callerComputes: boolean;
    hex: string;
    one: number[];
    two: number[];
  };
  check(
    'training in a Web Worker: the calling thread computes a share by default (on the page it does not), with the same bits',
    inWorker.ok &&
      inWorker.isolated &&
      inWorker.callerComputes &&
      !speed.callerComputes &&
      inWorker.hex === node,
    inWorker.ok
      ? `in a worker callerComputes ${inWorker.callerComputes}, on the page ${speed.callerComputes}; bits ${inWorker.hex === node ? 'equal' : 'differ'}`
      : (inWorker.error ?? ''),
  );
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1] as number;
  const figure = (where: string, r: { one: number[]; two: number[] }) =>
    `figure: wide MLP (784-128-128-10, batch 256, Adam, 2 shards) in Chromium, ${where}: 1 worker ${r.one.map((v) => v.toFixed(0)).join('/')} steps/s, 2 workers ${r.two.map((v) => v.toFixed(0)).join('/')}; median ratio ${(med(r.two) / med(r.one)).toFixed(2)}x\n`;
  process.stdout.write(figure('trained on the page', speed));
  if (inWorker.ok) process.stdout.write(figure('trained in a Web Worker', inWorker));

  const plainErrors: string[] = [];
  const plain = await open(plainServer, plainErrors);
  const p = (await plain.evaluate('runNotIsolated()')) as {
    isolated: boolean;
    error: string;
    fallback: { kind: string; hex: string };
    localClass: boolean;
  };
  check(
    'without cross-origin isolation: a WorkerError naming both headers; fallback trains in process with the same bits',
    !p.isolated &&
      p.error.startsWith('WorkerError: createWorkerPool:') &&
      p.error.includes('Cross-Origin-Opener-Policy: same-origin') &&
      p.error.includes('Cross-Origin-Embedder-Policy: require-corp') &&
      p.fallback.kind === 'local' &&
      p.localClass &&
      p.fallback.hex === node,
    p.error,
  );
  check(
    'no console errors or page errors',
    errors.length === 0 && plainErrors.length === 0,
    [...errors, ...plainErrors].join(' | '),
  );
} catch (e) {
  check('the test ran to the end', false, String(e));
} finally {
  await browser.close();
  isolatedServer.close();
  plainServer.close();
  rmSync(out, { recursive: true, force: true });
}
const failed = results.filter((r) => !r.ok).length;
process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
