import { ArgumentError, randn, type Tensor, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { DataLoader } from '../data/loader.js';
import { moons } from '../data/synthetic.js';
import { crossEntropy } from '../losses.js';
import { mlp } from '../modules/mlp.js';
import { Adam } from '../optim/adam.js';
import type { Callback } from '../train/callback.js';
import { fit } from '../train/fit.js';
import { ProgressBar } from '../train/logging.js';
import { checkSharedMemory, LocalPool, WorkerError } from './pool.js';
import { paramLayout, reduceShards, shardBounds } from './shards.js';

const bits = (ts: readonly Tensor[]) =>
  ts.map((t) => [...new Uint32Array(Float32Array.from(t.data).buffer)]);

function train(workers: 1 | undefined, shards: number, epochs = 2) {
  const m = mlp({ inputSize: 2, hidden: [16, 16], outputSize: 2, activation: 'tanh', seed: 3 });
  const opts = {
    data: moons({ n: 90, seed: 2 }),
    loss: 'crossEntropy',
    optimizer: new Adam(m.parameters(), { lr: 0.01 }),
    epochs,
    batchSize: 32,
    seed: 5,
  };
  return {
    m,
    run:
      workers === undefined ? Promise.resolve(fit(m, opts)) : fit(m, { ...opts, workers, shards }),
  };
}

describe('shardBounds', () => {
  it('cuts rows into contiguous shards covering every row once, empty ones when rows < shards', () => {
    expect(shardBounds(10, 3)).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 6 },
      { start: 6, end: 10 },
    ]);
    expect(shardBounds(2, 4).map((b) => b.end - b.start)).toEqual([0, 1, 0, 1]);
    expect(() => shardBounds(4, 0)).toThrow(/shards must be a positive integer, got 0/);
  });
});

describe('reduceShards', () => {
  it('one shard gives its gradient bit for bit (also -0); weights are rows / total', () => {
    const g = new Float32Array([-0, 1.5, Math.fround(0.1)]);
    const out = new Float32Array(3);
    reduceShards(g, [7], 3, out);
    expect(Object.is(out[0], -0)).toBe(true);
    expect([...out]).toEqual([...g]);
    // Two shards of 1 and 3 rows: 0.25·a + 0.75·b.
    const two = new Float32Array([4, 8, 0, 0, 0, 4]);
    reduceShards(two, [1, 3], 3, out);
    expect([...out]).toEqual([1, 2, 3]);
    // Empty shards are skipped.
    reduceShards(new Float32Array([9, 9, 9, 1, 2, 3]), [0, 5], 3, out);
    expect([...out]).toEqual([1, 2, 3]);
  });

  it('the sharded gradient equals the whole batch gradient within float32 rounding', async () => {
    const m = mlp({ inputSize: 5, hidden: [12], outputSize: 3, seed: 1 });
    const x = randn([20, 5]);
    const y = tensor(Array.from({ length: 20 }, (_, i) => i % 3));
    crossEntropy(m.call(x), y).backward();
    const whole = m.parameters().map((p) => [...(p.grad as Tensor).data]);
    m.zeroGrad();
    const pool = new LocalPool();
    await pool.prepare(m, { loss: 'crossEntropy', shards: 3 });
    const bounds = shardBounds(20, 3);
    const { grads } = await pool.computeShards({ label: 't', x, y, shards: bounds });
    const layout = paramLayout('t', m);
    const out = new Float32Array(layout.size);
    reduceShards(
      grads,
      bounds.map((b) => b.end - b.start),
      layout.size,
      out,
    );
    const flat = whole.flat();
    expect(out.length).toBe(flat.length);
    for (let i = 0; i < flat.length; i++) expect(out[i]).toBeCloseTo(flat[i] as number, 5);
    // The pool left no gradient on the model.
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });
});

