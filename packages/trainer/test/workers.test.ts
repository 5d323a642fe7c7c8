// Worker-thread pools. The workers run the built package (dist/parallel-worker.js): build
// @gradscope/trainer first (`pnpm test` does).
import {
  conv2d,
  createRng,
  fastKernels,
  getKernels,
  matmul,
  noGrad,
  randn,
  setKernels,
  type Tensor,
} from '@gradscope/core';
import { afterAll, describe, expect, it } from 'vitest';
import { moons } from '../src/data/synthetic.js';
import { mlp } from '../src/modules/mlp.js';
import { Adagrad } from '../src/optim/adagrad.js';
import { Adam, AdamW } from '../src/optim/adam.js';
import type { Optimizer } from '../src/optim/optimizer.js';
import { RMSProp } from '../src/optim/rmsprop.js';
import { SGD } from '../src/optim/sgd.js';
import {
  createWorkerPool,
  fitWithWorkers,
  parallelConv2d,
  parallelMatmul,
  WorkerPool,
} from '../src/parallel/node-pool.js';
import { LocalPool, type ModelSource, WorkerError } from '../src/parallel/pool.js';
import type { Callback } from '../src/train/callback.js';
import { fit } from '../src/train/fit.js';

const factory = new URL('./fixtures/parallel-model.mjs', import.meta.url);
const spec = { inputSize: 2, hidden: [16, 16], outputSize: 2, activation: 'tanh', seed: 3 };
const bits = (ts: readonly Tensor[]) =>
  ts.map((t) => [...new Uint32Array(Float32Array.from(t.data).buffer)]);
const pools: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

/**
 * fit on 100 moons, batches of 20, 2 shards, on `pool`, worker 1 failing (`kind`: 'throw',
 * 'exit' or 'hang') at its call `call`.
 */
function fitFailing(
  pool: Awaited<ReturnType<typeof createWorkerPool>>,
  m: ReturnType<typeof mlp>,
  call: number,
  kind: string,
  callbacks: Callback[],
): Promise<unknown> {
  return fit(m, {
    data: moons({ n: 100, seed: 2 }),
    loss: 'crossEntropy',
    optimizer: new Adam(m.parameters(), { lr: 0.01 }),
    batchSize: 20,
    workers: pool,
    shards: 2,
    workerModel: { factory, args: { mlp: spec, fail: { worker: 1, call, kind } } },
    callbacks,
  });
}

async function train(
  workers: number,
  shards: number,
  source: ModelSource,
  epochs = 3,
  batchSize = 30,
  more: {
    callerComputes?: boolean;
    optimizer?: (ps: Tensor[]) => Optimizer;
    callbacks?: Callback[];
  } = {},
) {
  const pool = await createWorkerPool({
    workers,
    ...(more.callerComputes === undefined ? {} : { callerComputes: more.callerComputes }),
  });
  pools.push(pool);
  // How many steps' updates the pool applied itself (in the workers).
  let updated = 0;
  const compute = pool.computeShards.bind(pool);
  pool.computeShards = async (job) => {
    const r = await compute(job);
    if (r.updated === true) updated += 1;
    return r;
  };
  const m = mlp(spec);
  const optimizer = (more.optimizer ?? ((ps) => new Adam(ps, { lr: 0.01 })))(m.parameters());
  const history = await fit(m, {
    data: moons({ n: 100, seed: 2 }),
    loss: 'crossEntropy',
    optimizer,
    callbacks: more.callbacks ?? [],
    epochs,
    batchSize, // 30: the last batch of each epoch has 10 rows
    seed: 5,
    metrics: ['accuracy'],
    workers: pool,
    shards,
    workerModel: source,
  });
  await pool.close();
  return { m, history, optimizer, updated };
}

