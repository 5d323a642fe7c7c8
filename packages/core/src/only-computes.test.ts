/**
 * The elementwise ops' direct path (`onlyComputes` in engine.ts): when nothing would be recorded
 * or reported they call their forward without `applyOp`. These check that everything `applyOp`
 * does besides computing still happens whenever it matters.
 */
import { describe, expect, it } from 'vitest';
import {
  addEngineObserver,
  DTypeError,
  defineOp,
  gradients,
  noGrad,
  type OpDef,
  ShapeError,
  type Tensor,
  tensor,
} from './index.js';
import { currentOpDepth } from './observers.js';

const v = (data: number[], requiresGrad = false) => tensor(data, { requiresGrad });

describe('elementwise ops called directly when they only compute', () => {
  it('give the same values as through applyOp, for unary and binary ops, broadcasting', () => {
    const a = tensor([1, -2, 3, -4, 5, -6], { shape: [2, 3] });
    const b = v([10, 20, 30]);
    expect([...a.add(b).data]).toEqual([11, 18, 33, 6, 25, 24]);
    expect(a.add(b).shape).toEqual([2, 3]);
    expect([...a.mul(2).data]).toEqual([2, -4, 6, -8, 10, -12]);
    expect([...a.abs().data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...a.neg().sub(b).data]).toEqual([-11, -18, -33, -6, -25, -24]);
  });

  it('still report every op to an engine observer, at depth 0', () => {
    const seen: string[] = [];
    const stop = addEngineObserver({
      afterForward: (op: OpDef, _inputs, _output, node) => {
        seen.push(`${op.name}@${currentOpDepth()}:${node === null ? 'none' : 'node'}`);
      },
    });
    try {
      const a = v([1, 2]);
      const b = v([3, 4]);
      a.add(b).neg();
      noGrad(() => a.mul(b));
    } finally {
      stop();
    }
    expect(seen).toEqual(['add@0:none', 'neg@0:none', 'mul@0:none']);
  });

  it('still record a node when an input requires a gradient', () => {
    const a = v([1, 2], true);
    const b = v([3, 4]);
    const y = a.mul(b).square();
    expect(y.node?.op.name).toBe('square');
    expect(y.node?.inputs?.[0]?.node?.op.name).toBe('mul');
    const [ga] = gradients(y.sum(), [a]);
    expect([...(ga?.data ?? [])]).toEqual([18, 64]); // 2 a b^2
    // Under noGrad an input that requires a gradient records nothing either way.
    expect(noGrad(() => a.mul(b)).node).toBeNull();
  });

  it("inside a backward rule, still go through applyOp: the rule's fresh output is owned", () => {
    // A rule's result made by an elementwise op is noted as fresh (ownership.ts), so the leaf
    // keeps that very tensor as its gradient instead of a copy.
    let made: Tensor | null = null;
    const two = v([2, 2]);
    const double = defineOp({
      name: 'onlyComputesTestDouble',
      arity: 1,
      forward: ([x]) => (x as Tensor).mul(two),
      backward: (g) => {
        made = g.mul(two);
        return [made];
      },
    });
    const w = v([1, 2], true);
    double([w]).sum().backward();
    expect(made).not.toBeNull();
    expect(w.grad).toBe(made);
    expect(w.grad?.toArray()).toEqual([2, 2]);
  });

  it('throw the same errors: mixed dtypes and shapes that do not broadcast', () => {
    const f32 = v([1, 2]);
    const f64 = tensor([1, 2], { dtype: 'float64' });
    expect(() => f32.add(f64)).toThrow(DTypeError);
    expect(() => f32.add(v([1, 2, 3]))).toThrow(ShapeError);
    expect(() => f32.add(v([1, 2, 3]))).toThrow(/add: /);
  });
});
