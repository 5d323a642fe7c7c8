import { describe, expect, it } from 'vitest';
import { tensor } from '../create.js';
import { DTYPES } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import {
  BINARY_KINDS,
  checkAdam,
  checkAxpy,
  checkBinary,
  checkLinear,
  checkLinearBackward,
  checkLinearBackwardInPlace,
  checkMatmul,
  checkReduce,
  checkUnary,
} from './conformance.testutil.js';
import { fastKernels } from './fast.js';
import { getKernels, setKernels } from './index.js';
import type { ReduceKind, UnaryKind } from './kernels.js';
import { referenceKernels } from './reference.js';

const unaryKinds: UnaryKind[] = [
  'neg',
  'exp',
  'log',
  'sqrt',
  'abs',
  'log1p',
  'expm1',
  'sign',
  'square',
];
// [a, b, out]: same shape, scalars, row (bias) and column broadcasts both ways, general.
const broadcastCases: Array<[number[], number[], number[]]> = [
  [[17], [17], [17]],
  [[5, 7], [], [5, 7]],
  [[], [5, 7], [5, 7]],
  [[6, 9], [9], [6, 9]],
  [
    [6, 9],
    [1, 9],
    [6, 9],
  ],
  [[9], [6, 9], [6, 9]],
  [
    [6, 9],
    [6, 1],
    [6, 9],
  ],
  [
    [6, 1],
    [6, 9],
    [6, 9],
  ],
  [
    [2, 3, 4],
    [3, 4],
    [2, 3, 4],
  ],
  [
    [2, 3, 4],
    [2, 3, 1],
    [2, 3, 4],
  ],
  [
    [2, 3, 4],
    [2, 1, 4],
    [2, 3, 4],
  ],
  [
    [3, 1],
    [1, 4],
    [3, 4],
  ],
];

function flatGrad(t: Tensor): number[] {
  if (t.grad === null) throw new Error('no gradient');
  return (t.grad.toArray() as number[][]).flat();
}

describe('fastKernels agree with referenceKernels', () => {
  for (const dtype of DTYPES) {
    it(`unary kinds, ${dtype}`, () => {
      for (const kind of unaryKinds)
        for (const n of [0, 1, 13, 257]) checkUnary(fastKernels, kind, dtype, n);
    });
    it(`linear (x @ wᵀ + bias), ${dtype}`, () => {
      for (const [m, k, n] of [
        [1, 1, 1],
        [5, 7, 9],
        [32, 32, 32],
      ] as const)
        for (const bias of [true, false]) checkLinear(fastKernels, dtype, m, k, n, bias);
    });
    it(`linearBackward (g @ w, gᵀ @ x, column sums of g), ${dtype}`, () => {
      for (const [m, k, n] of [
        [1, 1, 1],
        [5, 7, 9],
        [32, 32, 32],
      ] as const)
        checkLinearBackward(fastKernels, dtype, m, k, n);
      checkLinearBackward(fastKernels, dtype, 6, 5, 4, [false, true, false]);
      for (const [m, n] of [
        [3, 5],
        [32, 32],
      ] as const)
        checkLinearBackwardInPlace(fastKernels, dtype, m, n);
      checkLinearBackwardInPlace(referenceKernels, dtype, 4, 6);
    });
    it(`axpy (y + alpha x, in float64, rounded once), ${dtype}`, () => {
      for (const n of [0, 1, 3, 4, 13, 257]) checkAxpy(fastKernels, dtype, n);
      for (const n of [0, 1, 13, 257]) checkAdam(fastKernels, dtype, n);
    });
    it(`binary kinds and broadcasts, ${dtype}`, () => {
      for (const kind of BINARY_KINDS)
        for (const [a, b, o] of broadcastCases) checkBinary(fastKernels, kind, dtype, a, b, o);
    });
    it(`reductions over leading, trailing and other axes, ${dtype}`, () => {
      const kinds: ReduceKind[] = ['sum', 'max', 'min'];
      const cases: Array<[number[], number[]]> = [
        [[50], [0]],
        [[7, 9], [0]],
        [[7, 9], [1]],
        [
          [7, 9],
          [0, 1],
        ],
        [
          [3, 4, 5],
          [0, 1],
        ],
        [
          [3, 4, 5],
          [1, 2],
        ],
        [[3, 4, 5], [1]],
        [
          [3, 4, 5],
          [0, 2],
        ],
      ];
      for (const kind of kinds)
        for (const [s, ax] of cases)
          for (const special of [false, true])
            checkReduce(fastKernels, kind, dtype, s, ax, special);
    });
    it(`matmul in all four transpose variants, odd sizes and batches, ${dtype}`, () => {
      const sizes: Array<[number, number, number]> = [
        [1, 1, 1],
        [1, 7, 1],
        [3, 5, 2],
        [4, 4, 4],
        [9, 13, 7],
        [32, 32, 32],
        [33, 70, 17],
      ];
      for (const [m, k, n] of sizes)
        for (const tA of [false, true])
          for (const tB of [false, true]) checkMatmul(fastKernels, dtype, 1, m, k, n, tA, tB);
      checkMatmul(fastKernels, dtype, 3, 5, 6, 7, false, true);
      checkMatmul(fastKernels, dtype, 4, 6, 5, 3, true, false, true);
    });
  }

  it('matmul with k = 0 gives zeros', () => {
    const out = new Float32Array(6).fill(5);
    fastKernels.matmul(
      new Float32Array(0),
      [0],
      new Float32Array(0),
      [0],
      out,
      2,
      0,
      3,
      false,
      false,
    );
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('runs tensor programs with the same results when selected with setKernels', () => {
    const x = tensor(
      [
        [1, -2, 3],
        [0.5, 4, -1],
      ],
      { requiresGrad: true },
    );
    const w = tensor(
      [
        [0.1, 0.2],
        [0.3, -0.4],
        [0.5, 0.6],
      ],
      { requiresGrad: true },
    );
    const run = () => {
      x.grad = null;
      w.grad = null;
      const y = x
        .matmul(w)
        .add(tensor([1, -1]))
        .maximum(0)
        .logSumExp(1)
        .sum();
      y.backward();
      return [y.item(), ...flatGrad(x), ...flatGrad(w)];
    };
    const want = run();
    const prev = setKernels(fastKernels);
    try {
      expect(getKernels().name).toBe('fast');
      const got = run();
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i] as number, 6);
    } finally {
      setKernels(prev);
    }
  });
});
