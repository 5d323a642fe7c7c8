/**
 * `pnpm --filter @gradscope/bench bench:playground [--quick] [--no-build]`: the playground group
 * of the browser bench, in headless Chromium (one browser context, so one renderer, per peer).
 *
 * 1. Training steps per second of the playground's own worker (`apps/playground/src/worker/
 *    worker.ts`: WorkerHost and Session in a module Web Worker, as the page runs it, snapshots
 *    and all) on the preset (spiral, tanh, Adam, cross-entropy, batch 10) at 6 × 16 and 24 × 128,
 *    beside the same network, batch, loss and optimiser in TensorFlow.js 4.22 on tfjs-wasm (SIMD;
 *    as tfjs configures its threads) and tfjs-wasm-mt (one XNNPACK thread per core), interleaved:
 *    every round times each peer once per network, in a rotating order; the figure is the median.
 * The full run puts its section in BENCHMARKS.md between its markers (replacing it, or at the end:
 * `pnpm bench` runs it after the Node bench, which rewrites the file, and the browser bench);
 * `--quick` and `--base DIR` print only, unless `--write`. `--base DIR` adds the peer
 * `playground-base`: the worker bundled from another checkout's sources (e.g. the main branch,
 * with its built packages), to time a change side by side in one run.
 *
 * 2. Steps drawn per second in the real built page (`vite build` of apps/playground, served
 *    as is): `?depth=24&width=128`, Play, then for a while the page's step counter as each
 *    animation frame sees it: steps shown per second, renderings per second (changes of the
 *    counter) and animation frames per second.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { median } from '../measure.js';
import { launchChromium } from './chromium.js';
import type { PlaygroundNet, PlaygroundPage, RunReply } from './page-playground.js';
import { serveBench } from './server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const appRoot = path.join(repoRoot, 'apps/playground');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const noBuild = argv.includes('--no-build');
/** `--base DIR`: also the worker of another checkout (e.g. the main branch), peer `playground-base`. */
const baseIdx = argv.indexOf('--base');
const baseDir = baseIdx >= 0 ? path.resolve(argv[baseIdx + 1] as string) : undefined;
const write = argv.includes('--write') || (!quick && !argv.includes('--base'));
const log = (s: string) => process.stderr.write(`${s}\n`);

const NETS: readonly PlaygroundNet[] = [
  { depth: 6, width: 16 },
  { depth: 24, width: 128 },
];
const PEERS = [
  'playground-worker',
  ...(baseDir === undefined ? [] : ['playground-base']),
  'tfjs-wasm',
  'tfjs-wasm-mt',
];
const ROUNDS = quick ? 3 : 7;
const RUN_MS = quick ? 1000 : 2000;
const DRAW_MS = quick ? 4000 : 8000;

async function bundle(outDir: string): Promise<void> {
  if (!noBuild) {
    log('building the packages and the playground (turbo, vite)');
    execFileSync(
      'pnpm',
      [
        'exec',
        'turbo',
        'run',
        'build',
        '--filter=@gradscope/playground...',
        '--output-logs=errors-only',
      ],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
      },
    );
  }
  await build({
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    tsconfigRaw: { compilerOptions: { target: 'es2022', jsx: 'react-jsx' } },
    define: { 'process.env.NODE_ENV': '"production"' },
    entryPoints: {
      playground: path.join(here, 'page-playground.ts'),
      'playground-worker': path.join(appRoot, 'src/worker/worker.ts'),
      ...(baseDir === undefined
        ? {}
        : { 'playground-base-worker': path.join(baseDir, 'apps/playground/src/worker/worker.ts') }),
    },
  });
}

type G = { gsPlayground: PlaygroundPage };

const START = '<!-- playground-bench:start -->';
const END = '<!-- playground-bench:end -->';