describe('WorkerPool', () => {
  it('2 and 3 workers give the bits of 1 worker (in process) with the same 4 shards', async () => {
    const one = await train(1, 4, { mlp: spec });
    const two = await train(2, 4, { mlp: spec });
    const three = await train(3, 4, { factory, args: { mlp: spec } });
    expect(bits(two.m.parameters())).toEqual(bits(one.m.parameters()));
    expect(bits(three.m.parameters())).toEqual(bits(one.m.parameters()));
    expect(two.history.epochs).toEqual(one.history.epochs);
    expect(three.history.epochs).toEqual(one.history.epochs);
  });

  it('with the caller computing worker 0 or not, and with 3 workers on 5 shards, the same bits', async () => {
    const one = await train(1, 5, { mlp: spec });
    const threads = await train(2, 5, { mlp: spec }, 3, 30, { callerComputes: false });
    const three = await train(3, 5, { mlp: spec }, 3, 30, { callerComputes: true });
    expect(bits(threads.m.parameters())).toEqual(bits(one.m.parameters()));
    expect(bits(three.m.parameters())).toEqual(bits(one.m.parameters()));
    expect(three.history.epochs).toEqual(one.history.epochs);
  });

  // From their second step, the workers apply these updates themselves, each on its range.
  const optimizers: Record<string, (ps: Tensor[]) => Optimizer> = {
    'SGD with momentum and weight decay': (ps) =>
      new SGD(ps, { lr: 0.05, momentum: 0.9, weightDecay: 1e-3 }),
    'plain SGD': (ps) => new SGD(ps, { lr: 0.05 }),
    'AdamW with amsgrad': (ps) => new AdamW(ps, { lr: 0.01, amsgrad: true }),
    'RMSProp centered with momentum': (ps) =>
      new RMSProp(ps, { lr: 0.01, centered: true, momentum: 0.5 }),
    Adagrad: (ps) => new Adagrad(ps, { lr: 0.05 }),
  };
  for (const [name, make] of Object.entries(optimizers))
    it(`${name}: 2 workers give the bits and the optimiser state of 1 worker`, async () => {
      const one = await train(1, 2, { mlp: spec }, 2, 30, { optimizer: make });
      const two = await train(2, 2, { mlp: spec }, 2, 30, { optimizer: make });
      expect(bits(two.m.parameters())).toEqual(bits(one.m.parameters()));
      expect(two.optimizer.stateDict()).toEqual(one.optimizer.stateDict());
      // Steps 2 to 8 were updated by the workers; the first created the state on the caller.
      expect([one.updated, two.updated]).toEqual([0, 7]);
    });

  it('an onAfterBackward callback sees the summed gradients (the update stays on the caller), same bits', async () => {
    const norms: number[][] = [[], []];
    const seen = (k: number): Callback => ({
      onAfterBackward: (_info, ctx) => {
        norms[k]?.push(ctx.model.parameters().reduce((a, p) => a + (p.grad?.sum().item() ?? 0), 0));
      },
    });
    const one = await train(1, 2, { mlp: spec }, 2, 30, { callbacks: [seen(0)] });
    const two = await train(2, 2, { mlp: spec }, 2, 30, { callbacks: [seen(1)] });
    expect(bits(two.m.parameters())).toEqual(bits(one.m.parameters()));
    expect(norms[1]).toEqual(norms[0]);
    expect(norms[0]?.length).toBe(8);
    expect(two.updated).toBe(0);
  });

  it('a last batch with fewer rows than shards (empty shards) gives the same bits too', async () => {
    const one = await train(1, 4, { mlp: spec }, 2, 33); // the last batch has 1 row
    const two = await train(2, 4, { mlp: spec }, 2, 33);
    expect(bits(two.m.parameters())).toEqual(bits(one.m.parameters()));
    expect(two.history.epochs).toEqual(one.history.epochs);
    expect(Number.isFinite(one.history.epochs[0]?.loss)).toBe(true);
  });

  it('fitWithWorkers makes and closes its own pool, with the same bits', async () => {
    const one = await train(1, 3, { mlp: spec });
    const m = mlp(spec);
    const history = await fitWithWorkers(m, {
      data: moons({ n: 100, seed: 2 }),
      loss: 'crossEntropy',
      optimizer: new Adam(m.parameters(), { lr: 0.01 }),
      epochs: 3,
      batchSize: 30,
      seed: 5,
      metrics: ['accuracy'],
      workers: 2,
      shards: 3,
      workerModel: { mlp: spec },
    });
    expect(bits(m.parameters())).toEqual(bits(one.m.parameters()));
    expect(history.epochs).toEqual(one.history.epochs);
    await expect(
      fitWithWorkers(m, { workers: 0 } as Parameters<typeof fitWithWorkers>[1]),
    ).rejects.toThrow(/workers must be a positive integer, got 0/);
  });

  it('one shard on 2 workers is bit-identical to plain fit', async () => {
    const par = await train(2, 1, { mlp: spec });
    const m = mlp(spec);
    const h = fit(m, {
      data: moons({ n: 100, seed: 2 }),
      loss: 'crossEntropy',
      optimizer: new Adam(m.parameters(), { lr: 0.01 }),
      epochs: 3,
      batchSize: 30,
      seed: 5,
      metrics: ['accuracy'],
    });
    expect(bits(par.m.parameters())).toEqual(bits(m.parameters()));
    expect(par.history.epochs).toEqual(h.epochs);
  });

  for (const kind of ['throw', 'exit'] as const) {
    it(`a worker that ${kind}s in step 3 fails the step naming it; no parameter changes`, async () => {
      const pool = await createWorkerPool({ workers: 2 });
      pools.push(pool);
      const m = mlp(spec);
      const after: number[][][] = [];
      const run = fitFailing(pool, m, 3, kind, [
        { onBatchEnd: () => after.push(bits(m.parameters())) },
      ]);
      const what = kind === 'throw' ? 'threw' : 'exited with code 7';
      await expect(run).rejects.toThrow(WorkerError);
      await expect(run).rejects.toThrow(
        new RegExp(`worker 1 of 2 ${what} during step 3 \\(epoch 1, batch 2\\)`),
      );
      const err = (await run.catch((e: unknown) => e)) as WorkerError;
      expect([err.worker, err.label]).toEqual([1, 'step 3 (epoch 1, batch 2)']);
      expect(after.length).toBe(2);
      expect(bits(m.parameters())).toEqual(after[1]);
      expect(m.parameters().every((p) => p.grad === null)).toBe(true);
      if (kind === 'exit')
        await expect(
          pool.computeShards({ label: 'later', x: randn([2, 2]), y: randn([2]), shards: [] }),
        ).rejects.toThrow(/worker 1 of 2 exited with code 7 .*create a new one/);
      await pool.close();
    });
  }

  it('a worker that hangs in step 3 fails the step after timeoutMs naming it; no parameter changes', async () => {
    const pool = await createWorkerPool({ workers: 2, timeoutMs: 1500 });
    pools.push(pool);
    const m = mlp(spec);
    const after: number[][][] = [];
    const t0 = Date.now();
    const run = fitFailing(pool, m, 3, 'hang', [
      { onBatchEnd: () => after.push(bits(m.parameters())) },
    ]);
    const err = (await run.catch((e: unknown) => e)) as WorkerError;
    expect(err).toBeInstanceOf(WorkerError);
    expect(err.message).toMatch(
      /worker 1 of 2 did not answer within 1500 ms during step 3 \(epoch 1, batch 2\)/,
    );
    expect([err.worker, err.label]).toEqual([1, 'step 3 (epoch 1, batch 2)']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500);
    expect(after.length).toBe(2);
    expect(bits(m.parameters())).toEqual(after[1]);
    await expect(
      pool.computeShards({ label: 'later', x: randn([2, 2]), y: randn([2]), shards: [] }),
    ).rejects.toThrow(/did not answer within 1500 ms .*create a new one/);
    await expect(createWorkerPool({ workers: 2, timeoutMs: -1 })).rejects.toThrow(
      /timeoutMs must be a number of milliseconds/,
    );
    await expect(
      createWorkerPool({ workers: 2, callerComputes: 'yes' as unknown as boolean }),
    ).rejects.toThrow(/callerComputes must be true or false, got .*yes/);
  });

  it('closing the pool during a step fails that step, naming it; no parameter changes', async () => {
    const pool = await createWorkerPool({ workers: 2 });
    pools.push(pool);
    const m = mlp(spec);
    const before: number[][] = [];
    const run = fitFailing(pool, m, 2, 'hang', [
      {
        onBatchEnd: () => {
          before.push(...bits(m.parameters()));
          setTimeout(() => void pool.close(), 300);
        },
      },
    ]);
    const err = (await run.catch((e: unknown) => e)) as WorkerError;
    expect(err).toBeInstanceOf(WorkerError);
    expect(err.message).toMatch(/the pool was closed during step 2 \(epoch 1, batch 1\)/);
    expect(bits(m.parameters()).flat()).toEqual(before.flat());
  });

  it('says what is wrong with a model source or a loss it cannot send', async () => {
    const pool = await createWorkerPool({ workers: 2 });
    pools.push(pool);
    const m = mlp(spec);
    const base = {
      data: moons({ n: 20 }),
      optimizer: new Adam(m.parameters()),
      workers: pool,
      shards: 2,
    };
    await expect(fit(m, { ...base, loss: 'crossEntropy' })).rejects.toThrow(
      /expected a model source/,
    );
    await expect(
      fit(m, { ...base, loss: (p: Tensor) => p.sum(), workerModel: { mlp: spec } }),
    ).rejects.toThrow(/expected the loss by name/);
    await expect(
      fit(m, {
        ...base,
        loss: 'crossEntropy',
        workerModel: { factory, exportName: 'notAFunction' },
      }),
    ).rejects.toThrow(
      /worker [01] of 2 threw during setup.*export a function 'notAFunction', got 42/,
    );
    await expect(
      fit(m, { ...base, loss: 'crossEntropy', workerModel: { mlp: { ...spec, hidden: [8] } } }),
    ).rejects.toThrow(/expected parameters 0.weight\[16,2\].* got 0.weight\[8,2\]/);
    await pool.close();
  });
});

