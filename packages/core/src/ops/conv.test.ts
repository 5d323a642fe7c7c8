/**
 * conv2d, conv1d and convTranspose2d against TensorFlow.js 4.22 (CPU backend, float32): values
 * and the gradients of `sum(y · r)` for a random `r` (tf.grads), on a grid of shapes, strides,
 * paddings, dilations and groups. TensorFlow.js is channels-last (NHWC, filters HWIO) and has no
 * groups: inputs are transposed, groups are split into separate convolutions and concatenated
 * (and `tf.depthwiseConv2d` checks the depthwise case on its own), and a dilation together with a
 * stride (which tf.conv2d refuses) is given to it as a kernel with the zeros written in.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradients } from '../grad.js';
import { createRng, type Rng } from '../rng.js';
import { Tensor } from '../tensor.js';
import type { Conv2dOptions, ConvTranspose2dOptions } from './conv.js';
import { conv1d, conv2d, convTranspose2d } from './conv.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

type Pair = [number, number];
const pair = (v: number | readonly number[] | undefined, d: number): Pair =>
  v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : [v[0] as number, v[1] as number];

function normals(rng: Rng, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = rng.normal();
  return Tensor._make(d, shape);
}

const toTf = (t: Tensor): tf.Tensor => tf.tensor(Array.from(t.data), t.shape.slice());
/** NCHW → NHWC and back; OIHW → HWIO. */
const nhwc = (t: tf.Tensor) => tf.transpose(t, [0, 2, 3, 1]);
const nchw = (t: tf.Tensor) => tf.transpose(t, [0, 3, 1, 2]);
const hwio = (t: tf.Tensor) => tf.transpose(t, [2, 3, 1, 0]);

/** A kernel `[a, b, kh, kw]` with `d - 1` zeros between taps: `[a, b, d(kh-1)+1, d(kw-1)+1]`. */
function inflate(w: tf.Tensor, [dh, dw]: Pair): tf.Tensor {
  if (dh === 1 && dw === 1) return w;
  const [a, b, kh, kw] = w.shape as [number, number, number, number];
  const rows: tf.Tensor[] = [];
  for (let p = 0; p < kh; p++) {
    const cols: tf.Tensor[] = [];
    for (let q = 0; q < kw; q++) {
      cols.push(tf.slice(w, [0, 0, p, q], [a, b, 1, 1]));
      if (q < kw - 1 && dw > 1) cols.push(tf.zeros([a, b, 1, dw - 1]));
    }
    rows.push(tf.concat(cols, 3));
    if (p < kh - 1 && dh > 1) rows.push(tf.zeros([a, b, dh - 1, (kw - 1) * dw + 1]));
  }
  return tf.concat(rows, 2);
}

/** tf's padding argument for our options: 'same', or explicit NHWC pairs. */
function tfPad(padding: Conv2dOptions['padding']): 'same' | [[0, 0], Pair, Pair, [0, 0]] {
  if (padding === 'same') return 'same';
  const [ph, pw] = padding === 'valid' ? [0, 0] : pair(padding as number | Pair, 0);
  return [
    [0, 0],
    [ph, ph],
    [pw, pw],
    [0, 0],
  ];
}

/**
 * conv2d in TensorFlow.js on NCHW / OIHW tensors (groups by splitting). tfjs differentiates no
 * dilated convolution and takes no dilation with a stride, so unless `native` (values only, stride
 * 1) the dilation is written into the kernel as zeros.
 */
function tfConv2d(
  x: tf.Tensor,
  w: tf.Tensor,
  b: tf.Tensor | null,
  o: Conv2dOptions,
  native = false,
): tf.Tensor {
  const stride = pair(o.stride as Pair | number, 1);
  const dil = pair(o.dilation as Pair | number, 1);
  const groups = o.groups ?? 1;
  const wk = native ? w : inflate(w, dil);
  // (tf.split into one part has no gradient in tfjs 4.22.)
  const xs = groups === 1 ? [x] : tf.split(x, groups, 1);
  const ws = groups === 1 ? [wk] : tf.split(wk, groups, 0);
  const ys = xs.map((xg, g) =>
    nchw(
      tf.conv2d(
        nhwc(xg) as tf.Tensor4D,
        hwio(ws[g] as tf.Tensor) as tf.Tensor4D,
        stride,
        tfPad(o.padding),
        'NHWC',
        native ? dil : [1, 1],
      ),
    ),
  );
  const y = groups === 1 ? (ys[0] as tf.Tensor) : tf.concat(ys, 1);
  return b === null ? y : tf.add(y, tf.reshape(b, [1, -1, 1, 1]));
}

