import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  DTypeError,
  defineOp,
  GraphError,
  getOp,
  grad,
  gradcheck,
  hasOp,
  listOps,
  NotFoundError,
  type Tensor,
  tensor,
} from './index.js';

describe('op registry', () => {
  it('a user-defined op gets autograd and gradcheck with no other code', () => {
    // softsign(x) = x / (1 + |x|), derivative 1 / (1 + |x|)^2.
    const softsign = defineOp({
      name: 'registryTest.softsign',
      arity: 1,
      doc: 'x / (1 + |x|)',
      forward: ([x]) => (x as Tensor).div((x as Tensor).abs().add(1)),
      backward: (g, { inputs: [x] }) => [g.div((x as Tensor).abs().add(1).square())],
    });
    const x = tensor([-2, 0.5, 3], { requiresGrad: true });
    const y = softsign([x]);
    expect(y.node?.op.name).toBe('registryTest.softsign');
    expect(Array.from(y.data)).toEqual([-2 / 3, 0.5 / 1.5, 0.75].map(Math.fround));
    y.sum().backward();
    expect(Array.from(x.grad?.data ?? [])).toEqual([1 / 9, 1 / 2.25, 1 / 16].map(Math.fround));
    const xs = tensor([-2, 0.5, 3], { dtype: 'float64' });
    expect(gradcheck((t) => softsign([t]), [xs])).toBe(true);
    expect(gradcheck((t) => softsign([t]), [xs], { order: 2 })).toBe(true);
    expect(grad((t: Tensor) => softsign([t]).sum())([0.5]).toArray()).toEqual([
      Math.fround(1 / 2.25),
    ]);
    expect(getOp('registryTest.softsign').doc).toBe('x / (1 + |x|)');
    expect(hasOp('registryTest.softsign')).toBe(true);
  });

  it('defining a name twice is an error unless { replace: true }', () => {
    const spec = {
      name: 'registryTest.twice',
      arity: 1,
      forward: ([x]: readonly Tensor[]) => (x as Tensor).mul(2),
    };
    defineOp(spec);
    expect(() => defineOp(spec)).toThrow(ArgumentError);
    expect(() => defineOp(spec)).toThrow(
      "defineOp: an op named 'registryTest.twice' is already defined; pass { replace: true } to replace it",
    );
    const triple = defineOp(
      { ...spec, forward: ([x]: readonly Tensor[]) => (x as Tensor).mul(3) },
      { replace: true },
    );
    expect(triple([tensor([1])]).item()).toBe(3);
    expect(
      getOp('registryTest.twice')
        .apply([tensor([1])])
        .item(),
    ).toBe(3);
    // Core ops are protected the same way.
    expect(() => defineOp({ name: 'matmul', arity: 2, forward: ([a]) => a as Tensor })).toThrow(
      /already defined/,
    );
  });

  it('getOp on an unknown name suggests the closest ones', () => {
    let err: unknown;
    try {
      getOp('matmull');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).suggestions[0]).toBe('matmul');
    expect((err as Error).message).toMatch(/^unknown op 'matmull'; did you mean 'matmul'/);
  });

  it('listOps is sorted and contains the core ops', () => {
    const names = listOps();
    expect(names).toEqual([...names].sort());
    for (const n of ['add', 'matmul', 'sum', 'logSumExp', 'softmax', 'gather', 'where'])
      expect(names).toContain(n);
  });

  it('validates op specs and applications', () => {
    expect(() => defineOp({ name: '', arity: 1, forward: ([x]) => x as Tensor })).toThrow(
      /non-empty string name/,
    );
    expect(() =>
      defineOp({ name: 'registryTest.badArity', arity: -1, forward: ([x]) => x as Tensor }),
    ).toThrow(/arity must be a non-negative integer or 'variadic'/);
    expect(() =>
      defineOp({ name: 'registryTest.noForward', arity: 1, forward: 3 as never }),
    ).toThrow(/forward must be a function/);
    const bin = defineOp({
      name: 'registryTest.bin',
      arity: 2,
      forward: ([a, b]) => (a as Tensor).add(b as Tensor),
      backward: (g) => [g],
    });
    expect(() => bin([tensor([1])])).toThrow('registryTest.bin: expected 2 inputs, got 1');
    expect(() => bin([tensor([1]), tensor([1], { dtype: 'float64' })])).toThrow(DTypeError);
    expect(() => bin([tensor([1]), tensor([1], { dtype: 'float64' })])).toThrow(
      "registryTest.bin: dtype mismatch: input 0 is float32 but input 1 is float64; convert one with .to('float32')",
    );
    expect(() => bin([tensor([1]), 'x' as never])).toThrow(/input 1 must be a Tensor or a number/);
    // A backward rule returning one gradient for two inputs is caught.
    const x = tensor([1], { requiresGrad: true });
    expect(() => bin([x, x]).sum().backward()).toThrow(GraphError);
    const notTensor = defineOp({ name: 'registryTest.nt', arity: 1, forward: () => 3 as never });
    expect(() => notTensor([tensor([1])])).toThrow(/forward must return a Tensor, got 3/);
  });

  it('plain numbers adopt the dtype of the tensor operand', () => {
    const x = tensor([1], { dtype: 'float64' });
    expect(x.add(1).dtype).toBe('float64');
    expect(getOp('add').apply([2, x]).dtype).toBe('float64');
  });
});
