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
import { type MeasureOptions, measure, median } from './measure.js';
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

/** One measured figure: a case run by one peer, built once and sampled in every round. */
interface Cell {
  readonly peer: Peer;
  readonly label: string;
  /** Builds the timed call (once, on first use); null when the peer skips this case. */
  readonly build: () => { run: () => void; ops: number } | null;
  /** Converts the median ms per op to the reported figure. */
  readonly figure: (ms: number) => number;
  readonly record: (v: number) => void;
  readonly slow?: boolean;
  built?: { run: () => void; ops: number } | null;
  samples: number[];
}

const cells: Cell[] = [];
function addCell(c: Omit<Cell, 'samples'>): void {
  cells.push({ ...c, samples: [] });
}

for (const n of sizes) {
  for (const p of peers) {
    if (n > (matmulCap[p.name] ?? Number.POSITIVE_INFINITY)) continue;
    addCell({
      peer: p,
      label: `matmul n=${n}`,
      build: () => {
        const f = p.matmul(n);
        return f === null ? null : { run: f, ops: 1 };
      },
      figure: (ms) => (2 * n ** 3) / (ms * 1e6),
      record: (v) => put(results.matmul, String(n), p.name, v),
    });
  }
}
for (const recording of [false, true]) {
  const key = recording ? 'recorded' : 'plain';
  for (const p of peers) {
    addCell({
      peer: p,
      label: `add16 ${key}`,
      build: () => p.add16(recording),
      figure: (ms) => ms * 1000,
      record: (v) => put(results.add, key, p.name, v),
    });
  }
}
const mlpCases: Array<[string, MlpConfig, (p: Peer) => boolean]> = [
  ['wide', WIDE, () => true],
  ['deep', DEEP, () => true],
  // gradscope only: "deep" with the tanh forward on core's float32 kernels instead of Math.tanh.
  [DEEP_KERNEL_ROW, { ...DEEP, tanh: 'kernel' }, (p) => p.name.startsWith('gradscope-')],
];
for (const [row, cfg, applies] of mlpCases) {
  for (const p of peers.filter(applies)) {
    addCell({
      peer: p,
      label: `mlp ${row}`,
      build: () => {
        const b = p.mlpStep(cfg);
        if (b === null) return null;
        b.step();
        if (row === cfg.name) put(results.loss, cfg.name, p.name, b.loss());
        return { run: b.step, ops: 1 };
      },
      figure: (ms) => 1000 / ms,
      record: (v) => put(results.mlp, row, p.name, v),
      slow: p.name === 'js-pytorch' || p.name === 'gradscope-reference',
    });
  }
}

/**
 * Every round visits every cell (peers of one case back to back) and adds samples, so each
 * figure is a median over samples spread across the whole run: on a shared machine, load that
 * comes and goes then hits all peers alike instead of whichever was running at the time.
 */
async function measureAll(): Promise<void> {
  const rounds = quick ? 1 : 3;
  const perRound: MeasureOptions = {
    ...opts,
    samples: Math.ceil(opts.samples / rounds),
    warmupMs: opts.warmupMs / rounds,
  };
  for (let r = 0; r < rounds; r++) {
    for (const c of cells) {
      await c.peer.activate();
      if (c.built === undefined) c.built = c.build();
      if (c.built === null) continue;
      const o = c.slow ? { ...perRound, samples: quick ? 3 : 2, warmupMs: 0 } : perRound;
      const m = measure(c.built.run, o);
      for (const t of m.perCall) c.samples.push(t / c.built.ops);
    }
    log(`round ${r + 1}/${rounds} done`);
  }
  for (const c of cells) {
    if (c.samples.length === 0) continue;
    const v = c.figure(median(c.samples));
    c.record(v);
    log(`${c.label} ${c.peer.name}: ${v.toFixed(3)}`);
  }
  for (const p of peers) p.cleanup();
}

async function main(): Promise<void> {
  const t0 = performance.now();
  await measureAll();
  const memory: MemoryResult[] = [];
  const memRuns: Array<[string, number]> = quick
    ? [['deep', 5000]]
    : [
        ['deep', 5000],
        ['wide', 5000],
      ];
  // Each child run is one sample; the full run reports the median of three children (all three
  // are listed). The young generation is pinned at 16 MB (as tools/reliability/soak.ts does):
  // otherwise V8 grows it to 32 MB mid-run, a ~10-20 MB RSS step that is heap sizing, not a leak.
  const repeats = quick ? 1 : 3;
  const nursery = ['--min-semi-space-size=16', '--max-semi-space-size=16'];
  for (const [cfg, steps] of memRuns) {
    const runs: MemoryResult[] = [];
    for (let r = 0; r < repeats; r++) {
      const out = execFileSync(
        process.execPath,
        [
          '--expose-gc',
          ...nursery,
          '--import',
          'tsx',
          path.join(here, 'memory-child.ts'),
          cfg,
          String(steps),
        ],
        { cwd: path.resolve(here, '..'), encoding: 'utf8' },
      );
      runs.push(JSON.parse(out.trim().split('\n').pop() as string) as MemoryResult);
    }
    const growth = (m: MemoryResult) => m.rssAfter - m.rssBefore;
    runs.sort((a, b) => growth(a) - growth(b));
    const mid = runs[runs.length >> 1] as MemoryResult;
    memory.push({ ...mid, allGrowths: runs.map(growth) });
    log(
      `memory ${cfg}: RSS growth ${runs.map((m) => (growth(m) / 2 ** 20).toFixed(2)).join(', ')} MB over ${steps} steps`,
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
