/**
 * pad against TensorFlow.js 4.22 (CPU backend, float32): `tf.pad` (constant, any fill value),
 * `tf.mirrorPad` ('reflect') and, for negative pads (crops), `tf.slice` then `tf.pad`; values and
 * `tf.grad` gradients of `sum(y * u)`. TensorFlow.js's gradient of `mirrorPad` is only the slice
 * of dy (it drops the mirrored parts: not the adjoint), so reflect gradients are checked against
 * reflection built from `tf.slice`, `tf.reverse` and `tf.concat`, whose gradients are exact.
 * PyTorch's own values are in `pool.torch.test.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ArgumentError,
  createRng,
  getOp,
  randn,
  ShapeError,
  type Tensor,
  tensor,
  toJSON,
  traceGraph,
  zeros,
} from '../index.js';
import { thrown } from '../thrown.testutil.js';
import { pad } from './pad.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Our pads (pairs from the last axis backwards) as TensorFlow.js paddings (every axis, first first). */
function paddings(rank: number, pads: readonly number[]): Array<[number, number]> {
  return Array.from({ length: rank }, (_, d) => {
    const p = 2 * (rank - 1 - d);
    return p < pads.length ? [pads[p] as number, pads[p + 1] as number] : [0, 0];
  });
}

/** TensorFlow.js's constant pad with crops: slice off the negative pads, then pad the rest. */
function tfConstant(x: tf.Tensor, pads: readonly number[], value: number): tf.Tensor {
  const pp = paddings(x.rank, pads);
  const begin = pp.map(([l]) => Math.max(0, -l));
  const size = pp.map(([l, r], d) => (x.shape[d] as number) - Math.max(0, -l) - Math.max(0, -r));
  const cropped = pp.some(([l, r]) => l < 0 || r < 0) ? tf.slice(x, begin, size) : x;
  return tf.pad(
    cropped,
    pp.map(([l, r]) => [Math.max(0, l), Math.max(0, r)] as [number, number]),
    value,
  );
}

/** Reflect padding from slices, reversals and concatenation, axis by axis. */
function tfReflect(x: tf.Tensor, pads: readonly number[]): tf.Tensor {
  let t = x;
  paddings(x.rank, pads).forEach(([l, r], d) => {
    const n = t.shape[d] as number;
    const part = (from: number, count: number) => {
      const begin = t.shape.map((_, i) => (i === d ? from : 0));
      const size = t.shape.map((s, i) => (i === d ? count : (s as number)));
      return tf.reverse(tf.slice(t, begin, size), d);
    };
    const parts = [...(l > 0 ? [part(1, l)] : []), t, ...(r > 0 ? [part(n - 1 - r, r)] : [])];
    if (parts.length > 1) t = tf.concat(parts, d);
  });
  return t;
}

function compare(shape: number[], pads: number[], mode: 'constant' | 'reflect', value = 0): void {
  const x = randn(shape, { rng: createRng(shape.length * 100 + pads.length), requiresGrad: true });
  const y = pad(x, pads, mode === 'reflect' ? { mode } : { value });
  const u = randn(y.shape as number[], { rng: createRng(7) });
  y.mul(u).sum().backward();
  const theirs = (t: tf.Tensor) =>
    mode === 'reflect'
      ? tf.mirrorPad(t, paddings(t.rank, pads), 'reflect')
      : tfConstant(t, pads, value);
  const differentiable = (t: tf.Tensor) =>
    mode === 'reflect' ? tfReflect(t, pads) : tfConstant(t, pads, value);
  const [yt, gt, st, yr] = tf.tidy(() => {
    const xt = tf.tensor(Float32Array.from(x.data), shape);
    const ut = tf.tensor(Float32Array.from(u.data), y.shape as number[]);
    const yy = theirs(xt);
    const gg = tf.grad((t: tf.Tensor) => differentiable(t).mul(ut).sum())(xt);
    const y2 = Array.from(differentiable(xt).dataSync());
    return [Array.from(yy.dataSync()), Array.from(gg.dataSync()), yy.shape, y2];
  });
  const what = `${mode} ${JSON.stringify(shape)} by ${JSON.stringify(pads)}`;
  expect(y.shape, what).toEqual(st);
  expect(Array.from(y.data), what).toEqual(yt);
  expect(yr, `${what}: the differentiable reference`).toEqual(yt);
  const g = (x.grad as Tensor).data;
  gt.forEach((w, i) => {
    expect(Math.abs((g[i] as number) - w), `${what}: grad[${i}]`).toBeLessThanOrEqual(
      1e-5 * (1 + Math.abs(w)),
    );
  });
}

describe('pad against TensorFlow.js (float32)', () => {
  const SHAPES = [[5], [3, 4], [2, 3, 4], [2, 2, 3, 5]];

  it('constant: equals tf.pad for pads on one to all axes, with fill values', () => {
    let n = 0;
    for (const shape of SHAPES) {
      for (let axes = 1; axes <= shape.length; axes++) {
        for (const [i, value] of [0, 1.5, -2].entries()) {
          const pads = Array.from({ length: 2 * axes }, (_, j) => (j * 7 + i * 3 + axes) % 4);
          compare(shape, pads, 'constant', value);
          n++;
        }
      }
    }
    expect(n).toBe(30);
  });

  it('constant with negative pads: crops, as tf.slice then tf.pad', () => {
    compare([6], [-2, 1], 'constant');
    compare([3, 5], [-1, -2, 2, -1], 'constant', 3);
    compare([2, 4, 5], [1, -4, -3, 0], 'constant');
    compare([2, 2, 4, 4], [-1, -1, -1, -1], 'constant');
    // Cropped to nothing on an axis: an empty result, and a zero gradient.
    compare([2, 3], [-2, -1], 'constant');
  });

  it('reflect: equals tf.mirrorPad, and its gradient the adjoint (pads below the axis size)', () => {
    let n = 0;
    for (const shape of SHAPES) {
      for (let axes = 1; axes <= shape.length; axes++) {
        for (let i = 0; i < 3; i++) {
          const pads = Array.from({ length: 2 * axes }, (_, j) => {
            const size = shape[shape.length - 1 - Math.floor(j / 2)] as number;
            return (j * 5 + i * 3 + axes) % size;
          });
          compare(shape, pads, 'reflect');
          n++;
        }
      }
    }
    expect(n).toBe(30);
  });
});

