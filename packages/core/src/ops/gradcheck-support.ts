/**
 * What the gradcheck suite (`ops-gradcheck.test.ts`) is made of: value generators suited to each
 * op (no kinks, no ties, valid domain), fast-check shapes, and the `Case` record. An op family
 * may keep its cases in its own `<family>.cases.ts` beside it, exporting `cases` (and
 * `noGradientOps` for ops without a rule); the suite loads every such file. Test support only:
 * nothing in the package imports it.
 */
import fc from 'fast-check';
import type { GradcheckOptions } from '../gradcheck.js';
import { createRng } from '../rng.js';
import { Tensor } from '../tensor.js';

export type Kind =
  | 'normal'
  | 'positive'
  | 'away0'
  | 'gridA'
  | 'gridB'
  | 'open1'
  | 'distinct'
  | 'bool';

/** A float64 tensor of `shape` whose values suit the op (no kinks, no ties, valid domain). */
export function values(shape: readonly number[], seed: number, kind: Kind = 'normal'): Tensor {
  const r = createRng(seed);
  const n = shape.reduce((p, d) => p * d, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (kind) {
      case 'normal':
        d[i] = r.normal();
        break;
      case 'positive':
        d[i] = 0.5 + 1.5 * r.random();
        break;
      case 'away0':
        d[i] = (r.random() < 0.5 ? -1 : 1) * (0.3 + r.random());
        break;
      // Two interleaved grids: any a - b is an odd multiple of 0.1, so never a tie.
      case 'gridA':
        d[i] = 0.2 * (r.int(21) - 10) + 0.05;
        break;
      case 'gridB':
        d[i] = 0.2 * (r.int(21) - 10) + 0.15;
        break;
      case 'open1':
        d[i] = -0.5 + 2 * r.random();
        break;
      case 'bool':
        d[i] = r.random() < 0.5 ? 0 : 1;
        break;
      case 'distinct':
        d[i] = i * 0.25 - 1;
        break;
    }
  }
  if (kind === 'distinct') {
    for (let i = n - 1; i > 0; i--) {
      const j = r.int(i + 1);
      const t = d[i] as number;
      d[i] = d[j] as number;
      d[j] = t;
    }
  }
  return Tensor._make(d, shape.slice());
}

export const dim = fc.integer({ min: 1, max: 3 });
export const shapeArb = (minRank = 0, maxRank = 3) =>
  fc.array(dim, { minLength: minRank, maxLength: maxRank });
export const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/**
 * `count` shapes that broadcast together (NumPy rules): each axis is a size or 1 per operand
 * (chosen independently), and each operand may drop leading axes.
 */
export const bcast = (count: number, maxRank = 3) =>
  fc
    .array(fc.tuple(dim, fc.array(fc.boolean(), { minLength: count, maxLength: count })), {
      maxLength: maxRank,
    })
    .chain((axes) =>
      fc.tuple(
        fc.constant(axes),
        fc.array(fc.integer({ min: 0, max: axes.length }), { minLength: count, maxLength: count }),
      ),
    )
    .map(([axes, drops]) =>
      drops.map((drop, i) => axes.map(([d, ones]) => (ones[i] ? 1 : d)).slice(drop)),
    );

/** Shape plus a random subset of its axes (or undefined = all), some given as negative. */
export const reduceArgs = shapeArb(0, 3).chain((shape) =>
  fc
    .tuple(
      fc.constant(shape),
      fc.option(fc.subarray(shape.map((_, i) => i)), { nil: undefined }),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([s, axes, keepDims, negative]) => ({
      shape: s,
      axes: axes === undefined ? undefined : negative ? axes.map((a) => a - s.length) : axes,
      keepDims,
    })),
);

export interface Case {
  /** Random inputs for one run. */
  readonly arb: fc.Arbitrary<{ inputs: Tensor[]; fn: (...xs: Tensor[]) => Tensor }>;
  /** Also check second order. */
  readonly order2?: boolean;
  readonly options?: GradcheckOptions;
}

export const binaryCase = (
  fn: (a: Tensor, b: Tensor) => Tensor,
  ka: Kind,
  kb: Kind,
  order2 = true,
): Case => ({
  order2,
  arb: fc.tuple(bcast(2), seedArb).map(([[sa, sb], seed]) => ({
    inputs: [values(sa as number[], seed, ka), values(sb as number[], seed + 1, kb)],
    fn: (a, b) => fn(a as Tensor, b as Tensor),
  })),
});

export const unaryCase = (fn: (x: Tensor) => Tensor, kind: Kind, order2 = true): Case => ({
  order2,
  arb: fc.tuple(shapeArb(), seedArb).map(([s, seed]) => ({
    inputs: [values(s, seed, kind)],
    fn: (x) => fn(x as Tensor),
  })),
});
