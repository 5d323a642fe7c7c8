/**
 * Data parallelism on worker threads (issue 18), 1 vs 2 workers interleaved in one run:
 * - the wide MLP (784-128-128-10, batch 256, Adam) trained by `fit`: plain (serial), the
 *   in-process pool with 2 shards, and a 2-worker pool with the same 2 shards (bit-identical
 *   to the in-process pool; checked here too);
 * - a 1024 x 1024 x 1024 float32 matmul: `matmul` vs `parallelMatmul` on 2 workers (bits checked);
 * - the conv2d of BENCHMARKS.md's convolution table ([32, 16, 28, 28] * 16 3 x 3 filters,
 *   padding 1): `conv2d` vs `parallelConv2d` on 2 workers (bits checked).
 * After `--warmup` epochs of each `fit` variant (until the JIT settles), each round times every
 * variant once, in turn; medians over rounds and the ratios are printed, then every step's time
 * of 4 more epochs on 1 and 2 workers (median, 90th percentile, mean), with `nproc` and the load
 * average (other work on the machine shares its cores).
 *
 *   pnpm exec turbo run build --filter=@gradscope/trainer...   # the workers run the built package
 *   cd tools/bench && pnpm exec tsx src/parallel.ts [--rounds 7] [--steps 16] [--batch 256] [--warmup 8]
 */
import { availableParallelism, loadavg } from 'node:os';
import { conv2d, matmul, noGrad, randn, type Tensor, tensor } from '@gradscope/core';
import {
  Adam,
  type Callback,
  Dataset,
  fit,
  mlp,
  type ShardPool,
  shardBounds,
} from '@gradscope/trainer';
import { createWorkerPool, parallelConv2d, parallelMatmul } from '@gradscope/trainer/node';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
};
const ROUNDS = arg('rounds', 7);
const STEPS = arg('steps', 16);
const BATCH = arg('batch', 256);
/** Epochs of each variant before the timed rounds. */
const WARMUP = arg('warmup', 8);
const spec = { inputSize: 784, hidden: [128, 128], outputSize: 10, seed: 1 };

const x = randn([BATCH * STEPS, 784]);
const y = tensor(Array.from({ length: BATCH * STEPS }, (_, i) => (i * 7) % 10));
const data = new Dataset(x, y);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
const bits = (ts: readonly Tensor[]) =>
  ts.flatMap((t) => [...new Uint32Array(Float32Array.from(t.data).buffer)]);

type Pool = Awaited<ReturnType<typeof createWorkerPool>>;

/** The options of every `fit` here: one epoch of the wide MLP `m`, Adam, batches in order. */
const fitOptions = (m: ReturnType<typeof mlp>) => ({
  data,
  loss: 'crossEntropy',
  optimizer: new Adam(m.parameters(), { lr: 1e-3 }),
  batchSize: BATCH,
  shuffle: false,
});

/** `fit` of the wide MLP `m` on `pool` with 2 shards, and `callbacks`. */
async function fitOn(pool: Pool, m: ReturnType<typeof mlp>, callbacks: Callback[] = []) {
  await fit(m, {
    ...fitOptions(m),
    workers: pool,
    shards: 2,
    workerModel: { mlp: spec },
    callbacks,
  });
}

/** ms per step of one epoch of `fit` (STEPS batches), and the trained parameters' bits. */
async function timeFit(pool: Pool | null): Promise<{ ms: number; bits: number[] }> {
  const m = mlp(spec);
  const t0 = performance.now();
  if (pool === null) fit(m, fitOptions(m));
  else await fitOn(pool, m);
  return { ms: (performance.now() - t0) / STEPS, bits: bits(m.parameters()) };
}

/**
 * One wide-MLP step on the 2-worker pool as `fit` runs it (the optimiser given, so that the
 * workers sum and update): the pool's part and the slower shard's own forward and backward
 * (ms, medians over 40 steps).
 */
/**
 * Every step's time of `epochs` epochs of `fit` on `pool` (from one `onBatchEnd` to the next, the
 * first epoch's first step left out): the spread that a mean per step hides.
 */
async function stepTimes(pool: Pool, epochs: number): Promise<number[]> {
  const times: number[] = [];
  for (let e = 0; e < epochs; e++) {
    let last = 0;
    await fitOn(pool, mlp(spec), [
      {
        // It reads no batch: fit copies none for it, as in the epochs timed without callbacks.
        keepsBatch: false,
        onBatchEnd: () => {
          const now = performance.now();
          if (last > 0) times.push(now - last);
          last = now;
        },
      },
    ]);
  }
  return times;
}

async function phases(pool: ShardPool): Promise<Record<string, number>> {
  const m = mlp(spec);
  const optimizer = new Adam(m.parameters(), { lr: 1e-3 });
  await pool.prepare(m, { loss: 'crossEntropy', shards: 2, model: { mlp: spec } });
  const bx = tensor(x.data.slice(0, BATCH * 784), { shape: [BATCH, 784] });
  const by = tensor(y.data.slice(0, BATCH), { shape: [BATCH] });
  const job = { label: 'phases', x: bx, y: by, shards: shardBounds(BATCH, 2), optimizer };
  const t: Record<string, number[]> = { pool: [], shard: [] };
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    const { outputs, updated } = await pool.computeShards(job);
    const t1 = performance.now();
    if (!updated) optimizer.step(); // the first step runs on the caller (it creates the state)
    if (i >= 10) {
      t.pool?.push(t1 - t0);
      t.shard?.push(Math.max(...outputs.map((o) => o.ms)));
    }
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
}

