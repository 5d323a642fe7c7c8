import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  defineOp,
  GradcheckError,
  gradcheck,
  type Tensor,
  tensor,
} from './index.js';

/** x^3 with a wrong first derivative (2x^2 instead of 3x^2). */
const badCube = defineOp({
  name: 'gradcheckTest.badCube',
  arity: 1,
  forward: ([x]) => (x as Tensor).pow(3),
  backward: (g, { inputs: [x] }) => [g.mul((x as Tensor).square().mul(2))],
});

/** x^3 with the right first derivative computed from a detached input: wrong second order. */
const flatCube = defineOp({
  name: 'gradcheckTest.flatCube',
  arity: 1,
  forward: ([x]) => (x as Tensor).pow(3),
  backward: (g, { inputs: [x] }) => [g.mul((x as Tensor).detach().square().mul(3))],
});

describe('gradcheck', () => {
  it('passes a correct function of several inputs, at orders 1 to 3', () => {
    const f = (a: Tensor, b: Tensor) => a.mul(b.exp()).sum(1);
    const a = [
      [1, 2],
      [0.5, -1],
    ];
    const b = [[0.3, -0.2]];
    expect(gradcheck(f, [a, b])).toBe(true);
    expect(gradcheck(f, [a, b], { order: 2 })).toBe(true);
    expect(gradcheck(f, [a, b], { order: 3 })).toBe(true);
  });

  it('names the input, the element, and the analytic and numeric values on failure', () => {
    const x = tensor([1, 2, 3]);
    let err: unknown;
    try {
      gradcheck((t) => badCube([t]), [x]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GradcheckError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^gradcheck \(order 1\): input 0, element \[0\], output element \[0\]/);
    expect(msg).toMatch(/analytic 2, numeric 2\.99999999/);
    expect(msg).toMatch(/\|diff\| 1\.000e\+0 > atol 0\.00001/);
    expect(gradcheck((t) => badCube([t]), [x], { raise: false })).toBe(false);
  });

  it('catches a backward rule that is right at first order but not differentiable', () => {
    const x = tensor([0.5, -1.5]);
    expect(gradcheck((t) => flatCube([t]), [x])).toBe(true);
    expect(() => gradcheck((t) => flatCube([t]), [x], { order: 2 })).toThrow(
      /order 2\): input 0, element \[0\]/,
    );
  });

  it('uses random output projections for large outputs and still catches errors', () => {
    const big = tensor(Array.from({ length: 100 }, (_, i) => 0.01 * i + 0.5));
    expect(gradcheck((t) => t.pow(3), [big])).toBe(true);
    expect(() => gradcheck((t) => badCube([t]), [big])).toThrow(/random output projection/);
  });

  it('works on float64 copies and leaves the caller inputs alone', () => {
    const x = tensor([1, 2]);
    gradcheck(
      (t) => {
        expect(t.dtype).toBe('float64');
        return t.square();
      },
      [x],
    );
    expect(x.dtype).toBe('float32');
    expect(x.requiresGrad).toBe(false);
    expect(x.toArray()).toEqual([1, 2]);
  });

  it('accepts a function whose output is float32 (directions follow the output dtype)', () => {
    const x = tensor([0.5, 1.5]);
    expect(gradcheck((t) => t.to('float32').mul(2), [x], { eps: 1e-2, atol: 1e-3 })).toBe(true);
  });

  it('validates its arguments', () => {
    expect(() => gradcheck((t) => t, [])).toThrow(ArgumentError);
    expect(() => gradcheck((t) => t, [[1]], { order: 0 })).toThrow(/order must be an integer >= 1/);
    expect(() => gradcheck(3 as never, [[1]])).toThrow(/expected a function/);
  });
});
