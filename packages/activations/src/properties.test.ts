/**
 * Property-based checks (fast-check) at random points and parameters: the fused first-order
 * backward equals the differentiable rule, the derivative matches a central difference, and
 * float32 results are the float64 results rounded (no precision lost to the float32 path).
 */
import { gradients, type Tensor, tensor } from '@gradscope/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Activation,
  celu,
  elu,
  leakyRelu,
  listActivations,
  softplus,
  swish,
} from './index.js';

const elementwise = listActivations().filter((a) => a.meta.elementwise);
/** Points where some activation has a kink or a switch; finite differences skip their neighbourhood. */
const KINKS = [0, -1, 1, -2.5, 2.5, -3, 3, 6, 20];

const points = fc.array(fc.double({ min: -60, max: 60, noNaN: true }), {
  minLength: 1,
  maxLength: 16,
});

function grad(f: (x: Tensor) => Tensor, xs: number[], createGraph: boolean): number[] {
  const x = tensor(xs, { dtype: 'float64', requiresGrad: true });
  const y = f(x);
  const [g] = gradients(y, x, {
    gradOutputs: [tensor(new Float64Array(xs.length).fill(1))],
    createGraph,
    materialize: true,
  });
  return Array.from((g as Tensor).data);
}

function values(f: (x: Tensor) => Tensor, xs: number[]): number[] {
  return Array.from(f(tensor(xs, { dtype: 'float64' })).data);
}

const withParams: Array<[string, (x: Tensor) => Tensor]> = [
  ...elementwise.map(
    (a: Activation) => [a.name, (x: Tensor) => a.apply(x)] as [string, (x: Tensor) => Tensor],
  ),
  ['leakyRelu(0.3)', (x) => leakyRelu(x, 0.3)],
  ['elu(0.7)', (x) => elu(x, 0.7)],
  ['celu(1.8)', (x) => celu(x, 1.8)],
  ['swish(1.7)', (x) => swish(x, 1.7)],
  ['softplus(beta 3)', (x) => softplus(x, { beta: 3 })],
];

describe('properties at random points', () => {
  for (const [name, f] of withParams) {
    it(`${name}: fused backward = differentiable rule = central difference`, () => {
      fc.assert(
        fc.property(points, (xs) => {
          const fused = grad(f, xs, false);
          const rule = grad(f, xs, true);
          const h = 1e-6;
          const up = values(
            f,
            xs.map((x) => x + h),
          );
          const down = values(
            f,
            xs.map((x) => x - h),
          );
          xs.forEach((x, i) => {
            const u = fused[i] as number;
            const v = rule[i] as number;
            expect(Math.abs(u - v)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v)));
            if (KINKS.some((k) => Math.abs(x - k) < 1e-4)) return;
            const fd = ((up[i] as number) - (down[i] as number)) / (2 * h);
            expect(Math.abs(fd - v), `${name}'(${x}): rule ${v}, fd ${fd}`).toBeLessThanOrEqual(
              1e-5 * (1 + Math.abs(v)),
            );
          });
        }),
        { numRuns: 40, seed: 7 },
      );
    });
  }

  it('float32 values are the float64 values rounded (within 2 ulp)', () => {
    fc.assert(
      fc.property(points, (xs) => {
        const x32 = xs.map((x) => Math.fround(x));
        for (const [name, f] of withParams) {
          const a = Array.from(f(tensor(x32, { dtype: 'float32' })).data);
          const b = values(f, x32);
          a.forEach((u, i) => {
            const v = b[i] as number;
            const ulp = Math.max(Math.abs(v) * 2 ** -23, 2 ** -126);
            expect(Math.abs(u - v), `${name}(${x32[i]}) f32 ${u} f64 ${v}`).toBeLessThanOrEqual(
              2 * ulp,
            );
          });
        }
      }),
      { numRuns: 30, seed: 11 },
    );
  });
});
