/**
 * Every registered core op with a backward rule against central finite differences in float64,
 * on random shapes (broadcast shapes included), first and second order. The table (this file's,
 * plus the `cases` of every `*.cases.ts` beside it) is checked against `listOps()`, so an op
 * added without a case fails the suite.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  broadcastShapes,
  concat,
  createRng,
  gather,
  getOp,
  gradcheck,
  linear,
  listOps,
  matmul,
  stack,
  Tensor,
  where,
} from '../index.js';
import {
  bcast,
  binaryCase,
  type Case,
  dim,
  type Kind,
  reduceArgs,
  seedArb,
  shapeArb,
  unaryCase,
  values,
} from './gradcheck-support.js';

/** The cases and no-gradient ops of each op family that keeps them in its own `*.cases.ts`. */
interface CasesModule {
  readonly cases: Readonly<Record<string, Case>>;
  readonly noGradientOps?: readonly string[];
}
const familyModules: CasesModule[] = await Promise.all(
  readdirSync(dirname(fileURLToPath(import.meta.url)))
    .filter((f) => f.endsWith('.cases.ts'))
    .sort()
    .map((f) => import(`./${f}`) as Promise<CasesModule>),
);

const reduceCase = (
  fn: (x: Tensor, axes: number[] | undefined, keepDims: boolean) => Tensor,
  kind: Kind,
): Case => ({
  order2: true,
  arb: fc.tuple(reduceArgs, seedArb).map(([{ shape, axes, keepDims }, seed]) => ({
    inputs: [values(shape, seed, kind)],
    fn: (x) => fn(x as Tensor, axes, keepDims),
  })),
});

const axisCase = (fn: (x: Tensor, axis: number) => Tensor, kind: Kind = 'normal'): Case => ({
  order2: true,
  arb: fc
    .tuple(shapeArb(1, 3), seedArb)
    .chain(([s, seed]) =>
      fc.tuple(
        fc.constant(s),
        fc.constant(seed),
        fc.integer({ min: -s.length, max: s.length - 1 }),
      ),
    )
    .map(([s, seed, axis]) => ({
      inputs: [values(s, seed, kind)],
      fn: (x) => fn(x as Tensor, axis),
    })),
});

/** Matmul operands: 2-D, batched with broadcast batch axes, and NumPy's 1-D cases. */
const matmulArb = fc
  .tuple(
    dim,
    dim,
    dim,
    bcast(2, 2),
    fc.constantFrom('2d', 'batched', 'vec@mat', 'mat@vec', 'vec@vec', 'vec@batched', 'batched@vec'),
    fc.boolean(),
    fc.boolean(),
    seedArb,
  )
  .map(([m, k, n, [ba, bb], kind, transA, transB, seed]) => {
    let sa: number[];
    let sb: number[];
    switch (kind) {
      case '2d':
        sa = transA ? [k, m] : [m, k];
        sb = transB ? [n, k] : [k, n];
        break;
      case 'batched':
        sa = [...(ba as number[]), ...(transA ? [k, m] : [m, k])];
        sb = [...(bb as number[]), ...(transB ? [n, k] : [k, n])];
        break;
      case 'vec@mat':
        sa = [k];
        sb = [k, n];
        break;
      case 'mat@vec':
        sa = [m, k];
        sb = [k];
        break;
      case 'vec@vec':
        sa = [k];
        sb = [k];
        break;
      case 'vec@batched':
        sa = [k];
        sb = [...(bb as number[]), k, n];
        break;
      default:
        sa = [...(ba as number[]), m, k];
        sb = [k];
    }
    const opts = kind === '2d' || kind === 'batched' ? { transA, transB } : {};
    return {
      inputs: [values(sa, seed), values(sb, seed + 1)],
      fn: (a: Tensor, b: Tensor) => matmul(a, b, opts),
    };
  });

const sliceArgs = shapeArb(1, 3).chain((s) =>
  fc
    .tuple(
      fc.constant(s),
      fc.tuple(...s.map((d) => fc.integer({ min: 0, max: d - 1 }))),
      fc.tuple(...s.map(() => fc.integer({ min: 0, max: 3 }))),
    )
    .map(([shape, begin, extra]) => ({
      shape,
      begin: begin as number[],
      size: begin.map((b, i) => Math.min((shape[i] as number) - b, (extra[i] as number) + 1)),
    })),
);

const gatherArgs = fc
  .tuple(shapeArb(1, 3), seedArb)
  .chain(([s, seed]) =>
    fc.tuple(
      fc.constant(s),
      fc.constant(seed),
      fc.integer({ min: 0, max: s.length - 1 }),
      fc.tuple(...s.map((d) => fc.integer({ min: 1, max: d }))),
      fc.integer({ min: 1, max: 4 }),
    ),
  )
  .map(([s, seed, axis, sub, depth]) => {
    const ishape = (sub as number[]).slice();
    ishape[axis] = depth;
    const r = createRng(seed + 7);
    const n = ishape.reduce((p, d) => p * d, 1);
    const idx = new Float64Array(n);
    for (let i = 0; i < n; i++) idx[i] = r.int(s[axis] as number);
    return { x: values(s, seed), index: Tensor._make(idx, ishape), axis };
  });