describe('fit with workers (in-process pool)', () => {
  it('one shard is bit-identical to plain fit (same parameters, same losses)', async () => {
    const plain = train(undefined, 1);
    const par = train(1, 1);
    const h = await par.run;
    expect(bits(par.m.parameters())).toEqual(bits(plain.m.parameters()));
    expect(h.epochs.map((e) => e.loss)).toEqual((await plain.run).epochs.map((e) => e.loss));
  });

  it('four shards train as well as plain fit and repeat exactly', async () => {
    const a = train(1, 4, 20);
    const b = train(1, 4, 20);
    const ha = await a.run;
    await b.run;
    expect(bits(a.m.parameters())).toEqual(bits(b.m.parameters()));
    const plain = await train(undefined, 1, 20).run;
    const last = ha.epochs.at(-1)?.loss as number;
    expect(last).toBeLessThan((ha.epochs[0]?.loss as number) * 0.8);
    expect(Math.abs(last - (plain.epochs.at(-1)?.loss as number))).toBeLessThan(0.02);
  });

  it("gathers batches into the pool's memory: the bits of a loader that makes its own, and callbacks get batches that later steps leave alone", async () => {
    const data = moons({ n: 90, seed: 2 });
    const run = async (loader: DataLoader, callbacks: Callback[] = []) => {
      const m = mlp({ inputSize: 2, hidden: [8], outputSize: 2, seed: 3 });
      const optimizer = new Adam(m.parameters(), { lr: 0.01 });
      await fit(m, {
        data: loader,
        loss: 'crossEntropy',
        optimizer,
        epochs: 2,
        workers: 1,
        shards: 2,
        callbacks,
      });
      return bits(m.parameters());
    };
    // The same batches from a DataLoader whose iterator is its own: fit gathers nothing itself.
    class OwnBatches extends DataLoader {
      override [Symbol.iterator]() {
        return super[Symbol.iterator]();
      }
    }
    const options = { batchSize: 32, shuffle: true, seed: 7 };
    const seen: Tensor[] = [];
    const direct = await run(new DataLoader(data, options), [
      { onBatchEnd: (info) => seen.push(info.x, info.y) },
    ]);
    expect(direct).toEqual(await run(new OwnBatches(data, options)));
    expect(await run(new DataLoader(data, options))).toEqual(direct);
    // Every batch a callback kept is still the one it was shown (2 epochs of 3 batches), also
    // when it kept them in onAfterBackward, beside a progress bar (which reads no batch).
    const replay = new DataLoader(data, options);
    const want = [...replay, ...replay].flatMap((b) => [b.x, b.y]);
    expect(seen.map((t) => [...t.data])).toEqual(want.map((t) => [...t.data]));
    const kept: Tensor[] = [];
    await run(new DataLoader(data, options), [
      new ProgressBar({ write: () => {}, interactive: false }),
      { onAfterBackward: (info) => kept.push(info.x, info.y) },
    ]);
    expect(kept.map((t) => [...t.data])).toEqual(want.map((t) => [...t.data]));
  });

  it('copies no batch for callbacks that keep none (keepsBatch: false), which still read each batch in their call', async () => {
    const data = moons({ n: 90, seed: 2 });
    const options = { batchSize: 32, shuffle: true, seed: 7 };
    const want = [...new DataLoader(data, options)].map((b) => [...b.x.data]);
    const watch = async (keepsBatch: boolean | undefined) => {
      const m = mlp({ inputSize: 2, hidden: [8], outputSize: 2, seed: 3 });
      const buffers = new Set<ArrayBufferLike>();
      const read: number[][] = [];
      const during: number[][] = [];
      await fit(m, {
        data: new DataLoader(data, options),
        loss: 'crossEntropy',
        optimizer: new Adam(m.parameters(), { lr: 0.01 }),
        workers: 1,
        shards: 2,
        callbacks: [
          {
            ...(keepsBatch === undefined ? {} : { keepsBatch }),
            onAfterBackward: (info) => during.push([...info.x.data]),
            onBatchEnd: (info) => {
              buffers.add(info.x.data.buffer);
              read.push([...info.x.data]);
            },
          },
        ],
      });
      expect(read).toEqual(want);
      expect(during).toEqual(want);
      return buffers.size;
    };
    // Without the promise, each of the 3 batches is a copy of its own; with it, the callback is
    // shown the pool's memory, which holds the batch until the next one is gathered.
    expect(await watch(undefined)).toBe(3);
    expect(await watch(true)).toBe(3);
    expect(await watch(false)).toBe(1);
    expect(new ProgressBar().keepsBatch).toBe(false);
  });

  it('rejects a bad pool, missing shards, and models it cannot shard exactly', async () => {
    const m = mlp({ inputSize: 2, hidden: [4], outputSize: 2, seed: 1 });
    const base = {
      data: moons({ n: 8 }),
      loss: 'crossEntropy',
      optimizer: new Adam(m.parameters(), { lr: 0.01 }),
    };
    await expect(fit(m, { ...base, workers: 2 as 1, shards: 2 })).rejects.toThrow(
      /workers must be 1 or a pool .*got 2/,
    );
    await expect(fit(m, { ...base, workers: 1, shards: 0 })).rejects.toThrow(
      /shards must be a positive integer/,
    );
    const drop = mlp({ inputSize: 2, hidden: [4], outputSize: 2, dropout: 0.5, seed: 1 });
    await expect(
      fit(drop, { ...base, optimizer: new Adam(drop.parameters()), workers: 1, shards: 2 }),
    ).rejects.toThrow(ArgumentError);
    const bn = mlp({ inputSize: 2, hidden: [4], outputSize: 2, norm: 'batch', seed: 1 });
    await expect(
      fit(bn, { ...base, optimizer: new Adam(bn.parameters()), workers: 1, shards: 2 }),
    ).rejects.toThrow(/without buffers, got .*running/);
  });
});

describe('checkSharedMemory', () => {
  it('names the two headers when the page is not cross-origin isolated', () => {
    const g = globalThis as { crossOriginIsolated?: boolean };
    const was = g.crossOriginIsolated;
    g.crossOriginIsolated = false;
    try {
      expect(() => checkSharedMemory('createWorkerPool')).toThrow(WorkerError);
      expect(() => checkSharedMemory('createWorkerPool')).toThrow(
        /Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp/,
      );
    } finally {
      if (was === undefined) delete g.crossOriginIsolated;
      else g.crossOriginIsolated = was;
    }
    expect(() => checkSharedMemory('x')).not.toThrow();
  });
});
