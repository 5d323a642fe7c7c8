/**
 * The fused multiply–add gemm against the default one in headless Chromium (relaxed SIMD is on
 * there by default): the same measurement as packages/core's `fma-gemm.bench.ts` under Node,
 * bundled from the working tree's sources and run in one page.
 *
 *   pnpm --filter @gradscope/bench bench:fma-browser [sizes] [rounds]
 *
 * (sizes default 256,512,1024; rounds default 21.) Prints each row as it is measured, then the
 * table, headed by the browser's version.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './bundle.js';
import { launchChromium } from './chromium.js';
import { serveBench } from './server.js';

type Global = { gsFma: (sizes: number[], rounds: number) => string };

const sizes = (process.argv[2] ?? '256,512,1024').split(',').map(Number);
const rounds = Number(process.argv[3] ?? 21);
const outDir = mkdtempSync(path.join(tmpdir(), 'gs-fma-'));
try {
  const bench = path.join(repoRoot, 'packages/core/src/kernels/wasm/fma-gemm.bench.ts');
  await build({
    stdin: {
      contents: `import { fusedGemmBench } from ${JSON.stringify(bench)};
        globalThis.gsFma = (sizes, rounds) => fusedGemmBench(sizes, rounds, (l) => console.log(l));`,
      resolveDir: repoRoot,
      loader: 'ts',
    },
    outfile: path.join(outDir, 'fma.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
    tsconfigRaw: { compilerOptions: { target: 'es2022' } },
  });
  const server = await serveBench(outDir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.on('console', (m) => console.log(m.text()));
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${server.url}/?page=fma`, { waitUntil: 'load' });
    await page.waitForFunction(() => 'gsFma' in globalThis, undefined, { timeout: 30_000 });
    const table = await page.evaluate(([s, r]) => (globalThis as unknown as Global).gsFma(s, r), [
      sizes,
      rounds,
    ] as const);
    console.log(`\nChromium ${browser.version()}\n\n${table}`);
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