/** Largest |a - b| over max(1, max |b|): float32 agreement relative to the values' scale. */
function relErr(a: Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  const want = b.dataSync();
  let scale = 1;
  for (const v of want) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < want.length; i++)
    worst = Math.max(worst, Math.abs((a.data[i] as number) - (want[i] as number)));
  return worst / scale;
}

const TOL = 2e-5;

interface Case2d {
  x: number[];
  w: number[];
  bias: boolean;
  options: Conv2dOptions;
}

/** Values and gradients (x, weight, bias) of one case against TensorFlow.js. */
function check2d(
  c: Case2d,
  seed: number,
  tfFn: (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | null, o: Conv2dOptions) => tf.Tensor = tfConv2d,
): void {
  const rng = createRng(seed);
  const x = normals(rng, c.x).setRequiresGrad();
  const w = normals(rng, c.w).setRequiresGrad();
  const b = c.bias ? normals(rng, [c.w[0] as number]).setRequiresGrad() : null;
  const y = conv2d(x, w, b, c.options);
  const r = normals(rng, y.shape.slice());
  const grads = gradients(y, b === null ? [x, w] : [x, w, b], { gradOutputs: [r] });
  const label = JSON.stringify(c);
  tf.tidy(() => {
    const [tx, tw, tb] = [toTf(x), toTf(w), b === null ? null : toTf(b)];
    const want = tfFn(tx, tw, tb, c.options);
    expect(relErr(y, want), `value ${label}`).toBeLessThan(TOL);
    const stride = pair(c.options.stride as Pair | number, 1);
    if (tfFn === tfConv2d && stride[0] === 1 && stride[1] === 1) {
      const native = tfConv2d(tx, tw, tb, c.options, true);
      expect(relErr(y, native), `value (tf's dilation) ${label}`).toBeLessThan(TOL);
    }
    const f = (...args: tf.Tensor[]) =>
      tfFn(args[0] as tf.Tensor, args[1] as tf.Tensor, args[2] ?? null, c.options);
    const tg = tf.grads(f)(tb === null ? [tx, tw] : [tx, tw, tb], toTf(r));
    tg.forEach((g, i) => {
      expect(relErr(grads[i] as Tensor, g), `gradient ${i} ${label}`).toBeLessThan(TOL);
    });
  });
}