const joinArgs = fc
  .tuple(shapeArb(1, 3), fc.integer({ min: 1, max: 3 }), seedArb)
  .chain(([s, count, seed]) =>
    fc.tuple(
      fc.constant(s),
      fc.integer({ min: 0, max: s.length - 1 }),
      fc.array(dim, { minLength: count, maxLength: count }),
      fc.constant(seed),
    ),
  )
  .map(([s, axis, sizes, seed]) => ({
    axis,
    parts: sizes.map((d, i) => {
      const shape = s.slice();
      shape[axis] = d;
      return values(shape, seed + i);
    }),
  }));

/** Cases for linear's backward ops: squared, so that order 2 sees a curved function. */
function linearBackwardCase(name: string): Case {
  return {
    order2: true,
    arb: fc.tuple(shapeArb(0, 2), dim, dim, seedArb).map(([lead, k, n, seed]) => ({
      inputs: [
        values([...lead, n], seed),
        values([...lead, k], seed + 1),
        values([n, k], seed + 2),
      ],
      fn: (g, x, w) =>
        getOp(name)
          .apply([g as Tensor, x as Tensor, w as Tensor])
          .square(),
    })),
  };
}

const cases: Record<string, Case> = {
  ...Object.assign({}, ...familyModules.map((m) => m.cases)),
  add: binaryCase((a, b) => a.add(b), 'normal', 'normal'),
  sub: binaryCase((a, b) => a.sub(b), 'normal', 'normal'),
  mul: binaryCase((a, b) => a.mul(b), 'normal', 'normal'),
  div: binaryCase((a, b) => a.div(b), 'normal', 'away0'),
  pow: binaryCase((a, b) => a.pow(b), 'positive', 'normal'),
  maximum: binaryCase((a, b) => a.maximum(b), 'gridA', 'gridB'),
  minimum: binaryCase((a, b) => a.minimum(b), 'gridA', 'gridB'),
  neg: unaryCase((x) => x.neg(), 'normal'),
  exp: unaryCase((x) => x.exp(), 'normal'),
  log: unaryCase((x) => x.log(), 'positive'),
  log1p: unaryCase((x) => x.log1p(), 'open1'),
  expm1: unaryCase((x) => x.expm1(), 'normal'),
  sqrt: unaryCase((x) => x.sqrt(), 'positive'),
  abs: unaryCase((x) => x.abs(), 'away0'),
  square: unaryCase((x) => x.square(), 'normal'),
  sign: unaryCase((x) => x.sign().mul(x), 'away0'),
  clamp: unaryCase((x) => x.clamp(-0.5, 0.7), 'gridA'),
  where: {
    order2: true,
    arb: fc.tuple(bcast(3), seedArb).map(([[sc, sa, sb], seed]) => ({
      inputs: [values(sa as number[], seed), values(sb as number[], seed + 1)],
      fn: (a, b) =>
        where(
          values(sc as number[], seed + 2, 'bool'),
          (a as Tensor).exp(),
          (b as Tensor).square(),
        ),
    })),
  },
  matmul: { order2: true, arb: matmulArb },
  linear: {
    order2: true,
    // x of rank 1 to 3 ([..., in]), weight [out, in], bias [out]; squared so that order 2 sees
    // a curved function.
    arb: fc.tuple(shapeArb(0, 2), dim, dim, seedArb).map(([lead, k, n, seed]) => ({
      inputs: [values([...lead, k], seed), values([n, k], seed + 1), values([n], seed + 2)],
      fn: (x, w, b) => linear(x as Tensor, w as Tensor, b as Tensor).square(),
    })),
  },
  // linear's backward ops (inputs g [..., out], x [..., in], weight [out, in]); x only gives
  // linearInputGrad its shape, weight only gives linearWeightGrad and linearBiasGrad theirs.
  linearInputGrad: linearBackwardCase('linearInputGrad'),
  linearWeightGrad: linearBackwardCase('linearWeightGrad'),
  linearBiasGrad: linearBackwardCase('linearBiasGrad'),
  sum: reduceCase((x, a, k) => x.sum(a, k).square(), 'normal'),
  mean: reduceCase((x, a, k) => x.mean(a, k).square(), 'normal'),
  max: reduceCase((x, a, k) => x.max(a, k).square(), 'distinct'),
  min: reduceCase((x, a, k) => x.min(a, k).square(), 'distinct'),
  logSumExp: reduceCase((x, a, k) => x.logSumExp(a, k), 'normal'),
  softmax: axisCase((x, a) => x.softmax(a)),
  logSoftmax: axisCase((x, a) => x.logSoftmax(a)),
  reshape: {
    order2: true,
    arb: fc.tuple(shapeArb(), seedArb, fc.integer({ min: 0, max: 2 })).map(([s, seed, k]) => ({
      inputs: [values(s, seed)],
      fn: (x) => {
        const t = x as Tensor;
        const target = k === 0 ? [-1] : k === 1 ? s.slice().reverse() : [1, ...s, 1];
        return t.reshape(target).square();
      },
    })),
  },
  permute: {
    order2: true,
    arb: shapeArb(0, 4)
      .chain((s) =>
        fc.tuple(
          fc.constant(s),
          fc.shuffledSubarray(
            s.map((_, i) => i),
            { minLength: s.length, maxLength: s.length },
          ),
          seedArb,
        ),
      )
      .map(([s, perm, seed]) => ({
        inputs: [values(s, seed)],
        fn: (x) => (x as Tensor).permute(perm).square(),
      })),
  },
  expand: {
    order2: true,
    arb: fc.tuple(bcast(2), seedArb).map(([[sa, sb], seed]) => ({
      inputs: [values(sa as number[], seed)],
      fn: (x) =>
        (x as Tensor).expand(broadcastShapes('test', sa as number[], sb as number[])).square(),
    })),
  },
  slice: {
    order2: true,
    arb: fc.tuple(sliceArgs, seedArb).map(([{ shape, begin, size }, seed]) => ({
      inputs: [values(shape, seed)],
      fn: (x) => (x as Tensor).slice(begin, size).square(),
    })),
  },
  sliceGrad: {
    order2: true,
    arb: fc.tuple(sliceArgs, seedArb).map(([{ shape, begin, size }, seed]) => ({
      inputs: [values(size, seed)],
      fn: (g) =>
        getOp('sliceGrad')
          .apply([g as Tensor], { begin, size, inputShape: shape })
          .square(),
    })),
  },
  gather: {
    order2: true,
    arb: gatherArgs.map(({ x, index, axis }) => ({
      inputs: [x],
      fn: (t) => gather(t as Tensor, index, axis).square(),
    })),
  },
  scatterAdd: {
    order2: true,
    arb: gatherArgs.map(({ x, index, axis }) => ({
      inputs: [values(index.shape, 11)],
      fn: (s) =>
        getOp('scatterAdd')
          .apply([s as Tensor, index], { axis, inputShape: x.shape.slice() })
          .square(),
    })),
  },
  concat: {
    order2: true,
    arb: joinArgs.map(({ axis, parts }) => ({
      inputs: parts,
      fn: (...xs) => concat(xs, axis).square(),
    })),
  },
  stack: {
    order2: true,
    arb: fc
      .tuple(shapeArb(0, 2), fc.integer({ min: 1, max: 3 }), seedArb)
      .chain(([s, count, seed]) =>
        fc.tuple(
          fc.constant(s),
          fc.constant(count),
          fc.constant(seed),
          fc.integer({ min: 0, max: s.length }),
        ),
      )
      .map(([s, count, seed, axis]) => ({
        inputs: Array.from({ length: count }, (_, i) => values(s, seed + i)),
        fn: (...xs) => stack(xs, axis).square(),
      })),
  },
  // float32 in the middle: a large step keeps float32 rounding out of the difference quotient.
  cast: {
    order2: false,
    options: { eps: 1e-2, atol: 1e-4 },
    arb: fc.tuple(shapeArb(), seedArb).map(([s, seed]) => ({
      inputs: [values(s, seed)],
      fn: (x) => (x as Tensor).to('float32').mul(3).to('float64'),
    })),
  },
};

