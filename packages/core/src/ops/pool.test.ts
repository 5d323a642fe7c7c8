/**
 * maxPool2d, avgPool2d and adaptiveAvgPool2d against TensorFlow.js 4.22 (CPU backend, float32;
 * NHWC, so inputs are transposed): values and `tf.grad` gradients of `sum(y * u)` on a grid of
 * shapes, kernels, strides and paddings. TensorFlow.js pads 'same' / by a number / not at all,
 * and leaves padding out of an average; so explicit padding is checked against a hand-padded
 * input (`tf.pad` with -Infinity or 0, then 'valid'), a numeric pad against
 * countIncludePad: false, and dilation against `tf.pool` (which needs stride 1). Where
 * TensorFlow.js has no counterpart (ceil mode, divisorOverride, uneven adaptive windows, ties,
 * NaN) the PyTorch fixtures (`pool.torch.test.ts`) and the hand-computed examples here decide.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  arange,
  createRng,
  grad,
  gradients,
  randn,
  summary,
  type Tensor,
  tensor,
  toJSON,
  traceGraph,
} from '../index.js';
import { adaptiveAvgPool2d } from './adaptive-pool.js';
import { avgPool2d, maxPool2d } from './pool.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** `[N, C, H, W]` data as a TensorFlow.js `[N, H, W, C]` tensor. */
const nhwc = (t: Tensor) =>
  tf.tensor4d(Float32Array.from(t.data), t.shape as never).transpose([0, 2, 3, 1]) as tf.Tensor4D;
/** A TensorFlow.js `[N, H, W, C]` tensor's data in `[N, C, H, W]` order. */
const nchw = (t: tf.Tensor) => Array.from(t.transpose([0, 3, 1, 2]).dataSync());

type TfFn = (x: tf.Tensor4D) => tf.Tensor;

/** Our y and input gradient of sum(y * u) against TensorFlow.js's, both float32. */
function compare(
  ours: (x: Tensor) => Tensor,
  theirs: TfFn,
  shape: number[],
  seed: number,
  { grads = true, exact = false } = {},
): void {
  const x = randn(shape, { rng: createRng(seed), requiresGrad: true });
  const y = ours(x);
  const u = randn(y.shape as number[], { rng: createRng(seed + 1) });
  y.mul(u).sum().backward();
  const [yt, gt] = tf.tidy(() => {
    const xt = nhwc(x);
    const ut = nhwc(u);
    const yy = theirs(xt);
    const gg = tf.grad((t: tf.Tensor) =>
      theirs(t as tf.Tensor4D)
        .mul(ut)
        .sum(),
    )(xt);
    return [nchw(yy), nchw(gg)];
  });
  expect(y.size).toBe(yt.length);
  yt.forEach((w, i) => {
    const got = y.data[i] as number;
    if (exact) expect(got, `y[${i}]`).toBe(w);
    else
      expect(Math.abs(got - w), `y[${i}]: ${got} vs ${w}`).toBeLessThanOrEqual(
        1e-5 + 1e-5 * Math.abs(w),
      );
  });
  if (!grads) return;
  const g = (x.grad as Tensor).data;
  gt.forEach((w, i) => {
    expect(Math.abs((g[i] as number) - w), `grad[${i}]: ${g[i]} vs ${w}`).toBeLessThanOrEqual(
      1e-5 + 1e-5 * Math.abs(w),
    );
  });
}

const SHAPES = [
  [2, 3, 7, 8],
  [1, 2, 6, 6],
  [3, 1, 5, 9],
];
const KERNELS: Array<number | [number, number]> = [1, 2, 3, [2, 3]];
const STRIDES: Array<number | [number, number]> = [1, 2, [2, 1], 3];
const pairOf = (v: number | [number, number]): [number, number] =>
  typeof v === 'number' ? [v, v] : v;

/** Every (shape, kernel, stride) of the grid whose 'valid' output is not empty. */
function* grid(): Generator<[number[], [number, number], [number, number], number]> {
  let seed = 1;
  for (const shape of SHAPES)
    for (const k of KERNELS)
      for (const s of STRIDES) {
        const kk = pairOf(k);
        if ((shape[2] as number) >= kk[0] && (shape[3] as number) >= kk[1])
          yield [shape, kk, pairOf(s), seed++];
      }
}

const tfPad = (x: tf.Tensor4D, [ph, pw]: [number, number], v: number) =>
  tf.pad(
    x,
    [
      [0, 0],
      [ph, ph],
      [pw, pw],
      [0, 0],
    ],
    v,
  );