describe('conv2d against TensorFlow.js', () => {
  it('on a grid of strides, paddings, dilations and groups (values and gradients)', () => {
    let seed = 1;
    let count = 0;
    for (const stride of [1, 2, [2, 3]] as const)
      for (const padding of [0, 1, [2, 1], 'same', 'valid'] as const)
        for (const dilation of [1, 2, [1, 3]] as const)
          for (const groups of [1, 2]) {
            if (padding === 'same' && stride !== 1) continue;
            const options = { stride, padding, dilation, groups } as Conv2dOptions;
            check2d(
              { x: [2, 4, 9, 8], w: [6, 4 / groups, 3, 2], bias: seed % 2 === 0, options },
              seed++,
            );
            count++;
          }
    expect(count).toBe(78);
  });

  it('on assorted shapes: 1x1 and full-size kernels, even kernels with same padding, one channel, batch 1', () => {
    const cases: Case2d[] = [
      { x: [3, 1, 5, 5], w: [2, 1, 1, 1], bias: true, options: {} },
      { x: [1, 2, 4, 6], w: [3, 2, 4, 6], bias: true, options: {} },
      { x: [2, 3, 6, 7], w: [5, 3, 4, 2], bias: false, options: { padding: 'same' } },
      {
        x: [2, 3, 6, 7],
        w: [5, 3, 4, 4],
        bias: true,
        options: { padding: 'same', dilation: [1, 2] },
      },
      {
        x: [1, 6, 10, 3],
        w: [3, 2, 3, 3],
        bias: true,
        options: { groups: 3, stride: [3, 1], padding: [2, 1] },
      },
      { x: [4, 16, 12, 12], w: [16, 16, 3, 3], bias: true, options: { padding: 1 } },
      { x: [2, 8, 11, 11], w: [8, 8, 5, 5], bias: true, options: { stride: 2, padding: 2 } },
      {
        x: [2, 3, 9, 9],
        w: [4, 3, 3, 3],
        bias: false,
        options: { stride: 4, padding: 3, dilation: 2 },
      },
    ];
    cases.forEach((c, i) => {
      check2d(c, 100 + i);
    });
  });

  it('depthwise (groups = channels, channel multiplier 1 and 2) against tf.depthwiseConv2d', () => {
    const tfDepthwise = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | null, o: Conv2dOptions) => {
      // (its gradient takes no dilation in tfjs 4.22: the zeros go into the kernel.)
      const wk = inflate(w, pair(o.dilation as Pair | number, 1));
      const [oc, , kh, kw] = wk.shape as number[];
      const c = x.shape[1] as number;
      const filter = tf.transpose(
        tf.reshape(wk, [c, (oc as number) / c, kh as number, kw as number]),
        [2, 3, 0, 1],
      );
      const y = nchw(
        tf.depthwiseConv2d(
          nhwc(x) as tf.Tensor4D,
          filter as tf.Tensor4D,
          pair(o.stride as Pair | number, 1),
          tfPad(o.padding) as 'same',
          'NHWC',
        ),
      );
      return b === null ? y : tf.add(y, tf.reshape(b, [1, -1, 1, 1]));
    };
    check2d(
      { x: [2, 4, 7, 7], w: [4, 1, 3, 3], bias: true, options: { groups: 4, padding: 1 } },
      200,
      tfDepthwise,
    );
    check2d(
      { x: [2, 3, 8, 6], w: [6, 1, 3, 3], bias: false, options: { groups: 3, stride: 2 } },
      201,
      tfDepthwise,
    );
    check2d(
      {
        x: [1, 5, 9, 9],
        w: [10, 1, 3, 3],
        bias: true,
        options: { groups: 5, dilation: 2, padding: 'same' },
      },
      202,
      tfDepthwise,
    );
  });

  it("unbatched input [C, H, W] gives [O, H', W'], the batched result without its batch axis", () => {
    const rng = createRng(7);
    const x = normals(rng, [3, 6, 5]);
    const w = normals(rng, [4, 3, 3, 3]);
    const b = normals(rng, [4]);
    const y = conv2d(x, w, b, { padding: 1, stride: 2 });
    expect(y.shape).toEqual([4, 3, 3]);
    const yb = conv2d(x.reshape([1, 3, 6, 5]), w, b, { padding: 1, stride: 2 });
    expect(Array.from(y.data)).toEqual(Array.from(yb.data));
  });

  it('the options may come third when there is no bias; null and undefined biases are no bias', () => {
    const rng = createRng(8);
    const x = normals(rng, [1, 2, 5, 5]);
    const w = normals(rng, [3, 2, 3, 3]);
    const a = conv2d(x, w, { padding: 1 });
    expect(a.shape).toEqual([1, 3, 5, 5]);
    expect(Array.from(conv2d(x, w, null, { padding: 1 }).data)).toEqual(Array.from(a.data));
    expect(Array.from(conv2d(x, w, undefined, { padding: 1 }).data)).toEqual(Array.from(a.data));
    expect(conv2d(x, w).shape).toEqual([1, 3, 3, 3]);
  });
});

