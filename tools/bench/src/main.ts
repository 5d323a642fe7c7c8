/**
 * `pnpm bench [--quick] [--write]`: gradscope (reference, tuned-TypeScript and WebAssembly SIMD
 * kernels) side by side with TensorFlow.js (cpu, wasm) and js-pytorch, same inputs, in one run.
 * The full run writes BENCHMARKS.md at the repository root; `--quick` (< 1 minute) prints only,
 * unless `--write` is also given.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cellSpecs, SLOW_PEERS } from './cells.js';
import { withKeptSections } from './kept.js';
import { type MeasureOptions, median } from './measure.js';
import { PEER_NAMES, type PeerName } from './peers/make.js';
import { type MemoryResult, type Results, renderReport } from './report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const quick = process.argv.includes('--quick');
const write = !quick || process.argv.includes('--write');
const opts: MeasureOptions = quick
  ? { warmupMs: 150, sampleMs: 30, samples: 5 }
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
const specs = cellSpecs(quick);
const results: Results = { matmul: {}, add: {}, mlp: {}, conv: {}, cnn: {}, loss: {} };
function put(t: Record<string, Record<string, number>>, row: string, col: string, v: number): void {
  const r = t[row] ?? {};
  r[col] = v;
  t[row] = r;
}
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Reply {
  key: string;
  skipped?: boolean;
  perCall?: number[];
  calls?: number;
  ops?: number;
  loss?: number;
}

/** A peer's own process (see peer-process.ts), answering one request at a time. */
class PeerProcess {
  private readonly child: ChildProcess;
  private waiting: ((r: Reply) => void) | null = null;
  constructor(readonly name: PeerName) {
    this.child = fork(
      path.join(here, 'peer-process.ts'),
      [name, quick ? 'quick' : 'full', coreVersion, pkgVersion('js-pytorch')],
      { cwd: path.resolve(here, '..'), execArgv: ['--import', 'tsx'], stdio: 'inherit' },
    );
    this.child.on('message', (m: Reply) => {
      const w = this.waiting;
      this.waiting = null;
      w?.(m);
    });
    this.child.on('exit', (code) => {
      if (this.waiting !== null) throw new Error(`bench: ${name} exited (${code}) mid-request`);
    });
  }
  request(key: string, opts: MeasureOptions): Promise<Reply> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.child.send({ key, opts });
    });
  }
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ done: true });
    });
  }
}

/**
 * Every peer runs in its own process (its own JIT, as a user with one backend), one process
 * measuring at a time. Every round visits every case: each peer warms up on it, then the peers
 * take their samples in turn, one sample each (the slowest peers take theirs in their warm-up
 * visit). So each figure is a median over samples spread across the whole run, and the samples
 * of two peers compared in a ratio are never more than a few hundred ms apart: on a machine
 * whose speed changes from second to second, load that comes and goes hits all peers alike
 * instead of whichever was running at the time.
 */
async function measureAll(): Promise<void> {
  const procs = PEER_NAMES.map((n) => new PeerProcess(n));
  const samples = new Map<string, number[]>();
  const rounds = quick ? 1 : 3;
  const perRound: MeasureOptions = {
    ...opts,
    samples: Math.ceil(opts.samples / rounds),
    warmupMs: opts.warmupMs / rounds,
  };
  const skipped = new Set<string>();
  const record = (cell: string, reply: Reply) => {
    const list = samples.get(cell) ?? [];
    for (const t of reply.perCall ?? []) list.push(t / (reply.ops ?? 1));
    samples.set(cell, list);
  };
  for (let r = 0; r < rounds; r++) {
    for (const spec of specs) {
      // Warm-up visits: every peer warms up and calibrates its calls per sample. The slowest
      // peers take their (fewer) samples here; their warm-up is as short as the others' (at
      // least two calls).
      const inTurn: Array<[PeerProcess, number]> = [];
      for (const p of procs) {
        const cell = `${spec.key}|${p.name}`;
        if (!spec.applies(p.name) || skipped.has(cell)) continue;
        const slow = SLOW_PEERS.has(p.name);
        const reply = await p.request(spec.key, {
          ...perRound,
          samples: slow ? (quick ? 3 : 2) : 0,
        });
        if (reply.skipped) {
          skipped.add(cell);
          continue;
        }
        if (reply.loss !== undefined && (spec.table === 'mlp' || spec.table === 'cnn'))
          put(results.loss, spec.row, p.name, reply.loss);
        if (slow) record(cell, reply);
        else inTurn.push([p, reply.calls ?? 1]);
      }
      // Then one sample per peer in turn.
      for (let s = 0; s < perRound.samples; s++) {
        for (const [p, calls] of inTurn) {
          const reply = await p.request(spec.key, { ...perRound, samples: 1, calls });
          record(`${spec.key}|${p.name}`, reply);
        }
      }
    }
    log(`round ${r + 1}/${rounds} done`);
  }
  for (const spec of specs) {
    for (const p of procs) {
      const list = samples.get(`${spec.key}|${p.name}`);
      if (list === undefined || list.length === 0) continue;
      const v = spec.figure(median(list));
      put(results[spec.table], spec.row, p.name, v);
      log(`${spec.key} ${p.name}: ${v.toFixed(3)}`);
    }
  }
  await Promise.all(procs.map((p) => p.close()));
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
    const file = path.join(root, 'BENCHMARKS.md');
    writeFileSync(
      file,
      withKeptSections(report, existsSync(file) ? readFileSync(file, 'utf8') : null),
    );
    log(`wrote ${path.join(root, 'BENCHMARKS.md')}`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
