/**
 * Bad input to the convolution ops: each error is a ShapeError or ArgumentError (DTypeError for
 * mixed dtypes) naming the op, what it expected and what came.
 */
import { describe, expect, it } from 'vitest';
import { zeros } from '../create.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { getOp } from '../registry.js';
import type { Conv2dOptions } from './conv.js';
import { conv1d, conv2d, convTranspose2d } from './conv.js';

const x = zeros([2, 4, 8, 8]);
const w = zeros([6, 4, 3, 3]);

/** Expects `fn` to throw `cls` with a message matching every pattern. */
function throws(fn: () => unknown, cls: typeof ShapeError, ...patterns: RegExp[]): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(cls);
  for (const p of patterns) expect((err as Error).message).toMatch(p);
}

describe('conv2d: bad shapes', () => {
  it('wrong rank of input or weight', () => {
    throws(
      () => conv2d(zeros([4, 8]), w),
      ShapeError,
      /^conv2d: expected input \[N, C, H, W\] or \[C, H, W\], got \[4,8\]$/,
    );
    throws(
      () => conv2d(zeros([1, 2, 4, 8, 8]), w),
      ShapeError,
      /conv2d: expected input .* got \[1,2,4,8,8\]/,
    );
    throws(
      () => conv2d(x, zeros([6, 4, 3])),
      ShapeError,
      /^conv2d: expected weight \[outChannels, inChannels \/ groups, kH, kW\], got \[6,4,3\]$/,
    );
  });

  it('channel mismatch names both shapes', () => {
    throws(
      () => conv2d(x, zeros([6, 3, 3, 3])),
      ShapeError,
      /^conv2d: channel mismatch: input \[2,4,8,8\] has 4 channels, so with groups=1 weight \[6,3,3,3\] needs 4 input channels \(dimension 1\), got 3$/,
    );
    throws(
      () => conv2d(x, zeros([6, 4, 3, 3]), { groups: 2 }),
      ShapeError,
      /channel mismatch: input \[2,4,8,8\] has 4 channels, so with groups=2 weight \[6,4,3,3\] needs 2/,
    );
  });

  it('bias of the wrong size or rank', () => {
    throws(
      () => conv2d(x, w, zeros([5])),
      ShapeError,
      /^conv2d: expected bias \[6\] for weight \[6,4,3,3\], got \[5\]$/,
    );
    throws(() => conv2d(x, w, zeros([1, 6])), ShapeError, /expected bias \[6\] .* got \[1,6\]/);
  });

  it('kernel larger than the padded input', () => {
    throws(
      () => conv2d(zeros([1, 4, 2, 8]), w),
      ShapeError,
      /^conv2d: kernel 3x3 \(3x3 with dilation\) is larger than the padded input 2x8 \(input \[1,4,2,8\], padding \[0,0\]\)$/,
    );
    throws(
      () => conv2d(zeros([1, 4, 4, 4]), w, { dilation: 2, padding: 0 }),
      ShapeError,
      /kernel 3x3 \(5x5 with dilation\) is larger than the padded input 4x4/,
    );
    // Padding makes it fit.
    expect(conv2d(zeros([1, 4, 4, 4]), w, { dilation: 2, padding: 1 }).shape).toEqual([1, 6, 2, 2]);
  });

  it('groups not dividing the input or output channels', () => {
    throws(
      () => conv2d(zeros([1, 5, 8, 8]), zeros([6, 1, 3, 3]), { groups: 2 }),
      ShapeError,
      /^conv2d: groups \(2\) must divide the input channels, got input \[1,5,8,8\] with 5 channels$/,
    );
    throws(
      () => conv2d(x, zeros([5, 2, 3, 3]), { groups: 2 }),
      ShapeError,
      /^conv2d: groups \(2\) must divide the output channels, got weight \[5,2,3,3\] with 5 output channels$/,
    );
  });

  it('mixed dtypes', () => {
    expect(() => conv2d(x, zeros([6, 4, 3, 3], { dtype: 'float64' }))).toThrow(DTypeError);
  });
});