/** Ops registered by core that have no gradient by design. */
const noGradientOps = [
  'equal',
  'greater',
  'greaterEqual',
  'less',
  'lessEqual',
  'notEqual',
  'oneHot',
  ...familyModules.flatMap((m) => m.noGradientOps ?? []),
];

describe('gradcheck of every core op (float64, random shapes)', () => {
  it('covers every registered op that has a backward rule', () => {
    const withBackward = listOps().filter((n) => getOp(n).backward !== undefined);
    expect(withBackward.filter((n) => !(n in cases))).toEqual([]);
    // Composite functions in the table (not ops themselves): stack = reshape + concat.
    expect(Object.keys(cases).filter((n) => !withBackward.includes(n))).toEqual(['stack']);
    const without = listOps().filter((n) => getOp(n).backward === undefined);
    expect(without.sort()).toEqual(noGradientOps.slice().sort());
  });

  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: first order`, () => {
      fc.assert(
        fc.property(c.arb, ({ inputs, fn }) => gradcheck(fn, inputs, c.options)),
        { seed: 20261127, numRuns: 40 },
      );
    });
    if (c.order2) {
      it(`${name}: second order`, () => {
        fc.assert(
          fc.property(c.arb, ({ inputs, fn }) => gradcheck(fn, inputs, { ...c.options, order: 2 })),
          { seed: 20261128, numRuns: 20 },
        );
      });
    }
  }

  it('pow with a negative base and an integer exponent (x ** 3)', () => {
    const x = Tensor._make(Float64Array.from([-1.5, -0.4, 0.7, 2]), [4]);
    expect(gradcheck((t) => t.pow(3), [x], { order: 2 })).toBe(true);
  });
});
