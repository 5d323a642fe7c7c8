/**
 * `pnpm --filter @gradscope/bench test:browser [--source]`: does the browser bench's harness work
 * here? Bundles the pages, serves them with cross-origin isolation, opens every peer in headless
 * Chromium and times one tiny case on each, then checks what the bench relies on: every page is
 * cross-origin isolated, tfjs-wasm runs its threaded SIMD build (tfjs-wasm-mt with one thread
 * per core), the timings are finite and positive, and gradscope and tfjs-wasm start the deep MLP
 * from the same loss. Speed is not checked (that is the bench's job). Prints `N passed, N failed`
 * last; about 20 s (more when the packages need a build).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TimingReply } from '../interleave.js';
import { bundlePages } from './bundle.js';
import { launchChromium, PeerPage } from './chromium.js';
import { BROWSER_PEERS } from './section.js';
import { serveBench } from './server.js';

const TINY = { warmupMs: 20, sampleMs: 5, samples: 2 };
let passed = 0;
let failed = 0;
function check(name: string, ok: boolean, detail = ''): void {
  if (ok) passed++;
  else failed++;
  process.stdout.write(`${ok ? '  ✓' : '  ✗'} ${name}${detail ? ` (${detail})` : ''}\n`);
}
const finite = (r: TimingReply) =>
  (r.perCall?.length ?? 0) > 0 && (r.perCall ?? []).every((t) => Number.isFinite(t) && t > 0);

const outDir = mkdtempSync(path.join(tmpdir(), 'gs-browser-check-'));
const t0 = performance.now();
try {
  const bundle = await bundlePages({ outDir, source: process.argv.includes('--source') });
  check(
    'gradscope page bundled from the package entry point',
    /packages\/core\/(dist|src)\/index/.test(bundle.coreFrom),
    bundle.coreFrom,
  );
  const server = await serveBench(outDir);
  const browser = await launchChromium();
  try {
    const losses = new Map<string, number>();
    for (const name of BROWSER_PEERS) {
      let page: PeerPage;
      try {
        page = await PeerPage.open(browser, server.url, name, true);
      } catch (e) {
        check(`${name}: page starts`, false, e instanceof Error ? e.message : String(e));
        continue;
      }
      check(`${name}: page starts, cross-origin isolated`, page.info.crossOriginIsolated);
      const d = page.info.details;
      if (name === 'tfjs-wasm') {
        // Its thread count is reported, not checked: tfjs 4.22 caps it at half the cores
        // (tensorflow/tfjs#8513).
        check(
          'tfjs-wasm: SIMD and its threaded build',
          d.simd === true && d.multithread === true,
          JSON.stringify(d),
        );
      }
      if (name === 'tfjs-wasm-mt') {
        check(
          'tfjs-wasm-mt: SIMD, threaded build, one XNNPACK thread per core',
          d.simd === true && d.multithread === true && d.threads === page.info.hardwareConcurrency,
          JSON.stringify(d),
        );
      }
      const add = await page.request('add16 plain', TINY);
      check(
        `${name}: add16 timed`,
        finite(add),
        add.perCall?.map((t) => t.toExponential(2)).join(', '),
      );
      if (name === 'gradscope-wasm' || name === 'tfjs-wasm') {
        const mlp = await page.request('mlp deep', TINY);
        check(`${name}: deep MLP step timed`, finite(mlp));
        if (mlp.loss !== undefined) losses.set(name, mlp.loss);
      }
      await page.close();
    }
    const a = losses.get('gradscope-wasm');
    const b = losses.get('tfjs-wasm');
    check(
      'gradscope and tfjs-wasm: same first loss on the deep MLP',
      a !== undefined && b !== undefined && Math.abs(a - b) <= 1e-5 * Math.abs(b),
      `${a} vs ${b}`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
} catch (e) {
  check('harness runs', false, e instanceof Error ? e.message : String(e));
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
process.stdout.write(
  `(${((performance.now() - t0) / 1000).toFixed(1)} s)\n${passed} passed, ${failed} failed\n`,
);
process.exit(failed === 0 ? 0 : 1);