describe('pad: examples, identities and the graph', () => {
  it('reflects without repeating the edge, and adds the mirrored gradients back', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = pad(x, [2, 1], { mode: 'reflect' });
    expect(y.toArray()).toEqual([3, 2, 1, 2, 3, 2]);
    y.sum().backward();
    // Read from indices 2, 1, 0, 1, 2, 1.
    expect((x.grad as Tensor).toArray()).toEqual([1, 3, 2]);
  });

  it('fills with any value (NaN and infinities included) and keeps the dtype', () => {
    const x = tensor([[1, 2]], { dtype: 'float64' });
    expect(pad(x, [1, 0], { value: Number.NaN }).toArray()).toEqual([[Number.NaN, 1, 2]]);
    expect(pad(x, [0, 0, 0, 1], { value: -Infinity }).toArray()).toEqual([
      [1, 2],
      [-Infinity, -Infinity],
    ]);
    expect(pad(x, [1, 1]).dtype).toBe('float64');
  });

  it('returns x itself when every pad is 0 (or there are none)', () => {
    const x = zeros([2, 3]);
    expect(pad(x, [])).toBe(x);
    expect(pad(x, [0, 0, 0, 0], { mode: 'reflect' })).toBe(x);
  });

  it('shows pads, mode and value in the graph; its backward op is differentiable', () => {
    const x = randn([1, 2, 3, 3], { rng: createRng(3), requiresGrad: true });
    const y = pad(pad(x, [1, 1, 2, 0], { value: 0.5 }), [2, 2], { mode: 'reflect' });
    const attrs = toJSON(traceGraph(y))
      .nodes.filter((n) => n.op === 'pad')
      .map((n) => n.attrs);
    expect(attrs).toEqual([
      { pads: [1, 1, 2, 0], mode: 'constant', value: 0.5 },
      { pads: [2, 2], mode: 'reflect' },
    ]);
  });
});

describe('pad refuses bad input', () => {
  const x = zeros([2, 3, 4]);
  const bad = (fn: () => unknown, type: typeof ArgumentError, re: RegExp) => {
    const e = thrown(fn);
    expect(e, e.message).toBeInstanceOf(type);
    expect(e.message).toMatch(re);
  };

  it('pads that are not (left, right) pairs of integers, or too many for the rank', () => {
    bad(
      () => pad(x, [1, 1, 1]),
      ArgumentError,
      /^pad: expected pads as an array of \(left, right\) pairs \(even length\), got \[1,1,1\]/,
    );
    bad(() => pad(x, 2 as never), ArgumentError, /^pad: expected pads as an array .* got 2/);
    bad(
      () => pad(x, [1, 0.5]),
      ArgumentError,
      /^pad: pads must be integers, got 0\.5 at position 1/,
    );
    bad(
      () => pad(x, [1, 1, 1, 1, 1, 1, 1, 1]),
      ShapeError,
      /^pad: pads \[1,1,1,1,1,1,1,1\] cover 4 axes, but the input \[2,3,4\] has 3/,
    );
  });

  it('an unknown mode or option, a value with reflect', () => {
    bad(
      () => pad(x, [1, 1], { mode: 'replicate' as never }),
      ArgumentError,
      /^pad: mode must be 'constant' or 'reflect', got "replicate"/,
    );
    bad(() => pad(x, [1, 1], { fill: 1 } as never), ArgumentError, /^pad: unknown option 'fill'/);
    bad(
      () => pad(x, [1, 1], { value: '1' as never }),
      ArgumentError,
      /^pad: value must be a number/,
    );
    bad(
      () => pad(x, [1, 1], { mode: 'reflect', value: 2 }),
      ArgumentError,
      /^pad: mode 'reflect' takes no value, got value 2/,
    );
  });

  it('reflect pads as large as the axis, or negative; crops past the size', () => {
    bad(
      () => pad(x, [1, 4], { mode: 'reflect' }),
      ShapeError,
      /^pad: reflect padding must be less than the size of its axis: axis 2 of \[2,3,4\] has size 4, got \(1, 4\)/,
    );
    bad(
      () => pad(x, [0, 0, 3, 0], { mode: 'reflect' }),
      ShapeError,
      /axis 1 of \[2,3,4\] has size 3, got \(3, 0\)/,
    );
    bad(
      () => pad(x, [-1, 0], { mode: 'reflect' }),
      ArgumentError,
      /^pad: reflect padding must be non-negative .* got \(-1, 0\) for axis 2/,
    );
    bad(
      () => pad(x, [0, 0, -2, -2]),
      ShapeError,
      /^pad: pads \(-2, -2\) on axis 1 of \[2,3,4\] \(size 3\) leave a negative size -1/,
    );
  });

  it('padBackward checks its gradient against the padded shape', () => {
    bad(
      () =>
        getOp('padBackward').apply([zeros([2, 3, 5])], {
          pads: [1, 1],
          mode: 'constant',
          inputShape: [2, 3, 4],
        }),
      ShapeError,
      /^padBackward: expected g of shape \[2,3,6\], got \[2,3,5\]/,
    );
  });
});
