import { ArgumentError, createRng, ShapeError, tensor } from '@gradscope/core';
import { afterEach, describe, expect, it } from 'vitest';
import { shiftImages } from './augment.js';
import { Dataset } from './dataset.js';
import { DataLoader } from './loader.js';

// Image i of the set is a 5 x 5 picture whose pixels are all i, except a lit centre (100 + i):
// a batch row says which sample it is and where its centre went.
const N = 23;
const images = () => {
  const d = new Float32Array(N * 25);
  for (let i = 0; i < N; i++) {
    d.fill(i, i * 25, (i + 1) * 25);
    d[i * 25 + 12] = 100 + i;
  }
  return new Dataset(
    tensor(d, { shape: [N, 1, 5, 5], copy: false }),
    tensor(Array.from({ length: N }, (_, i) => i % 3)),
  );
};
const sampleOf = (data: ArrayLike<number>, row: number) =>
  Math.max(...Array.from(data).slice(row * 25, (row + 1) * 25)) - 100;

const RealFloat32Array = Float32Array;
afterEach(() => {
  globalThis.Float32Array = RealFloat32Array;
});

describe('DataLoader on image tensors [N, C, H, W]', () => {
  it('batches of [B, 1, 5, 5]; each epoch sees every sample once, rows paired with labels', () => {
    const ds = images();
    const loader = new DataLoader(ds, { batchSize: 8, shuffle: true, seed: 3 });
    const orders: number[][] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      const seen: number[] = [];
      const batches = [...loader];
      expect(batches.map((b) => b.x.shape)).toEqual([
        [8, 1, 5, 5],
        [8, 1, 5, 5],
        [7, 1, 5, 5],
      ]);
      for (const b of batches)
        for (let r = 0; r < (b.x.shape[0] as number); r++) {
          const i = sampleOf(b.x.data, r);
          seen.push(i);
          expect(b.y.data[r]).toBe(i % 3);
        }
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
      orders.push(seen);
    }
    expect(orders[1]).not.toEqual(orders[0]);
  });

  it('copies only batch rows: every array made during an epoch is at most one batch', () => {
    const ds = images();
    const before = ds.x.data;
    const loader = new DataLoader(ds, { batchSize: 4, shuffle: true, seed: 1 });
    // Record the length of every Float32Array constructed while the epoch runs.
    const made: number[] = [];
    globalThis.Float32Array = new Proxy(RealFloat32Array, {
      construct(target, args) {
        const a = Reflect.construct(target, args) as Float32Array;
        made.push(a.length);
        return a;
      },
    });
    const batches = [...loader];
    globalThis.Float32Array = RealFloat32Array;
    expect(batches).toHaveLength(6);
    expect(made.length).toBeGreaterThan(0);
    expect(Math.max(...made)).toBeLessThanOrEqual(4 * 25);
    for (const b of batches) {
      // Each batch owns a buffer of its own size (not a view into the dataset).
      expect(b.x.data.buffer.byteLength).toBe((b.x.shape[0] as number) * 25 * 4);
      expect(b.x.data.buffer).not.toBe(before.buffer);
    }
    expect(ds.x.data).toBe(before);
  });

  it('augment: seeded random shifts of each batch; the dataset and the shuffle order stay as they are', () => {
    const ds = images();
    const copy = Float32Array.from(ds.x.data);
    const plain = new DataLoader(ds, { batchSize: 5, shuffle: true, seed: 9 });
    const aug = () =>
      new DataLoader(ds, { batchSize: 5, shuffle: true, seed: 9, augment: { shift: 1, fill: -1 } });
    const a = [...aug()];
    const b = [...aug()];
    expect(a.map((t) => Array.from(t.x.data))).toEqual(b.map((t) => Array.from(t.x.data)));
    const p = [...plain];
    // Same samples in the same order as without augmentation (the shift has its own stream).
    expect(a.map((t) => Array.from(t.y.data))).toEqual(p.map((t) => Array.from(t.y.data)));
    let moved = 0;
    a.forEach((batch, k) => {
      const orig = p[k]?.x as typeof batch.x;
      for (let r = 0; r < (batch.x.shape[0] as number); r++) {
        expect(sampleOf(batch.x.data, r)).toBe(sampleOf(orig.data, r));
        // The row is the original shifted by some (dy, dx) in {-1, 0, 1}^2 with fill -1.
        const one = tensor(orig.data.slice(r * 25, (r + 1) * 25), { shape: [1, 1, 5, 5] });
        const row = Array.from(batch.x.data.slice(r * 25, (r + 1) * 25));
        const matches = [-1, 0, 1].flatMap((dy) =>
          [-1, 0, 1].filter(
            (dx) =>
              JSON.stringify(Array.from(shiftImages(one, [[dy, dx]], { fill: -1 }).data)) ===
              JSON.stringify(row),
          ),
        );
        expect(matches.length).toBe(1);
        if (row[12] !== 100 + sampleOf(orig.data, r)) moved++;
      }
    });
    expect(moved).toBeGreaterThan(N / 2);
    expect(ds.x.data).toEqual(copy);
    // A second epoch draws new shifts.
    const l = aug();
    const e1 = [...l].map((t) => Array.from(t.x.data));
    const e2 = [...l].map((t) => Array.from(t.x.data));
    expect(e2).not.toEqual(e1);
    // An explicit generator for the shifts.
    const g = [...new DataLoader(ds, { batchSize: 5, augment: { shift: 1, rng: createRng(4) } })];
    const h = [...new DataLoader(ds, { batchSize: 5, augment: { shift: 1, rng: createRng(4) } })];
    expect(g.map((t) => Array.from(t.x.data))).toEqual(h.map((t) => Array.from(t.x.data)));
  });

  it('augment needs images and a shift smaller than the image', () => {
    const flat = new Dataset(tensor([[1, 2]]), tensor([0]));
    expect(() => new DataLoader(flat, { augment: { shift: 1 } })).toThrow(ShapeError);
    expect(() => new DataLoader(flat, { augment: { shift: 1 } })).toThrow(
      /augment \(shift\) needs image inputs \[N, C, H, W\], the dataset's inputs are \[1,2\]/,
    );
    expect(() => new DataLoader(images(), { augment: { shift: 5 } })).toThrow(ArgumentError);
    expect(() => new DataLoader(images(), { augment: 2 as never })).toThrow(
      /augment must be an options object/,
    );
    expect(() => new DataLoader(images(), { augment: { shift: 1, fill: 'max' as never } })).toThrow(
      ArgumentError,
    );
  });
});

describe('DataLoader.indexBatches', () => {
  it('gives the rows of the batches the iterator yields, in order, drawing the same order', () => {
    const data = images();
    for (const options of [
      { batchSize: 5 },
      { batchSize: 5, shuffle: true, seed: 3 },
      { batchSize: 5, shuffle: true, seed: 3, dropLast: true },
    ]) {
      const byIndex = new DataLoader(data, options);
      const byBatch = new DataLoader(data, options);
      for (let pass = 0; pass < 2; pass++) {
        const rows = [...byIndex.indexBatches()];
        const batches = [...byBatch];
        expect(rows.map((r) => r.length)).toEqual(batches.map((b) => b.x.shape[0]));
        rows.forEach((r, k) => {
          const x = batches[k]?.x.data as Float32Array;
          expect(r.map((_, i) => sampleOf(x, i))).toEqual(r);
        });
      }
      expect([...byIndex.indexBatches()].flat().length).toBe(
        options.dropLast === true ? N - (N % 5) : N,
      );
    }
  });
});
