/**
 * The engine on random programs: a pool of values grows by ops applied to any earlier values,
 * so the graphs have fan-out, diamonds and reused leaves. Gradients (first and second order)
 * must agree with finite differences, and backward must give the same answer as `gradients`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, gradients, randn, type Tensor } from './index.js';

type Step = { op: number; a: number; b: number };

const OPS: Array<(a: Tensor, b: Tensor) => Tensor> = [
  (a, b) => a.add(b),
  (a, b) => a.mul(b),
  (a, b) => a.sub(b.mul(0.5)),
  (a) => a.mul(0.3).exp(),
  (a) => a.div(a.square().add(1).sqrt()),
  (a, b) => a.mul(b.sum(1, true)),
  (a, b) => a.matmul(b.transpose()).matmul(b).mul(0.2),
  (a, b) => a.mean(0, true).add(b),
  (a) => a.softmax(1),
  (a, b) => a.maximum(b.add(10)),
];

const program = (steps: Step[]) => (x: Tensor, y: Tensor) => {
  const pool: Tensor[] = [x, y];
  for (const { op, a, b } of steps) {
    const f = OPS[op % OPS.length] as (a: Tensor, b: Tensor) => Tensor;
    pool.push(f(pool[a % pool.length] as Tensor, pool[b % pool.length] as Tensor));
  }
  // Every value contributes, so every path is exercised.
  let out = pool[0] as Tensor;
  for (let i = 1; i < pool.length; i++) out = out.add((pool[i] as Tensor).mul(1 / (i + 1)));
  return out.sum(0);
};

const stepsArb = fc.array(fc.record({ op: fc.nat(), a: fc.nat(), b: fc.nat() }), {
  minLength: 1,
  maxLength: 8,
});

describe('random programs', () => {
  it('first- and second-order gradients agree with finite differences', () => {
    fc.assert(
      fc.property(stepsArb, fc.integer({ min: 0, max: 10000 }), (steps, seed) => {
        const rng = createRng(seed);
        const x = randn([2, 3], { rng, dtype: 'float64', std: 0.5 });
        const y = randn([2, 3], { rng, dtype: 'float64', std: 0.5 });
        const f = program(steps);
        expect(gradcheck(f, [x, y])).toBe(true);
        expect(gradcheck(f, [x, y], { order: 2 })).toBe(true);
      }),
      { seed: 99, numRuns: 40 },
    );
  });

  it('backward() into .grad equals gradients(), and a second identical pass doubles it', () => {
    fc.assert(
      fc.property(stepsArb, fc.integer({ min: 0, max: 10000 }), (steps, seed) => {
        const rng = createRng(seed);
        const x = randn([2, 3], { rng, dtype: 'float64' }).setRequiresGrad(true);
        const y = randn([2, 3], { rng, dtype: 'float64' }).setRequiresGrad(true);
        const f = program(steps);
        const [gx, gy] = gradients(f(x, y).sum(), [x, y], { materialize: true }) as Tensor[];
        f(x, y).sum().backward();
        f(x, y).sum().backward();
        expect(Array.from(x.grad?.data ?? [])).toEqual(
          Array.from(gx?.data ?? []).map((v) => 2 * v),
        );
        expect(Array.from(y.grad?.data ?? [])).toEqual(
          Array.from(gy?.data ?? []).map((v) => 2 * v),
        );
      }),
      { seed: 100, numRuns: 40 },
    );
  });
});