describe('maxPool2d against TensorFlow.js (float32)', () => {
  it("equals tf.maxPool 'valid' in values (bit for bit) and gradients", () => {
    let n = 0;
    for (const [shape, k, s, seed] of grid()) {
      compare(
        (x) => maxPool2d(x, k, { stride: s }),
        (x) => tf.maxPool(x, k, s, 'valid'),
        shape,
        seed,
        { exact: true },
      );
      n++;
    }
    expect(n).toBe(48);
  });

  it('equals tf.maxPool with a numeric pad (padding counts as -Infinity)', () => {
    let n = 0;
    for (const [shape, k, s, seed] of grid()) {
      // A numeric pad in TensorFlow.js takes the kernel's and stride's height for both axes.
      const p = Math.floor(k[0] / 2);
      if (p === 0 || k[0] !== k[1] || s[0] !== s[1]) continue;
      n++;
      compare(
        (x) => maxPool2d(x, k, { stride: s, padding: p }),
        (x) => tf.maxPool(x, k, s, p),
        shape,
        seed,
        { exact: true },
      );
    }
    expect(n).toBe(18);
  });

  it('equals tf.maxPool on a hand-padded input (-Infinity), for per-axis paddings', () => {
    for (const [shape, k, s, seed] of grid()) {
      const p: [number, number] = [Math.floor(k[0] / 2), Math.floor(k[1] / 2) === 0 ? 0 : 1];
      compare(
        (x) => maxPool2d(x, k, { stride: s, padding: p }),
        (x) => tf.maxPool(tfPad(x, p, Number.NEGATIVE_INFINITY), k, s, 'valid'),
        shape,
        seed,
        { exact: true },
      );
    }
  });

  it("equals tf.maxPool 'same' where they coincide (odd kernel, stride 1: padding (k - 1) / 2)", () => {
    for (const k of [1, 3, 5]) {
      compare(
        (x) => maxPool2d(x, k, { stride: 1, padding: (k - 1) / 2 }),
        (x) => tf.maxPool(x, k, 1, 'same'),
        [2, 2, 6, 7],
        k,
        { exact: true },
      );
    }
  });

  it('equals tf.pool with dilations (stride 1, as tf.pool requires)', () => {
    for (const [d, k] of [
      [2, 2],
      [2, 3],
      [3, 2],
    ] as const) {
      for (const shape of [
        [2, 2, 7, 8],
        [1, 3, 9, 6],
      ]) {
        compare(
          (x) => maxPool2d(x, k, { stride: 1, dilation: d }),
          (x) => tf.pool(x, [k, k], 'max', 'valid', [d, d], 1),
          shape,
          d * 10 + k,
          { exact: true },
        );
      }
    }
  });
});

describe('avgPool2d against TensorFlow.js (float32)', () => {
  it("equals tf.avgPool 'valid' in values and gradients", () => {
    for (const [shape, k, s, seed] of grid())
      compare(
        (x) => avgPool2d(x, k, { stride: s }),
        (x) => tf.avgPool(x, k, s, 'valid'),
        shape,
        seed,
      );
  });

  it('with countIncludePad (the default) equals tf.avgPool on a zero-padded input', () => {
    for (const [shape, k, s, seed] of grid()) {
      const p: [number, number] = [Math.floor(k[0] / 2), Math.floor(k[1] / 2)];
      compare(
        (x) => avgPool2d(x, k, { stride: s, padding: p }),
        (x) => tf.avgPool(tfPad(x, p, 0), k, s, 'valid'),
        shape,
        seed,
      );
    }
  });

  // TensorFlow.js's average leaves the padding out, as countIncludePad: false. Its gradient there
  // divides by the whole kernel instead (1/9 at a 3 x 3 corner whose forward divides by 4), so it
  // is not the derivative of its own forward: values only; the gradient is checked by gradcheck
  // and against PyTorch.
  it('with countIncludePad: false equals tf.avgPool with a numeric pad and with "same" (values)', () => {
    let n = 0;
    for (const [shape, k, s, seed] of grid()) {
      // A numeric pad in TensorFlow.js takes the kernel's and stride's height for both axes.
      const p = Math.floor(k[0] / 2);
      if (p === 0 || k[0] !== k[1] || s[0] !== s[1]) continue;
      n++;
      compare(
        (x) => avgPool2d(x, k, { stride: s, padding: p, countIncludePad: false }),
        (x) => tf.avgPool(x, k, s, p),
        shape,
        seed,
        { grads: false },
      );
    }
    expect(n).toBe(18);
    for (const k of [3, 5])
      compare(
        (x) => avgPool2d(x, k, { stride: 1, padding: (k - 1) / 2, countIncludePad: false }),
        (x) => tf.avgPool(x, k, 1, 'same'),
        [2, 2, 6, 7],
        k,
        { grads: false },
      );
  });
});

