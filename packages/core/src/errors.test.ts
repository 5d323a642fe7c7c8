import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  closestNames,
  DTypeError,
  GradcheckError,
  GradscopeError,
  GraphError,
  matmul,
  NotFoundError,
  ShapeError,
  tensor,
  unknownName,
  zeros,
} from './index.js';
import { thrown } from './thrown.testutil.js';

describe('error classes', () => {
  it('are exported, catchable by class, and named after themselves', () => {
    for (const C of [
      ShapeError,
      DTypeError,
      ArgumentError,
      GraphError,
      NotFoundError,
      GradcheckError,
    ]) {
      const e = new C('m');
      expect(e).toBeInstanceOf(GradscopeError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(C.name);
      expect(e.message).toBe('m');
    }
  });

  it('matmul names both shapes: exactly "matmul: inner dimensions differ: [2,3] @ [4,5]"', () => {
    const e = thrown(() => matmul(zeros([2, 3]), zeros([4, 5])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toBe('matmul: inner dimensions differ: [2,3] @ [4,5]');
    expect(thrown(() => matmul(zeros([3]), zeros([4]))).message).toBe(
      'matmul: inner dimensions differ: [3] @ [4]',
    );
    expect(thrown(() => matmul(zeros([2, 3]), zeros([4]))).message).toBe(
      'matmul: inner dimensions differ: [2,3] @ [4]',
    );
    expect(thrown(() => matmul(zeros([5, 2, 3]), zeros([2, 4, 5]))).message).toBe(
      'matmul: inner dimensions differ: [5,2,3] @ [2,4,5]',
    );
    expect(thrown(() => matmul(zeros([2, 2, 3]), zeros([3, 3, 1]))).message).toBe(
      'matmul: shapes cannot be broadcast together: [2] and [3] (axis -1 has 2 vs 3)',
    );
    expect(thrown(() => matmul(zeros([]), zeros([3]))).message).toBe(
      'matmul: operands must be at least 1-D, got [] @ [3]',
    );
  });

  it('broadcast errors name the op, both shapes and the axis', () => {
    const e = thrown(() => zeros([2, 3]).add(zeros([4])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toBe(
      'add: shapes cannot be broadcast together: [2,3] and [4] (axis -1 has 3 vs 4)',
    );
    expect(thrown(() => zeros([2, 3]).mul(zeros([2, 1, 4]))).message).toMatch(
      /^mul: shapes cannot be broadcast together: \[2,3\] and \[2,1,4\]/,
    );
  });

  it('axis out of range names the op, the axis and the rank', () => {
    const e = thrown(() => zeros([2, 3]).sum(2));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toBe('sum: axis 2 is out of range for a tensor of rank 2 (valid: -2..1)');
    expect(thrown(() => zeros([2, 3]).softmax(-3)).message).toMatch(
      /^softmax: axis -3 is out of range/,
    );
    expect(thrown(() => zeros([2, 3]).max([0, 0])).message).toMatch(/^max: repeated axis/);
    expect(thrown(() => zeros([2]).sum(0.5)).message).toMatch(/^sum: axis must be an integer/);
  });

  it('reshape, dtype and argument errors say what was expected and what came', () => {
    expect(thrown(() => zeros([2, 3]).reshape([4, 2])).message).toBe(
      'reshape: cannot reshape [2,3] (6 elements) into [4,2] (8 elements)',
    );
    const d = thrown(() => tensor([1]).add(tensor([1], { dtype: 'float64' })));
    expect(d).toBeInstanceOf(DTypeError);
    expect(d.message).toMatch(/^add: dtype mismatch: input 0 is float32 but input 1 is float64/);
    expect(thrown(() => tensor([1], { dtype: 'int8' as never })).message).toBe(
      `tensor: expected dtype 'float32' or 'float64', got "int8"`,
    );
    expect(thrown(() => zeros([2, -1])).message).toMatch(
      /^zeros: shape entries must be non-negative integers, got -1 at position 1/,
    );
    expect(thrown(() => tensor([1, 2]).item())).toBeInstanceOf(ShapeError);
  });

  it('unknownName suggests close names', () => {
    expect(closestNames('relu', ['relu6', 'elu', 'selu', 'gelu', 'sigmoid'])).toEqual([
      'elu',
      'gelu',
      'relu6',
    ]);
    const e = unknownName('activation', 'sigmod', ['sigmoid', 'tanh']);
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e.message).toBe(
      "unknown activation 'sigmod'; did you mean 'sigmoid'? (known: sigmoid, tanh)",
    );
    expect(unknownName('op', 'zzzzzz', ['add']).suggestions).toEqual([]);
  });
});
