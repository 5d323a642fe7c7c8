/**
 * Gradcheck cases of the convolution ops (loaded by `ops-gradcheck.test.ts`): random batch,
 * channels, groups, spatial sizes, kernel sizes, strides, paddings (`'same'` included),
 * dilations and output paddings, batched and unbatched, first and second order in float64.
 * Outputs are squared so that the second order sees a curved function (a convolution is
 * bilinear in its input and weight).
 */
import fc from 'fast-check';
import { getOp } from '../registry.js';
import type { Tensor } from '../tensor.js';
import { conv1d, conv2d, convTranspose2d } from './conv.js';
import { type Case, seedArb, values } from './gradcheck-support.js';

/** One spatial axis: kernel size, stride, dilation, padding and an input size the kernel fits. */
const axisArb = fc
  .record({
    k: fc.integer({ min: 1, max: 3 }),
    s: fc.integer({ min: 1, max: 3 }),
    d: fc.integer({ min: 1, max: 2 }),
    p: fc.integer({ min: 0, max: 2 }),
    extra: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ k, s, d, p, extra }) => ({
    k,
    s,
    d,
    p,
    extra,
    size: Math.max(1, d * (k - 1) + 1 - 2 * p) + extra,
  }));

/** Channels, groups, batch (0 = unbatched) and two spatial axes of a convolution. */
const convArb = fc.record({
  groups: fc.integer({ min: 1, max: 2 }),
  cg: fc.integer({ min: 1, max: 2 }),
  og: fc.integer({ min: 1, max: 2 }),
  batch: fc.integer({ min: 0, max: 2 }),
  h: axisArb,
  w: axisArb,
  same: fc.boolean(),
  bias: fc.boolean(),
  seed: seedArb,
});
type ConvArgs = typeof convArb extends fc.Arbitrary<infer T> ? T : never;

const batched = (a: ConvArgs, rest: number[]) => (a.batch === 0 ? rest : [a.batch, ...rest]);

/** conv2d options of a case: 'same' only with stride 1 on both axes. */
function options2d(a: ConvArgs) {
  const same = a.same && a.h.s === 1 && a.w.s === 1;
  return {
    stride: [a.h.s, a.w.s] as [number, number],
    padding: same ? ('same' as const) : ([a.h.p, a.w.p] as [number, number]),
    dilation: [a.h.d, a.w.d] as [number, number],
    groups: a.groups,
  };
}

/** The output size of conv2d for the case (as the op computes it). */
function outSize(size: number, k: number, s: number, d: number, before: number, after: number) {
  return Math.floor((size + before + after - d * (k - 1) - 1) / s) + 1;
}
function out2d(a: ConvArgs): [number, number] {
  const o = options2d(a);
  const axis = (x: ConvArgs['h']) => {
    const total = x.d * (x.k - 1);
    return o.padding === 'same'
      ? outSize(x.size, x.k, 1, x.d, total >> 1, total - (total >> 1))
      : outSize(x.size, x.k, x.s, x.d, x.p, x.p);
  };
  return [axis(a.h), axis(a.w)];
}

const conv2dCase: Case = {
  order2: true,
  arb: convArb.map((a) => {
    const c = a.cg * a.groups;
    const o = a.og * a.groups;
    const x = values(batched(a, [c, a.h.size, a.w.size]), a.seed);
    const w = values([o, a.cg, a.h.k, a.w.k], a.seed + 1);
    const opts = options2d(a);
    if (!a.bias)
      return { inputs: [x, w], fn: (xx, ww) => conv2d(xx as Tensor, ww as Tensor, opts).square() };
    return {
      inputs: [x, w, values([o], a.seed + 2)],
      fn: (xx, ww, bb) => conv2d(xx as Tensor, ww as Tensor, bb as Tensor, opts).square(),
    };
  }),
};

