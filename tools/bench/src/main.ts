/**
 * `pnpm bench [--quick] [--write]`: gradscope (reference, tuned-TypeScript and WebAssembly SIMD
 * kernels) side by side with TensorFlow.js (cpu, wasm) and js-pytorch, same inputs, in one run.
 * The full run writes BENCHMARKS.md at the repository root; `--quick` (< 1 minute) prints only,
 * unless `--write` is also given.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastKernels } from '../../../packages/core/src/kernels/fast.js';
import { referenceKernels } from '../../../packages/core/src/kernels/reference.js';
import { createWasmKernels } from '../../../packages/core/src/kernels/wasm/wasm-kernels.js';
import { DEEP, type MlpConfig, WIDE } from './data.js';
import { type MeasureOptions, measure } from './measure.js';
import { gradscopePeer } from './peers/gradscope.js';
import { jsPytorchPeer } from './peers/jspytorch.js';
import type { Peer } from './peers/peer.js';
import { tfjsPeer } from './peers/tfjs.js';
import { DEEP_KERNEL_ROW, type MemoryResult, type Results, renderReport } from './report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const quick = process.argv.includes('--quick');
const write = !quick || process.argv.includes('--write');
const opts: MeasureOptions = quick
  ? { warmupMs: 50, sampleMs: 30, samples: 5 }
  : { warmupMs: 300, sampleMs: 150, samples: 9 };

function pkgVersion(name: string): string {
  // Read from node_modules directly: not every package exports ./package.json.
  const p = path.join(here, '..', 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(p, 'utf8')) as { version: string }).version;
}

const coreVersion = (
  JSON.parse(readFileSync(path.join(root, 'packages/core/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const wasm = createWasmKernels();
if (wasm === null) throw new Error('bench: this runtime has no WebAssembly SIMD');
const peers: Peer[] = [
  // The gradscope variants share one JIT state; the one the targets use is measured first in
  // each case, as a user with one backend would run it.
  gradscopePeer('gradscope-wasm', wasm, `@gradscope/core ${coreVersion}`),
  gradscopePeer('gradscope-fast', fastKernels, `@gradscope/core ${coreVersion}`),
  gradscopePeer('gradscope-reference', referenceKernels, `@gradscope/core ${coreVersion}`),
  tfjsPeer('cpu'),
  tfjsPeer('wasm'),
  jsPytorchPeer(pkgVersion('js-pytorch')),
];

/** Sizes each peer may take at most, so the run stays within its time budget. */
const matmulCap: Record<string, number> = quick
  ? { 'gradscope-reference': 256, 'js-pytorch': 128, 'tfjs-cpu': 256, 'gradscope-fast': 512 }
  : { 'gradscope-reference': 512, 'js-pytorch': 256, 'tfjs-cpu': 512 };
const sizes = [64, 128, 256, 512, 1024];

const results: Results = { matmul: {}, add: {}, mlp: {}, loss: {} };
function put(t: Record<string, Record<string, number>>, row: string, col: string, v: number): void {
  const r = t[row] ?? {};
  r[col] = v;
  t[row] = r;
}
const log = (s: string) => process.stderr.write(`${s}\n`);

async function cell(
  peer: Peer,
  build: () => { run: () => void; ops: number } | null,
): Promise<number | null> {
  await peer.activate();
  const b = build();
  if (b === null) return null;
  const m = measure(b.run, opts);
  peer.cleanup();
  return m.median / b.ops;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  for (const n of sizes) {
    for (const p of peers) {
      if (n > (matmulCap[p.name] ?? Number.POSITIVE_INFINITY)) continue;
      const ms = await cell(p, () => {
        const f = p.matmul(n);
        return f === null ? null : { run: f, ops: 1 };
      });
      if (ms === null) continue;
      const gflops = (2 * n ** 3) / (ms * 1e6);
      put(results.matmul, String(n), p.name, gflops);
      log(`matmul n=${n} ${p.name}: ${gflops.toFixed(2)} GFLOP/s`);
    }
  }
  for (const recording of [false, true]) {
    const key = recording ? 'recorded' : 'plain';
    for (const p of peers) {
      const ms = await cell(p, () => p.add16(recording));
      if (ms === null) continue;
      put(results.add, key, p.name, ms * 1000);
      log(`add16 ${key} ${p.name}: ${(ms * 1000).toFixed(3)} µs`);
    }
  }
  for (const cfg of [WIDE, DEEP] as MlpConfig[]) {
    for (const p of peers) {
      await p.activate();
      const b = p.mlpStep(cfg);
      if (b === null) continue;
      b.step();
      put(results.loss, cfg.name, p.name, b.loss());
      const slow = p.name === 'js-pytorch' || p.name === 'gradscope-reference';
      const m = measure(b.step, slow ? { ...opts, samples: quick ? 3 : 5, warmupMs: 0 } : opts);
      p.cleanup();
      put(results.mlp, cfg.name, p.name, 1000 / m.median);
      log(`mlp ${cfg.name} ${p.name}: ${(1000 / m.median).toFixed(1)} steps/s`);
    }
  }
  // gradscope only: "deep" with the tanh forward on core's float32 kernel instead of Math.tanh.
  for (const p of peers.filter((q) => q.name.startsWith('gradscope-'))) {
    await p.activate();
    const b = p.mlpStep({ ...DEEP, tanh: 'kernel' });
    if (b === null) continue;
    const m = measure(b.step, p.name === 'gradscope-reference' ? { ...opts, samples: 3 } : opts);
    put(results.mlp, DEEP_KERNEL_ROW, p.name, 1000 / m.median);
    log(`mlp deep, tanh kernel ${p.name}: ${(1000 / m.median).toFixed(1)} steps/s`);
  }
  const memory: MemoryResult[] = [];
  const memRuns: Array<[string, number]> = quick
    ? [['deep', 5000]]
    : [
        ['deep', 5000],
        ['wide', 5000],
      ];
  for (const [cfg, steps] of memRuns) {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', path.join(here, 'memory-child.ts'), cfg, String(steps)],
      { cwd: path.resolve(here, '..'), encoding: 'utf8' },
    );
    const r = JSON.parse(out.trim().split('\n').pop() as string) as MemoryResult;
    memory.push(r);
    log(
      `memory ${cfg}: RSS +${((r.rssAfter - r.rssBefore) / 2 ** 20).toFixed(2)} MB over ${steps} steps`,
    );
  }
  const seconds = (performance.now() - t0) / 1000;
  const report = renderReport(results, memory, {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    versions: [
      `@gradscope/core ${coreVersion} (working tree, kernels: reference, fast, wasm-simd)`,
      `@tensorflow/tfjs ${pkgVersion('@tensorflow/tfjs')}`,
      `@tensorflow/tfjs-backend-wasm ${pkgVersion('@tensorflow/tfjs-backend-wasm')}`,
      `@tensorflow/tfjs-backend-cpu ${pkgVersion('@tensorflow/tfjs-backend-cpu')}`,
      `js-pytorch ${pkgVersion('js-pytorch')}`,
    ],
    mode: quick ? 'quick' : 'full',
    opts,
    seconds,
  });
  process.stdout.write(report);
  if (write) {
    writeFileSync(path.join(root, 'BENCHMARKS.md'), report);
    log(`wrote ${path.join(root, 'BENCHMARKS.md')}`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