/** `md` with `section` between the playground markers (in place, or appended). */
export function withPlaygroundSection(md: string, section: string): string {
  const block = `${START}\n${section.trim()}\n${END}`;
  const a = md.indexOf(START);
  const b = md.indexOf(END);
  if (a >= 0 && b > a) return md.slice(0, a) + block + md.slice(b + END.length);
  return `${md.trimEnd()}\n\n${block}\n`;
}

async function openPeer(browser: Browser, url: string, peer: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}/?page=playground&peer=${peer}`, { waitUntil: 'load' });
  await page.waitForFunction(() => 'gsPlayground' in globalThis, undefined, { timeout: 30_000 });
  const info = await page.evaluate(() => (globalThis as unknown as G).gsPlayground.init());
  if (errors.length > 0) throw new Error(`${peer}: ${errors.join('; ')}`);
  log(`${peer}: ${JSON.stringify(info)}`);
  return { peer, context, page, info };
}

const run = (page: Page, net: PlaygroundNet, ms: number): Promise<RunReply> =>
  page.evaluate(([n, t]) => (globalThis as unknown as G).gsPlayground.run(n, t), [
    net,
    ms,
  ] as const);

/** Serves a directory as it is (the built playground), with its index at `/`. */
async function serveDir(dir: string) {
  const types: Record<string, string> = {
    '.js': 'text/javascript',
    '.html': 'text/html',
    '.css': 'text/css',
    '.wasm': 'application/wasm',
    '.svg': 'image/svg+xml',
  };
  const server = createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path.join(dir, p === '/' ? 'index.html' : path.normalize(p));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    readFile(file).then(
      (b) =>
        res
          .writeHead(200, {
            'Content-Type': types[path.extname(file)] ?? 'application/octet-stream',
          })
          .end(b),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Steps shown, renderings and animation frames per second while the built page plays 24 × 128. */
async function stepsDrawn(browser: Browser) {
  const site = await serveDir(path.join(appRoot, 'dist'));
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  try {
    const page = await context.newPage();
    await page.goto(`${site.url}?depth=24&width=128`, { waitUntil: 'load' });
    await page.waitForSelector('#flow-table[data-initial]', { timeout: 60_000 });
    await page.click('#play');
    await page.waitForTimeout(1000);
    const r = (await page.evaluate(`new Promise((done) => {
      const el = document.querySelector('#step-count');
      const read = () => Number(el.textContent);
      const t0 = performance.now();
      const s0 = read();
      let frames = 0, renders = 0, last = s0;
      const tick = () => {
        frames++;
        const s = read();
        if (s !== last) { renders++; last = s; }
        const t = performance.now() - t0;
        if (t < ${DRAW_MS}) requestAnimationFrame(tick);
        else done({ steps: (s - s0) * 1000 / t, renders: renders * 1000 / t, frames: frames * 1000 / t });
      };
      requestAnimationFrame(tick);
    })`)) as { steps: number; renders: number; frames: number };
    await page.click('#play');
    return r;
  } finally {
    await context.close();
    await site.close();
  }
}

async function main(): Promise<void> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'gs-playground-bench-'));
  await bundle(outDir);
  const server = await serveBench(outDir);
  const browser = await launchChromium();
  try {
    const peers = [];
    for (const p of PEERS) peers.push(await openPeer(browser, server.url, p));
    const rates = new Map<string, number[]>();
    for (let r = 0; r < ROUNDS; r++) {
      const seen: string[] = [];
      for (const net of NETS) {
        for (let k = 0; k < peers.length; k++) {
          const p = peers[(k + r) % peers.length] as (typeof peers)[number];
          const reply = await run(p.page, net, RUN_MS);
          const key = `${net.depth} × ${net.width}|${p.peer}`;
          const rate = (reply.steps * 1000) / reply.ms;
          rates.set(key, [...(rates.get(key) ?? []), rate]);
          seen.push(`${key} ${rate.toFixed(0)}`);
          if (!Number.isFinite(reply.loss)) log(`${key}: loss ${reply.loss}`);
        }
      }
      // Every run's figure, so that a median hiding a bimodal peer shows.
      log(`round ${r + 1}/${ROUNDS}: ${seen.join(', ')}`);
    }
    const lines = [
      `Playground group: Chromium ${browser.version()}, ${ROUNDS} interleaved rounds of ${RUN_MS / 1000} s per peer and network (median steps/s)`,
      '',
      '| network | playground worker | tfjs-wasm | tfjs-wasm-mt | vs tfjs-wasm | vs tfjs-wasm-mt |',
      '|---|---|---|---|---|---|',
    ];
    for (const net of NETS) {
      const m = (peer: string) =>
        median(rates.get(`${net.depth} × ${net.width}|${peer}`) ?? [Number.NaN]);
      const [g, w, mt] = [m('playground-worker'), m('tfjs-wasm'), m('tfjs-wasm-mt')];
      lines.push(
        `| ${net.depth} × ${net.width} | ${g.toFixed(0)} | ${w.toFixed(0)} | ${mt.toFixed(0)} | ${(g / w).toFixed(2)}x | ${(g / mt).toFixed(2)}x |`,
      );
    }
    if (baseDir !== undefined) {
      lines.push('', `Against the worker of ${baseDir} (\`--base\`, the same rounds):`, '');
      lines.push('| network | this tree | base | this / base |', '|---|---|---|---|');
      for (const net of NETS) {
        const m = (peer: string) =>
          median(rates.get(`${net.depth} × ${net.width}|${peer}`) ?? [Number.NaN]);
        const [g, b] = [m('playground-worker'), m('playground-base')];
        lines.push(
          `| ${net.depth} × ${net.width} | ${g.toFixed(0)} | ${b.toFixed(0)} | ${(g / b).toFixed(2)}x |`,
        );
      }
    }
    for (const p of peers) await p.context.close();
    const d = await stepsDrawn(browser);
    lines.push(
      '',
      `The built page, ?depth=24&width=128, playing for ${DRAW_MS / 1000} s: ${d.steps.toFixed(0)} steps drawn per second, ${d.renders.toFixed(1)} renderings per second, ${d.frames.toFixed(0)} animation frames per second`,
      '',
    );
    const section = [
      '## In the browser: the playground',
      '',
      `${new Date().toISOString()}, ${quick ? 'quick' : 'full'} mode: \`pnpm --filter @gradscope/bench bench:playground${quick ? ' --quick' : ''}\` (tools/bench/src/browser/playground.ts; \`pnpm bench\` runs it after the browser bench).`,
      '',
      '- playground worker: `apps/playground/src/worker/worker.ts` (WorkerHost, Session) bundled by esbuild from the sources (the packages from their built `dist`), in a module Web Worker, told `configure` with the preset at that size (spiral, 500 points, tanh, Xavier normal, Adam lr 0.003, cross-entropy, batch 10) and `play`; steps per second between its first and last snapshot of the run, everything it does while playing included (measured steps and the losses and heatmap, each at most every 50 or 100 ms and at most a tenth of the time).',
      '- tfjs-wasm, tfjs-wasm-mt (as in the browser bench above: one XNNPACK thread as tfjs 4.22 configures it on 2 cores, and one per core): the same layer sizes, batch, loss (`tf.losses.softmaxCrossEntropy`) and optimiser (`tf.train.adam(0.003)`), `optimizer.minimize` with the loss read back every step, on one fixed batch, steps back to back on the page.',
      '- Goals (issue 17): the worker at least 3x tfjs-wasm; at least 30 steps drawn per second at 24 × 128 in the built page.',
      '- To time a change side by side: `--base DIR` adds the worker of another checkout (e.g. the main branch) as a peer and prints this tree / base (print only).',
      '',
      ...lines,
    ].join('\n');
    process.stdout.write(`${section}\n`);
    if (write) {
      const file = path.join(repoRoot, 'BENCHMARKS.md');
      writeFileSync(file, withPlaygroundSection(readFileSync(file, 'utf8'), section));
      log(`wrote the playground section of ${file}`);
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
