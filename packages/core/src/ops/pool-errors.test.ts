/** Bad arguments to the pooling ops: each error names the op, what was expected and what came. */
import { describe, expect, it } from 'vitest';
import { ArgumentError, getOp, ShapeError, zeros } from '../index.js';
import { thrown } from '../thrown.testutil.js';
import { adaptiveAvgPool2d } from './adaptive-pool.js';
import { avgPool2d, maxPool2d } from './pool.js';

const x = zeros([2, 3, 6, 6]);
const bad = (
  fn: () => unknown,
  type: typeof ArgumentError | typeof ShapeError,
  ...parts: RegExp[]
) => {
  const e = thrown(fn);
  expect(e, e.message).toBeInstanceOf(type);
  for (const p of parts) expect(e.message).toMatch(p);
};

describe('maxPool2d and avgPool2d refuse bad input', () => {
  for (const [name, pool] of [
    ['maxPool2d', maxPool2d],
    ['avgPool2d', avgPool2d],
  ] as const) {
    it(`${name}: wrong rank or an empty spatial axis`, () => {
      bad(
        () => pool(zeros([6, 6]), 2),
        ShapeError,
        new RegExp(
          `^${name}: expected an input of shape \\[N, C, H, W\\] or \\[C, H, W\\], got \\[6,6\\] \\(rank 2\\)`,
        ),
      );
      bad(() => pool(zeros([1, 2, 3, 4, 5]), 2), ShapeError, /got \[1,2,3,4,5\] \(rank 5\)/);
      bad(
        () => pool(zeros([1, 2, 0, 4]), 1),
        ShapeError,
        new RegExp(
          `^${name}: expected non-empty channel, height and width axes, got \\[1,2,0,4\\]`,
        ),
      );
    });

    it(`${name}: a kernel larger than the padded input`, () => {
      bad(
        () => pool(x, [7, 2]),
        ShapeError,
        new RegExp(`^${name}: the kernel is larger than the padded input: kernel \\[7,2\\]`),
        /against input \[6,6\] padded to \[6,6\], for input shape \[2,3,6,6\]/,
      );
      bad(() => pool(x, 9, { padding: 1 }), ShapeError, /kernel \[9,9\].*padded to \[8,8\]/);
    });

    it(`${name}: non-positive or non-integer kernel and stride`, () => {
      for (const k of [0, -1, 2.5, [2, 0], [2], [2, 2, 2], '2', null]) {
        bad(
          () => pool(x, k as never),
          ArgumentError,
          new RegExp(`^${name}: kernelSize must be a positive integer or a pair of them, got `),
        );
      }
      bad(
        () => pool(x, 2, { stride: 0 }),
        ArgumentError,
        new RegExp(`^${name}: stride must be a positive integer or a pair of them, got 0`),
      );
      bad(() => pool(x, 2, { stride: [1, 1.5] }), ArgumentError, /stride .* got \[1,1\.5\]/);
    });

    it(`${name}: negative, non-integer or over-half padding`, () => {
      bad(
        () => pool(x, 2, { padding: -1 }),
        ArgumentError,
        new RegExp(`^${name}: padding must be a non-negative integer or a pair of them, got -1`),
      );
      bad(() => pool(x, 2, { padding: 0.5 }), ArgumentError, /padding .* got 0\.5/);
      bad(
        () => pool(x, 3, { padding: [1, 2] }),
        ArgumentError,
        new RegExp(
          `^${name}: padding must be at most half the kernel size: kernelSize \\[3,3\\] allows padding up to \\[1,1\\], got \\[1,2\\]`,
        ),
      );
    });

    it(`${name}: a non-boolean ceilMode and unknown options`, () => {
      bad(
        () => pool(x, 2, { ceilMode: 1 as never }),
        ArgumentError,
        new RegExp(`^${name}: ceilMode must be a boolean, got 1`),
      );
      bad(
        () => pool(x, 2, { ceil_mode: true } as never),
        ArgumentError,
        new RegExp(`^${name}: unknown option 'ceil_mode' \\(known: stride, padding, `),
      );
      bad(
        () => pool(x, 2, 3 as never),
        ArgumentError,
        new RegExp(`^${name}: expected an options object, got 3`),
      );
    });
  }

  it('maxPool2d: non-positive dilation, or one that makes the kernel too large', () => {
    bad(
      () => maxPool2d(x, 2, { dilation: 0 }),
      ArgumentError,
      /^maxPool2d: dilation must be a positive integer or a pair of them, got 0/,
    );
    bad(
      () => maxPool2d(x, 2, { dilation: [1, 6] }),
      ShapeError,
      /kernel \[2,7\] \(kernelSize \[2,2\], dilation \[1,6\]\)/,
    );
  });

  it('avgPool2d: a zero or non-integer divisorOverride, a non-boolean countIncludePad', () => {
    for (const d of [0, 1.5, '2'])
      bad(
        () => avgPool2d(x, 2, { divisorOverride: d as never }),
        ArgumentError,
        /^avgPool2d: divisorOverride must be a non-zero integer, got /,
      );
    bad(
      () => avgPool2d(x, 2, { countIncludePad: 'no' as never }),
      ArgumentError,
      /^avgPool2d: countIncludePad must be a boolean, got "no"/,
    );
  });

  it('the backward ops check the gradient against the input when applied by hand', () => {
    const attrs = {
      kernelSize: [2, 2],
      stride: [2, 2],
      padding: [0, 0],
      dilation: [1, 1],
      ceilMode: false,
    };
    const idx = getOp('maxPool2dIndices').apply([x], attrs);
    expect(idx.shape).toEqual([2, 3, 3, 3]);
    bad(
      () => getOp('maxPool2dBackward').apply([zeros([2, 3, 2, 2]), idx], { inputShape: x.shape }),
      ShapeError,
      /^maxPool2dBackward: expected g \(shaped as the positions\) of shape \[2,3,3,3\], got \[2,3,2,2\]/,
    );
    bad(
      () =>
        getOp('avgPool2dBackward').apply([zeros([2, 3, 2, 2])], {
          ...attrs,
          countIncludePad: true,
          inputShape: [2, 3, 6, 6],
        }),
      ShapeError,
      /^avgPool2dBackward: expected g of shape \[2,3,3,3\], got \[2,3,2,2\]/,
    );
    bad(
      () =>
        getOp('adaptiveAvgPool2dBackward').apply([zeros([3, 2, 2])], {
          outputSize: [2, 3],
          inputShape: [3, 6, 6],
        }),
      ShapeError,
      /^adaptiveAvgPool2dBackward: expected g of shape \[3,2,3\], got \[3,2,2\]/,
    );
  });
});

describe('adaptiveAvgPool2d refuses bad input', () => {
  it('a bad output size', () => {
    for (const s of [0, -2, 2.5, [2], [2, 3, 4], [2, 0], '3', undefined])
      bad(
        () => adaptiveAvgPool2d(x, s as never),
        ArgumentError,
        /^adaptiveAvgPool2d: outputSize must be a positive integer, null or a pair of them, got /,
      );
  });

  it('wrong rank or an empty spatial axis', () => {
    bad(
      () => adaptiveAvgPool2d(zeros([6]), 2),
      ShapeError,
      /^adaptiveAvgPool2d: expected an input of shape \[N, C, H, W\] or \[C, H, W\], got \[6\] \(rank 1\)/,
    );
    bad(
      () => adaptiveAvgPool2d(zeros([2, 3, 0]), 2),
      ShapeError,
      /^adaptiveAvgPool2d: expected non-empty channel, height and width axes, got \[2,3,0\]/,
    );
  });
});