describe('conv2d: bad options', () => {
  const bad: Array<[Conv2dOptions, RegExp]> = [
    [{ stride: 0 }, /^conv2d: stride must be a positive integer, got 0$/],
    [{ stride: -1 }, /stride must be a positive integer, got -1/],
    [
      { stride: [1, 0] as [number, number] },
      /^conv2d: stride\[1\] must be a positive integer, got 0$/,
    ],
    [{ dilation: 0 }, /^conv2d: dilation must be a positive integer, got 0$/],
    [{ padding: -1 }, /^conv2d: padding must be a non-negative integer, got -1$/],
    [
      { padding: [1, -2] as [number, number] },
      /padding\[1\] must be a non-negative integer, got -2/,
    ],
    [{ stride: 1.5 }, /stride must be a positive integer, got 1.5/],
    [{ padding: Number.NaN }, /padding must be a non-negative integer, got NaN/],
    [{ stride: '2' as unknown as number }, /stride must be a positive integer, got "2"/],
    [
      { stride: [1, 2, 3] as unknown as number },
      /stride must be an integer or a pair \[height, width\], got \[1,2,3\]/,
    ],
    [{ groups: 0 }, /^conv2d: groups must be a positive integer, got 0$/],
    [{ groups: 1.5 }, /groups must be a positive integer, got 1.5/],
    [
      { padding: 'full' as 'same' },
      /^conv2d: padding must be an integer, a pair, 'same' or 'valid', got "full"$/,
    ],
    [
      { padding: 'same', stride: 2 },
      /^conv2d: padding 'same' needs stride 1 \(as PyTorch\), got stride \[2,2\]$/,
    ],
    [{ padding: 'same', stride: [1, 2] as [number, number] }, /padding 'same' needs stride 1/],
    [
      { strides: 2 } as unknown as Conv2dOptions,
      /^conv2d: unknown option 'strides'; expected one of 'stride', 'padding', 'dilation', 'groups'$/,
    ],
  ];
  for (const [options, pattern] of bad) {
    it(`${JSON.stringify(options)}`, () => {
      throws(() => conv2d(x, w, options), ArgumentError, pattern);
    });
  }

  it('an options argument that is not an object', () => {
    throws(
      () => conv2d(x, w, null, 3 as unknown as Conv2dOptions),
      ArgumentError,
      /^conv2d: expected an options object, got 3$/,
    );
  });
});

describe('conv1d: bad input', () => {
  const x1 = zeros([2, 4, 10]);
  it('wrong rank, channel mismatch, bias, kernel too large (shapes as given)', () => {
    throws(
      () => conv1d(x, zeros([6, 4, 3])),
      ShapeError,
      /^conv1d: expected input \[N, C, L\] or \[C, L\], got \[2,4,8,8\]$/,
    );
    throws(
      () => conv1d(x1, w),
      ShapeError,
      /^conv1d: expected weight \[outChannels, inChannels \/ groups, k\], got \[6,4,3,3\]$/,
    );
    throws(
      () => conv1d(x1, zeros([6, 2, 3])),
      ShapeError,
      /^conv1d: channel mismatch: input \[2,4,10\] has 4 channels, so with groups=1 weight \[6,2,3\] needs 4/,
    );
    throws(
      () => conv1d(x1, zeros([6, 4, 3]), zeros([4])),
      ShapeError,
      /^conv1d: expected bias \[6\] for weight \[6,4,3\], got \[4\]$/,
    );
    throws(
      () => conv1d(x1, zeros([6, 4, 11])),
      ShapeError,
      /^conv1d: kernel 11 \(11 with dilation\) is larger than the padded input 10 \(input \[2,4,10\], padding 0\)$/,
    );
  });
  it('bad options', () => {
    throws(
      () => conv1d(x1, zeros([6, 4, 3]), { stride: 0 }),
      ArgumentError,
      /^conv1d: stride must be a positive integer, got 0$/,
    );
    throws(
      () => conv1d(x1, zeros([6, 4, 3]), { padding: 'same', stride: 2 }),
      ArgumentError,
      /^conv1d: padding 'same' needs stride 1 \(as PyTorch\), got stride 2$/,
    );
    throws(
      () => conv1d(x1, zeros([6, 4, 3]), { dilation: [1, 2] as unknown as [number] }),
      ArgumentError,
      /^conv1d: dilation must be an integer or \[integer\], got \[1,2\]$/,
    );
    throws(
      () => conv1d(x1, zeros([6, 4, 3]), { padding: -1 }),
      ArgumentError,
      /padding must be a non-negative integer, got -1/,
    );
    throws(
      () => conv1d(x1, zeros([6, 2, 3]), { groups: 3 }),
      ShapeError,
      /groups \(3\) must divide the input channels, got input \[2,4,10\]/,
    );
  });
});