describe('conv1d against TensorFlow.js', () => {
  it('on a grid of strides, paddings, dilations and groups (values and gradients)', () => {
    let seed = 300;
    for (const stride of [1, 2, 3])
      for (const padding of [0, 2, 'same', 'valid'] as const)
        for (const dilation of [1, 2])
          for (const groups of [1, 2]) {
            if (padding === 'same' && stride !== 1) continue;
            const rng = createRng(seed++);
            const x = normals(rng, [2, 4, 13]).setRequiresGrad();
            const w = normals(rng, [6, 4 / groups, 4]).setRequiresGrad();
            const b = normals(rng, [6]).setRequiresGrad();
            const options = { stride, padding, dilation, groups };
            const y = conv1d(x, w, b, options);
            const r = normals(rng, y.shape.slice());
            const grads = gradients(y, [x, w, b], { gradOutputs: [r] });
            tf.tidy(() => {
              const f = (tx: tf.Tensor, tw: tf.Tensor, tb: tf.Tensor) => {
                // tfjs differentiates no dilation: the kernel gets the zeros.
                const wk = tf.squeeze(inflate(tf.expandDims(tw, 2), [1, dilation]), [2]);
                // Explicit padding as zeros written around the input, then 'valid'.
                const p = typeof padding === 'number' ? padding : 0;
                const xp =
                  p > 0
                    ? tf.pad(tx, [
                        [0, 0],
                        [0, 0],
                        [p, p],
                      ])
                    : tx;
                const xs = groups === 1 ? [xp] : tf.split(xp, groups, 1);
                const ws = groups === 1 ? [wk] : tf.split(wk, groups, 0);
                const ys = xs.map((xg, g) =>
                  tf.transpose(
                    tf.conv1d(
                      tf.transpose(xg, [0, 2, 1]) as tf.Tensor3D,
                      tf.transpose(ws[g] as tf.Tensor, [2, 1, 0]) as tf.Tensor3D,
                      stride,
                      padding === 'same' ? 'same' : 'valid',
                      'NWC',
                    ),
                    [0, 2, 1],
                  ),
                );
                const y1 = groups === 1 ? (ys[0] as tf.Tensor) : tf.concat(ys, 1);
                return tf.add(y1, tf.reshape(tb, [1, -1, 1]));
              };
              const args = [toTf(x), toTf(w), toTf(b)] as const;
              const label = JSON.stringify(options);
              expect(relErr(y, f(...args)), `value ${label}`).toBeLessThan(TOL);
              const tg = tf.grads((a, c, d) => f(a as tf.Tensor, c as tf.Tensor, d as tf.Tensor))(
                [...args],
                toTf(r),
              );
              tg.forEach((g, i) => {
                expect(relErr(grads[i] as Tensor, g), `gradient ${i} ${label}`).toBeLessThan(TOL);
              });
            });
          }
  });

  it('unbatched [C, L] and the options third', () => {
    const rng = createRng(9);
    const x = normals(rng, [2, 9]);
    const w = normals(rng, [3, 2, 4]);
    const y = conv1d(x, w, { padding: 'same' });
    expect(y.shape).toEqual([3, 9]);
    expect(Array.from(y.data)).toEqual(
      Array.from(conv1d(x.reshape([1, 2, 9]), w, { padding: 'same' }).data),
    );
  });
});

