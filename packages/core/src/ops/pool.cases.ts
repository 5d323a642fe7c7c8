/**
 * Gradcheck cases (first and second order, float64) of the pooling ops and their backward ops,
 * on random shapes, kernels, strides, paddings, dilations and ceil modes (loaded by
 * `ops-gradcheck.test.ts`). Max pooling gets distinct values (no ties within eps) and no window
 * made of padding alone (padding only with dilation 1), so that it is differentiable at the
 * sample. Outputs are squared, so that second order sees a curved function.
 */
import fc from 'fast-check';
import { getOp } from '../registry.js';
import type { Tensor } from '../tensor.js';
import { adaptiveAvgPool2d } from './adaptive-pool.js';
import { type Case, seedArb, values } from './gradcheck-support.js';
import { avgPool2d, maxPool2d } from './pool.js';
import { type Pair, pooledShape, withSpatial } from './pool-geometry.js';

interface Geometry {
  /** Input shape, `[N, C, H, W]` or `[C, H, W]`. */
  readonly shape: number[];
  readonly kernelSize: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;
  readonly ceilMode: boolean;
}

/** One axis: kernel, stride, dilation, padding (0 unless dilation 1), and a size that fits. */
const axisArb = (dilated: boolean) =>
  fc
    .tuple(
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 1, max: dilated ? 2 : 1 }),
      fc.integer({ min: 0, max: 1 }),
      fc.integer({ min: 0, max: 2 }),
    )
    .map(([k, s, d, p0, extra]) => {
      const p = d === 1 ? Math.min(p0, Math.floor(k / 2)) : 0;
      const size = Math.max(1, d * (k - 1) + 1 - 2 * p) + extra;
      return { k, s, d, p, size };
    });

const geometryArb = (dilated: boolean) =>
  fc
    .tuple(
      fc.boolean(),
      fc.integer({ min: 1, max: 2 }),
      fc.integer({ min: 1, max: 2 }),
      axisArb(dilated),
      axisArb(dilated),
      fc.boolean(),
    )
    .map(
      ([batched, n, c, r, q, ceilMode]): Geometry => ({
        shape: batched ? [n, c, r.size, q.size] : [c, r.size, q.size],
        kernelSize: [r.k, q.k],
        stride: [r.s, q.s],
        padding: [r.p, q.p],
        dilation: [r.d, q.d],
        ceilMode,
      }),
    );

const maxOptions = (g: Geometry) => ({
  stride: g.stride,
  padding: g.padding,
  dilation: g.dilation,
  ceilMode: g.ceilMode,
});

const maxAttrs = (g: Geometry) => ({ kernelSize: g.kernelSize, ...maxOptions(g) });

const outShape = (g: Geometry) => {
  const [oh, ow] = pooledShape('test', g.shape, maxAttrs(g));
  return withSpatial(g.shape, oh, ow);
};

/** maxPool2d's positions of the maxima of distinct values in the geometry `g`. */
const positions = (g: Geometry, seed: number) =>
  getOp('maxPool2dIndices').apply([values(g.shape, seed, 'distinct')], maxAttrs(g));

const avgOptions = (g: Geometry, countIncludePad: boolean) => ({
  stride: g.stride,
  padding: g.padding,
  ceilMode: g.ceilMode,
  countIncludePad,
});

const adaptiveArb = fc
  .tuple(
    fc.boolean(),
    fc.integer({ min: 1, max: 2 }),
    fc.integer({ min: 1, max: 6 }),
    fc.integer({ min: 1, max: 6 }),
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 4 }),
    seedArb,
  )
  .map(([batched, c, h, w, oh, ow, seed]) => ({
    shape: batched ? [2, c, h, w] : [c, h, w],
    out: [oh, ow] as Pair,
    seed,
  }));

/** maxPool2d's positions of its maxima: integers, no gradient. */
export const noGradientOps = ['maxPool2dIndices'];

export const cases: Record<string, Case> = {
  maxPool2d: {
    order2: true,
    arb: fc.tuple(geometryArb(true), seedArb).map(([g, seed]) => ({
      inputs: [values(g.shape, seed, 'distinct')],
      fn: (x) => maxPool2d(x as Tensor, g.kernelSize, maxOptions(g)).square(),
    })),
  },
  // The positions are fixed (computed from distinct values): like gather's index, not an input.
  maxPool2dBackward: {
    order2: true,
    arb: fc.tuple(geometryArb(true), seedArb).map(([g, seed]) => {
      const idx = positions(g, seed + 1);
      return {
        inputs: [values(idx.shape, seed)],
        fn: (gy: Tensor) =>
          getOp('maxPool2dBackward').apply([gy, idx], { inputShape: g.shape }).square(),
      };
    }),
  },
  maxPool2dGather: {
    order2: true,
    arb: fc.tuple(geometryArb(true), seedArb).map(([g, seed]) => {
      const idx = positions(g, seed + 1);
      return {
        inputs: [values(g.shape, seed)],
        fn: (src: Tensor) => getOp('maxPool2dGather').apply([src, idx]).square(),
      };
    }),
  },
  avgPool2d: {
    order2: true,
    arb: fc.tuple(geometryArb(false), fc.boolean(), seedArb).map(([g, cip, seed]) => ({
      inputs: [values(g.shape, seed)],
      fn: (x) => avgPool2d(x as Tensor, g.kernelSize, avgOptions(g, cip)).square(),
    })),
  },
  avgPool2dBackward: {
    order2: true,
    arb: fc.tuple(geometryArb(false), fc.boolean(), seedArb).map(([g, cip, seed]) => ({
      inputs: [values(outShape(g), seed)],
      fn: (gy) =>
        getOp('avgPool2dBackward')
          .apply([gy as Tensor], {
            kernelSize: g.kernelSize,
            ...avgOptions(g, cip),
            inputShape: g.shape,
          })
          .square(),
    })),
  },
  adaptiveAvgPool2d: {
    order2: true,
    arb: adaptiveArb.map(({ shape, out, seed }) => ({
      inputs: [values(shape, seed)],
      fn: (x) => adaptiveAvgPool2d(x as Tensor, out).square(),
    })),
  },
  adaptiveAvgPool2dBackward: {
    order2: true,
    arb: adaptiveArb.map(({ shape, out, seed }) => ({
      inputs: [values(withSpatial(shape, out[0], out[1]), seed)],
      fn: (gy) =>
        getOp('adaptiveAvgPool2dBackward')
          .apply([gy as Tensor], { outputSize: out, inputShape: shape })
          .square(),
    })),
  },
};