describe('adaptiveAvgPool2d against TensorFlow.js (float32)', () => {
  it('equals tf.avgPool with kernel = stride = size / out when the sizes divide', () => {
    for (const [shape, out] of [
      [
        [2, 3, 8, 6],
        [4, 3],
      ],
      [
        [1, 2, 6, 6],
        [2, 2],
      ],
      [
        [2, 1, 9, 4],
        [3, 4],
      ],
    ] as const) {
      const k: [number, number] = [shape[2] / out[0], shape[3] / out[1]];
      compare(
        (x) => adaptiveAvgPool2d(x, out),
        (x) => tf.avgPool(x, k, k, 'valid'),
        [...shape],
        3,
      );
    }
  });

  it('to 1 x 1 equals the mean over H and W (global average pooling)', () => {
    compare(
      (x) => adaptiveAvgPool2d(x, 1),
      (x) => tf.mean(x, [1, 2], true),
      [2, 3, 5, 7],
      4,
    );
  });

  it('keeps an axis whose size is null, and windows overlap when the sizes do not divide', () => {
    const x = arange(25).reshape([1, 5, 5]);
    expect(adaptiveAvgPool2d(x, [null, 5]).toArray()).toEqual(x.toArray());
    // Rows [0, 2), [1, 4), [3, 5) of 0..24: means 2.5 + 5 * {0, 1.6, 3.4}... per column.
    expect(adaptiveAvgPool2d(x, [3, 1]).toArray()).toEqual([[[4.5], [12], [19.5]]]);
  });
});

describe('hand-computed examples (PyTorch gives the same: golden/pool.torch.json)', () => {
  const x = arange(16).reshape([1, 1, 4, 4]);

  it('ceil mode adds the last, partial window (which must start inside the input)', () => {
    expect(maxPool2d(x, 3, { stride: 2 }).toArray()).toEqual([[[[10]]]]);
    expect(maxPool2d(x, 3, { stride: 2, ceilMode: true }).toArray()).toEqual([
      [
        [
          [10, 11],
          [14, 15],
        ],
      ],
    ]);
    // A 1 x 1 input, kernel 2, stride 2: floor mode has no window, ceil mode one.
    expect(maxPool2d(tensor([[[7]]]), 2, { ceilMode: true }).toArray()).toEqual([[[7]]]);
    // H = 5, k = 2, s = 2, padding 1: ceil would give 4 windows, but the 4th starts at 5 ≥ 5 + 1 − 1.
    expect(
      maxPool2d(arange(25).reshape([1, 5, 5]), 2, { padding: 1, ceilMode: true }).shape,
    ).toEqual([1, 3, 3]);
  });

  it('avgPool2d divides by the window cut at the padding (countIncludePad) or at the input', () => {
    // Windows [0, 3) and [2, 4) per axis: sums 45, 39, 66, 50.
    expect(avgPool2d(x, 3, { stride: 2, ceilMode: true }).toArray()).toEqual([
      [
        [
          [45 / 9, 39 / 6],
          [66 / 6, 50 / 4],
        ],
      ],
    ]);
    // Padding 1: the corner window reads 0, 1, 4, 5 out of 9 places.
    const inc = avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true });
    const exc = avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false });
    const over = avgPool2d(x, 3, { stride: 2, padding: 1, divisorOverride: 2 });
    expect(inc.data[0]).toBeCloseTo(10 / 9, 6);
    expect(exc.data[0]).toBe(10 / 4);
    // Last window: rows [3, 5) of the padded input, 4 being padding, cut there: divisor 2 x 2.
    expect(inc.data[8]).toBe(15 / 4);
    expect(exc.data[8]).toBe(15);
    expect(over.data[0]).toBe(10 / 2);
  });

  it('avgPool2d spreads each gradient over its window, with the forward divisor', () => {
    const t = arange(16).reshape([1, 1, 4, 4]).detach().setRequiresGrad(true);
    avgPool2d(t, 3, { stride: 2, ceilMode: true }).sum().backward();
    const g = (t.grad as Tensor).toArray() as number[][][][];
    // Element [0][0] is in the first window only (1/9); [2][2] in all four.
    expect(g[0]?.[0]?.[0]?.[0]).toBeCloseTo(1 / 9, 7);
    expect(g[0]?.[0]?.[2]?.[2]).toBeCloseTo(1 / 9 + 1 / 6 + 1 / 6 + 1 / 4, 6);
  });
});