describe('convTranspose2d against TensorFlow.js', () => {
  /** tf.conv2dTranspose with PyTorch's weight [C_in, C_out/groups, kH, kW] (groups by splitting). */
  const tfTranspose =
    (o: ConvTranspose2dOptions, outHW: Pair) =>
    (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | null): tf.Tensor => {
      const stride = pair(o.stride as Pair | number, 1);
      const [ph, pw] = pair(o.padding as Pair | number, 0);
      const [oph, opw] = pair(o.outputPadding as Pair | number, 0);
      const groups = o.groups ?? 1;
      // Output padding as less padding at the bottom / right (tf needs an output size that its
      // convolution maps back onto x's); where that would be negative, zero rows added after.
      const [pbh, pbw] = [ph - oph, pw - opw];
      const [th, tw] = [outHW[0] + Math.min(0, pbh), outHW[1] + Math.min(0, pbw)];
      const wk = inflate(w, pair(o.dilation as Pair | number, 1));
      const n = x.shape[0] as number;
      const cog = w.shape[1] as number;
      const xs = groups === 1 ? [x] : tf.split(x, groups, 1);
      const ws = groups === 1 ? [wk] : tf.split(wk, groups, 0);
      const ys = xs.map((xg, g) =>
        nchw(
          tf.conv2dTranspose(
            nhwc(xg) as tf.Tensor4D,
            // [C_in, C_out, kH, kW] → [kH, kW, C_out, C_in]
            tf.transpose(ws[g] as tf.Tensor, [2, 3, 1, 0]) as tf.Tensor4D,
            [n, th, tw, cog],
            stride,
            [
              [0, 0],
              [ph, Math.max(0, pbh)],
              [pw, Math.max(0, pbw)],
              [0, 0],
            ] as never,
          ),
        ),
      );
      const y0 = groups === 1 ? (ys[0] as tf.Tensor) : tf.concat(ys, 1);
      const y = tf.pad(y0, [
        [0, 0],
        [0, 0],
        [0, Math.max(0, -pbh)],
        [0, Math.max(0, -pbw)],
      ]);
      return b === null ? y : tf.add(y, tf.reshape(b, [1, -1, 1, 1]));
    };

  it('on a grid of strides, paddings, output paddings, dilations and groups (values and gradients)', () => {
    let seed = 400;
    let count = 0;
    for (const stride of [1, 2, [3, 2]] as const)
      for (const padding of [0, 1, [2, 0]] as const)
        for (const outputPadding of [0, 1] as const)
          for (const dilation of [1, 2] as const)
            for (const groups of [1, 2]) {
              if (outputPadding >= Math.max(pair(stride, 1)[1], dilation)) continue;
              if (outputPadding >= Math.max(pair(stride, 1)[0], dilation)) continue;
              const options = {
                stride,
                padding,
                outputPadding,
                dilation,
                groups,
              } as ConvTranspose2dOptions;
              const rng = createRng(seed++);
              const x = normals(rng, [2, 4, 5, 4]).setRequiresGrad();
              const w = normals(rng, [4, 6 / groups, 3, 2]).setRequiresGrad();
              const b = normals(rng, [6]).setRequiresGrad();
              const y = convTranspose2d(x, w, b, options);
              const r = normals(rng, y.shape.slice());
              const grads = gradients(y, [x, w, b], { gradOutputs: [r] });
              const f = tfTranspose(options, [y.shape[2] as number, y.shape[3] as number]);
              const label = JSON.stringify(options);
              tf.tidy(() => {
                const args = [toTf(x), toTf(w), toTf(b)] as const;
                expect(relErr(y, f(...args)), `value ${label}`).toBeLessThan(TOL);
                const tg = tf.grads((a, c, d) => f(a as tf.Tensor, c as tf.Tensor, d as tf.Tensor))(
                  [...args],
                  toTf(r),
                );
                tg.forEach((g, i) => {
                  expect(relErr(grads[i] as Tensor, g), `gradient ${i} ${label}`).toBeLessThan(TOL);
                });
              });
              count++;
            }
    expect(count).toBeGreaterThan(40);
  });

  it('output size (H - 1)·s - 2p + d(k - 1) + outputPadding + 1, and it is the adjoint of conv2d', () => {
    const rng = createRng(11);
    const x = normals(rng, [2, 8, 5, 5]);
    const w = normals(rng, [8, 3, 3, 3]);
    const y = convTranspose2d(x, w, { stride: 2, padding: 1, outputPadding: 1 });
    expect(y.shape).toEqual([2, 3, 10, 10]);
    // <convT(x), z> = <x, conv2d(z)> for any z of y's shape.
    const z = normals(rng, [2, 3, 10, 10]);
    const lhs = y.mul(z).sum().item();
    const rhs = x
      .mul(conv2d(z, w, { stride: 2, padding: 1 }))
      .sum()
      .item();
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-3 * Math.abs(lhs) + 1e-3);
    expect(convTranspose2d(normals(rng, [8, 5, 5]), w).shape).toEqual([3, 7, 7]);
  });
});