describe('convTranspose2d: bad input', () => {
  const xt = zeros([2, 4, 5, 5]);
  it('wrong rank, channel mismatch, bias, groups', () => {
    throws(
      () => convTranspose2d(zeros([4, 5]), zeros([4, 2, 3, 3])),
      ShapeError,
      /^convTranspose2d: expected input \[N, C, H, W\] or \[C, H, W\], got \[4,5\]$/,
    );
    throws(
      () => convTranspose2d(xt, zeros([4, 2, 3])),
      ShapeError,
      /^convTranspose2d: expected weight \[inChannels, outChannels \/ groups, kH, kW\], got \[4,2,3\]$/,
    );
    throws(
      () => convTranspose2d(xt, zeros([3, 2, 3, 3])),
      ShapeError,
      /^convTranspose2d: channel mismatch: input \[2,4,5,5\] has 4 channels but weight \[3,2,3,3\] expects 3 \(dimension 0\)$/,
    );
    throws(
      () => convTranspose2d(xt, zeros([4, 2, 3, 3]), zeros([2]), { groups: 2 }),
      ShapeError,
      /^convTranspose2d: expected bias \[4\] for weight \[4,2,3,3\] and groups=2, got \[2\]$/,
    );
    throws(
      () => convTranspose2d(zeros([1, 3, 5, 5]), zeros([3, 2, 3, 3]), { groups: 2 }),
      ShapeError,
      /groups \(2\) must divide the input channels/,
    );
  });
  it('bad options and an empty output', () => {
    const wt = zeros([4, 2, 3, 3]);
    throws(
      () => convTranspose2d(xt, wt, { stride: 2, outputPadding: 2 }),
      ArgumentError,
      /^convTranspose2d: outputPadding must be smaller than the stride or the dilation on each axis, got outputPadding \[2,2\] with stride \[2,2\] and dilation \[1,1\]$/,
    );
    throws(
      () => convTranspose2d(xt, wt, { padding: 'same' as unknown as number }),
      ArgumentError,
      /padding must be an integer or a pair \(no 'same' or 'valid', as PyTorch\), got "same"/,
    );
    throws(
      () => convTranspose2d(xt, wt, { stride: 0 }),
      ArgumentError,
      /^convTranspose2d: stride must be a positive integer, got 0$/,
    );
    throws(
      () => convTranspose2d(zeros([1, 4, 1, 1]), wt, { padding: 2 }),
      ShapeError,
      /^convTranspose2d: the output would be -1x-1 for input \[1,4,1,1\], weight \[4,2,3,3\], stride \[1,1\], padding \[2,2\] and dilation \[1,1\]; expected at least 1x1 \(less padding\)$/,
    );
  });
});

describe('the registered ops applied directly', () => {
  it('take 2 or 3 inputs (x, weight, bias?)', () => {
    for (const name of ['conv2d', 'conv1d', 'convTranspose2d']) {
      throws(
        () => getOp(name).apply([zeros([1, 1, 3, 3])], {}),
        ArgumentError,
        new RegExp(`^${name}: expected 2 or 3 inputs \\(x, weight, bias\\?\\), got 1$`),
      );
    }
  });
});