describe('createWorkerPool without shared memory', () => {
  it('names the headers, or falls back to the in-process pool when asked', async () => {
    const g = globalThis as { crossOriginIsolated?: boolean };
    g.crossOriginIsolated = false;
    try {
      await expect(createWorkerPool({ workers: 2 })).rejects.toThrow(
        /Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp/,
      );
      expect(await createWorkerPool({ workers: 2, fallback: true })).toBeInstanceOf(LocalPool);
    } finally {
      delete g.crossOriginIsolated;
    }
  });
});

describe('parallelMatmul', () => {
  it('is bit-identical to matmul (float32 and float64, uneven rows; 2 and 3 workers; the caller computing or not)', async () => {
    for (const [workers, callerComputes] of [
      [2, true],
      [3, true],
      [2, false],
    ] as const) {
      const pool = await createWorkerPool({ workers, callerComputes });
      pools.push(pool);
      expect(pool).toBeInstanceOf(WorkerPool);
      for (const dtype of ['float32', 'float64'] as const) {
        // 301 rows: uneven blocks, whole 8-row panels but the last.
        const a = randn([301, 257], { dtype });
        const b = randn([257, 130], { dtype });
        const want = matmul(a, b);
        for (let call = 0; call < 3; call++) {
          const got = await parallelMatmul(a, b, pool);
          expect(got.shape).toEqual([301, 130]);
          expect(got.dtype).toBe(dtype);
          expect([...got.data]).toEqual([...want.data]);
        }
      }
      await expect(parallelMatmul(randn([3, 4]), randn([5, 2]), pool)).rejects.toThrow(
        /expected 2-D \[m, k\] and \[k, n\]/,
      );
      await pool.close();
    }
    const local = await createWorkerPool({ workers: 1 });
    expect(local).toBeInstanceOf(LocalPool);
  });
});