async function main(): Promise<void> {
  const local = await createWorkerPool({ workers: 1 });
  const two = await createWorkerPool({ workers: 2 });
  const a = randn([1024, 1024]);
  const b = randn([1024, 1024]);
  const cx = randn([32, 16, 28, 28]);
  const cw = randn([16, 16, 3, 3]);
  const conv = { padding: 1 };
  const t: Record<string, number[]> = {
    plain: [],
    local: [],
    two: [],
    mm1: [],
    mm2: [],
    cv1: [],
    cv2: [],
  };
  let identical = true;
  // Warm-up (worker start, replicas, and the JIT: V8 keeps compiling functions as they get hot
  // for some 500 steps, on background threads that the two workers' cores also run).
  for (let e = 0; e < WARMUP; e++) {
    await timeFit(local);
    await timeFit(two);
    timeFit(null);
  }
  await parallelMatmul(a, b, two);
  for (let i = 0; i < 5; i++) await parallelConv2d(cx, cw, conv, two);
  for (let r = 0; r < ROUNDS; r++) {
    t.plain?.push((await timeFit(null)).ms);
    const l = await timeFit(local);
    const w = await timeFit(two);
    t.local?.push(l.ms);
    t.two?.push(w.ms);
    identical &&= l.bits.length === w.bits.length && l.bits.every((v, i) => v === w.bits[i]);
    let t0 = performance.now();
    const c1 = matmul(a, b);
    t.mm1?.push(performance.now() - t0);
    t0 = performance.now();
    const c2 = await parallelMatmul(a, b, two);
    t.mm2?.push(performance.now() - t0);
    identical &&= c1.data.every((v, i) => Object.is(v, c2.data[i]));
    // Convolutions take a few ms: the median of 9 calls is one round's figure.
    const cv1: number[] = [];
    const cv2: number[] = [];
    let y1: Tensor | null = null;
    let y2: Tensor | null = null;
    for (let i = 0; i < 9; i++) {
      t0 = performance.now();
      y1 = noGrad(() => conv2d(cx, cw, conv));
      cv1.push(performance.now() - t0);
      t0 = performance.now();
      y2 = await parallelConv2d(cx, cw, conv, two);
      cv2.push(performance.now() - t0);
    }
    t.cv1?.push(median(cv1));
    t.cv2?.push(median(cv2));
    identical &&= y1 !== null && y2 !== null && y1.data.every((v, i) => Object.is(v, y2?.data[i]));
  }
  const spread = { one: await stepTimes(local, 4), two: await stepTimes(two, 4) };
  const ph = await phases(two);
  await two.close();
  const med = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)])) as Record<
    string,
    number
  >;
  const f = (v: number) => v.toFixed(2);
  console.log(
    `nproc ${availableParallelism()}, load average ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}, ${WARMUP} warm-up epochs of each, then ${ROUNDS} rounds interleaved, medians`,
  );
  console.log(`wide MLP 784-128-128-10, batch ${BATCH}, Adam, ${STEPS} steps per sample:`);
  console.log(`  plain fit                    ${f(med.plain as number)} ms/step`);
  console.log(`  1 worker (in process), 2 shards ${f(med.local as number)} ms/step`);
  console.log(`  2 workers, 2 shards           ${f(med.two as number)} ms/step`);
  console.log(
    `  speed-up 2 workers vs 1 worker ${f((med.local as number) / (med.two as number))}x, vs plain fit ${f((med.plain as number) / (med.two as number))}x`,
  );
  console.log(
    `  2-worker step: in the pool ${f(ph.pool as number)} ms (median of pool.computeShards called in a loop of its own: the slower shard's forward and backward ${f(ph.shard as number)} ms; the rest waits at the barrier, sums and updates in chunks, messages); the epoch's mean step is ${f((med.two as number) - (ph.pool as number))} ms longer: fit's loop around the pool and the slow steps`,
  );
  const p90 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length * 0.9)] as number;
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  console.log(
    `  step by step (4 epochs each, timed between onBatchEnd calls): 1 worker median ${f(median(spread.one))}, p90 ${f(p90(spread.one))}, mean ${f(mean(spread.one))} ms; 2 workers median ${f(median(spread.two))}, p90 ${f(p90(spread.two))}, mean ${f(mean(spread.two))} ms; 2 vs 1 worker by medians ${f(median(spread.one) / median(spread.two))}x, by means ${f(mean(spread.one) / mean(spread.two))}x`,
  );
  console.log('matmul 1024 x 1024 x 1024 float32:');
  console.log(`  single-threaded ${f(med.mm1 as number)} ms, 2 workers ${f(med.mm2 as number)} ms`);
  console.log(`  speed-up ${f((med.mm1 as number) / (med.mm2 as number))}x`);
  console.log('conv2d [32, 16, 28, 28] * 16 3 x 3 filters, padding 1, float32:');
  console.log(`  single-threaded ${f(med.cv1 as number)} ms, 2 workers ${f(med.cv2 as number)} ms`);
  console.log(`  speed-up ${f((med.cv1 as number) / (med.cv2 as number))}x`);
  console.log(`bit-identical (training 1 vs 2 workers, matmul, conv2d): ${identical}`);
}

await main();