const conv1dCase: Case = {
  order2: true,
  arb: convArb.map((a) => {
    const c = a.cg * a.groups;
    const o = a.og * a.groups;
    const same = a.same && a.w.s === 1;
    const opts = {
      stride: a.w.s,
      padding: same ? ('same' as const) : a.w.p,
      dilation: a.w.d,
      groups: a.groups,
    };
    const x = values(batched(a, [c, a.w.size]), a.seed);
    const w = values([o, a.cg, a.w.k], a.seed + 1);
    if (!a.bias)
      return { inputs: [x, w], fn: (xx, ww) => conv1d(xx as Tensor, ww as Tensor, opts).square() };
    return {
      inputs: [x, w, values([o], a.seed + 2)],
      fn: (xx, ww, bb) => conv1d(xx as Tensor, ww as Tensor, bb as Tensor, opts).square(),
    };
  }),
};

const convTransposeCase: Case = {
  order2: true,
  arb: fc
    .tuple(convArb, fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }))
    .map(([a, oph, opw]) => {
      // x plays the convolution's output: any size; the output padding below max(stride, dilation).
      const cin = a.og * a.groups;
      const cout = a.cg * a.groups;
      const options = {
        stride: [a.h.s, a.w.s] as [number, number],
        padding: [0, 0] as [number, number],
        outputPadding: [oph % Math.max(a.h.s, a.h.d), opw % Math.max(a.w.s, a.w.d)] as [
          number,
          number,
        ],
        dilation: [a.h.d, a.w.d] as [number, number],
        groups: a.groups,
      };
      const [ih, iw] = [Math.max(1, a.h.extra), Math.max(1, a.w.extra)];
      // Padding may not remove the whole output: at most what (ih - 1)s + d(k - 1) leaves.
      const ph = Math.min(a.h.p, Math.floor(((ih - 1) * a.h.s + a.h.d * (a.h.k - 1)) / 2));
      const pw = Math.min(a.w.p, Math.floor(((iw - 1) * a.w.s + a.w.d * (a.w.k - 1)) / 2));
      options.padding = [ph, pw];
      const x = values(batched(a, [cin, ih, iw]), a.seed);
      const w = values([cin, a.cg, a.h.k, a.w.k], a.seed + 1);
      if (!a.bias) {
        return {
          inputs: [x, w],
          fn: (xx, ww) => convTranspose2d(xx as Tensor, ww as Tensor, options).square(),
        };
      }
      return {
        inputs: [x, w, values([cout], a.seed + 2)],
        fn: (xx, ww, bb) =>
          convTranspose2d(xx as Tensor, ww as Tensor, bb as Tensor, options).square(),
      };
    }),
};

/** The backward ops on their own: g of the convolution's output shape with x or the weight. */
function backwardOpCase(name: 'conv2dInputGrad' | 'conv2dWeightGrad'): Case {
  return {
    order2: true,
    arb: convArb.map((a) => {
      const c = a.cg * a.groups;
      const o = a.og * a.groups;
      const [oh, ow] = out2d(a);
      const g = values(batched(a, [o, oh, ow]), a.seed);
      const opts = options2d(a);
      if (name === 'conv2dInputGrad') {
        const attrs = { ...opts, inputSize: [a.h.size, a.w.size] };
        return {
          inputs: [g, values([o, a.cg, a.h.k, a.w.k], a.seed + 1)],
          fn: (gg, ww) =>
            getOp(name)
              .apply([gg as Tensor, ww as Tensor], attrs)
              .square(),
        };
      }
      const attrs = { ...opts, kernelSize: [a.h.k, a.w.k] };
      return {
        inputs: [g, values(batched(a, [c, a.h.size, a.w.size]), a.seed + 1)],
        fn: (gg, xx) =>
          getOp(name)
            .apply([gg as Tensor, xx as Tensor], attrs)
            .square(),
      };
    }),
  };
}

export const cases: Record<string, Case> = {
  conv2d: conv2dCase,
  conv1d: conv1dCase,
  convTranspose2d: convTransposeCase,
  conv2dInputGrad: backwardOpCase('conv2dInputGrad'),
  conv2dWeightGrad: backwardOpCase('conv2dWeightGrad'),
};