describe('parallelConv2d', () => {
  const rng = createRng(11);
  const same = (got: Tensor, want: Tensor) => {
    expect(got.shape).toEqual(want.shape);
    expect(got.dtype).toBe(want.dtype);
    expect(got.requiresGrad).toBe(false);
    expect([...got.data]).toEqual([...want.data]);
  };

  it('is bit-identical to conv2d (strides, padding, dilation, groups, bias; float32 and float64; 2 and 3 workers)', async () => {
    for (const workers of [2, 3]) {
      const pool = await createWorkerPool({ workers });
      pools.push(pool);
      for (const dtype of ['float32', 'float64'] as const) {
        // 5 images over 2 or 3 workers: uneven blocks.
        const x = randn([5, 6, 24, 26], { dtype, rng });
        const w = randn([8, 3, 3, 3], { dtype, rng });
        const b = randn([8], { dtype, rng });
        const options = { stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2 } as const;
        same(await parallelConv2d(x, w, b, options, pool), conv2d(x, w, b, options));
        const w1 = randn([8, 6, 3, 3], { dtype, rng });
        const same1 = { padding: 'same' } as const;
        same(await parallelConv2d(x, w1, same1, pool), conv2d(x, w1, same1));
        same(await parallelConv2d(x, w1, b, pool), conv2d(x, w1, b));
        same(await parallelConv2d(x, w1, pool), conv2d(x, w1));
      }
      await pool.close();
    }
  });

  it('splits on the kernels the caller uses (the TypeScript fast kernels too)', async () => {
    const before = getKernels();
    setKernels(fastKernels);
    try {
      const pool = await createWorkerPool({ workers: 2 });
      pools.push(pool);
      const x = randn([4, 8, 20, 20], { rng });
      const w = randn([8, 8, 3, 3], { rng });
      same(await parallelConv2d(x, w, { padding: 1 }, pool), conv2d(x, w, { padding: 1 }));
      await pool.close();
    } finally {
      setKernels(before);
    }
  });

  it('runs on the threads when the batch is large enough, on the caller when not', async () => {
    const pool = await createWorkerPool({ workers: 2 });
    const x = randn([4, 8, 20, 20], { rng });
    const w = randn([8, 8, 3, 3], { rng });
    await pool.close();
    // A closed pool's threads cannot answer: the split conv says so, the small ones never ask.
    await expect(parallelConv2d(x, w, pool)).rejects.toThrow(/closed/);
    const one = randn([1, 8, 20, 20], { rng });
    same(await parallelConv2d(one, w, pool), conv2d(one, w));
    const unbatched = randn([8, 20, 20], { rng });
    same(await parallelConv2d(unbatched, w, pool), conv2d(unbatched, w));
    const none = randn([0, 8, 3, 3], { rng }); // no output channels: nothing to split
    same(await parallelConv2d(x, none, pool), conv2d(x, none));
  });

  it('checks its arguments as conv2d does, before any thread is asked', async () => {
    const pool = await createWorkerPool({ workers: 2 });
    pools.push(pool);
    const x = randn([4, 8, 20, 20]);
    await expect(parallelConv2d(x, randn([8, 3, 3, 3]), pool)).rejects.toThrow(
      /conv2d: channel mismatch/,
    );
    await expect(parallelConv2d(x, randn([8, 8, 3, 3]), { padding: -1 }, pool)).rejects.toThrow(
      /padding/,
    );
    await expect(
      parallelConv2d(x, randn([8, 8, 3, 3]), [1, 2] as unknown as Tensor, {}, pool),
    ).rejects.toThrow(/expected the bias as a Tensor or null, got \[1,2\]/);
    await expect(
      parallelConv2d(x, randn([8, 8, 3, 3]), [1, 2] as unknown as Tensor, pool),
    ).rejects.toThrow(/conv2d: expected an options object, got \[1,2\]/);
    await expect(
      parallelConv2d(x, randn([8, 8, 3, 3]), {} as unknown as LocalPool),
    ).rejects.toThrow(/expected a pool from createWorkerPool as the last argument, got/);
    const local = await createWorkerPool({ workers: 1 });
    const w = randn([8, 8, 3, 3]);
    same(
      await parallelConv2d(x, w, { stride: 2 }, local),
      noGrad(() => conv2d(x, w, { stride: 2 })),
    );
    await pool.close();
  });
});