describe('maxPool2d ties, NaN and windows of padding only (as PyTorch)', () => {
  it('gives a tied window its whole gradient at the first maximum in row-major order', () => {
    const x = tensor(
      [
        [
          [
            [1, 3, 3, 0],
            [3, 2, 5, 5],
            [0, 0, 1, 1],
            [0, 0, 1, 1],
          ],
        ],
      ],
      { requiresGrad: true },
    );
    maxPool2d(x, 2).sum().backward();
    expect((x.grad as Tensor).toArray()).toEqual([
      [
        [
          [0, 1, 0, 0],
          [0, 0, 1, 0],
          [1, 0, 1, 0],
          [0, 0, 0, 0],
        ],
      ],
    ]);
  });

  it('propagates NaN, whose position (the last NaN of the window) takes the gradient', () => {
    const x = tensor(
      [
        [
          [
            [Number.NaN, 9, 1, 2],
            [5, Number.NaN, 3, Number.POSITIVE_INFINITY],
          ],
        ],
      ],
      { requiresGrad: true },
    );
    const y = maxPool2d(x, 2);
    expect(Number.isNaN(y.data[0] as number)).toBe(true);
    expect(y.data[1]).toBe(Number.POSITIVE_INFINITY);
    y.sum().backward();
    expect((x.grad as Tensor).toArray()).toEqual([
      [
        [
          [0, 0, 0, 0],
          [0, 1, 0, 1],
        ],
      ],
    ]);
  });

  it('gives -Infinity and no gradient for a dilated window that reads only padding', () => {
    // H = W = 2, kernel 2, dilation 3, padding 1: the one window reads (-1, -1) to (2, 2).
    const x = tensor(
      [
        [
          [
            [1, 2],
            [3, 4],
          ],
        ],
      ],
      { requiresGrad: true },
    );
    const y = maxPool2d(x, 2, { stride: 1, padding: 1, dilation: 3 });
    expect(y.toArray()).toEqual([[[[Number.NEGATIVE_INFINITY]]]]);
    y.sum().backward();
    expect((x.grad as Tensor).toArray()).toEqual([
      [
        [
          [0, 0],
          [0, 0],
        ],
      ],
    ]);
  });
});

describe('pooling: shapes, dtypes, graph and higher order', () => {
  it('takes [C, H, W] as [1, C, H, W], and keeps float64', () => {
    const x4 = randn([1, 3, 6, 5], { rng: createRng(5), dtype: 'float64' });
    const x3 = x4.reshape([3, 6, 5]);
    for (const f of [
      (t: Tensor) => maxPool2d(t, 2),
      (t: Tensor) => avgPool2d(t, [3, 2], { padding: 1 }),
      (t: Tensor) => adaptiveAvgPool2d(t, [4, 2]),
    ]) {
      const a = f(x4);
      const b = f(x3);
      expect(b.dtype).toBe('float64');
      expect([1, ...b.shape]).toEqual(a.shape);
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
    }
  });

  it('shows its hyper-parameters in the graph and counts window reads as MACs', () => {
    const x = randn([2, 3, 8, 8], { rng: createRng(6), requiresGrad: true });
    const y = avgPool2d(maxPool2d(x, 2, { padding: 1, ceilMode: true }), 3, {
      stride: 1,
      countIncludePad: false,
    });
    const json = toJSON(traceGraph(y));
    const node = (op: string) => json.nodes.find((n) => n.op === op);
    expect(node('maxPool2d')?.attrs).toEqual({
      kernelSize: [2, 2],
      stride: [2, 2],
      padding: [1, 1],
      dilation: [1, 1],
      ceilMode: true,
    });
    expect(node('avgPool2d')?.attrs).toEqual({
      kernelSize: [3, 3],
      stride: [1, 1],
      padding: [0, 0],
      ceilMode: false,
      countIncludePad: false,
    });
    // maxPool2d: [2,3,5,5] outputs x 4 reads; avgPool2d: [2,3,3,3] x 9.
    expect(summary(y).totalMacs).toBe(150 * 4 + 54 * 9);
    expect(summary(adaptiveAvgPool2d(x, 3)).totalMacs).toBe(6 * (3 + 4 + 3) * (3 + 4 + 3));
  });

  it('differentiates its backward ops: second derivatives run through maxPool2dGather and avgPool2d', () => {
    const x = randn([1, 2, 4, 4], { rng: createRng(7), dtype: 'float64', requiresGrad: true });
    const [g1] = gradients(maxPool2d(x, 2).square().sum(), [x], { createGraph: true });
    expect(g1?.node?.op.name).toBe('maxPool2dBackward');
    // d/dx of sum(maxPool(x)^2) is 2·max at each argmax; its own derivative is 2 there.
    const g2 = grad((t: Tensor) => grad((s: Tensor) => maxPool2d(s, 2).square().sum())(t).sum())(x);
    expect(Array.from(g2.data).filter((v) => v !== 0)).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    const [a1] = gradients(avgPool2d(x, 2).square().sum(), [x], { createGraph: true });
    expect(a1?.node?.op.name).toBe('avgPool2dBackward');
    const [a2] = gradients((a1 as Tensor).square().sum(), [x], { createGraph: true });
    const ops = new Set(traceGraph(a2 as Tensor).nodes.map((n) => n.op));
    expect(ops.has('avgPool2d') && ops.has('avgPool2dBackward')).toBe(true);
  });
});
