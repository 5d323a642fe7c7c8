import { formatGraph, tensor, traceGraph } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { polyLoss, vandermonde } from './fit.js';

describe('the printed graph of the polyfit loss', () => {
  it('shows mean ← square ← sub ← matmul over the named design matrix and coefficients', () => {
    const c = tensor([1, 2, 3, 4], { dtype: 'float64', requiresGrad: true }).named('c');
    const X = vandermonde(tensor([0, 0.5, 1], { dtype: 'float64' }), 3).named('X');
    const text = formatGraph(traceGraph(polyLoss(c, X, tensor([1, 2, 3], { dtype: 'float64' }))));
    const ops = ['mean', 'square', 'sub', 'matmul'].map((op) => text.indexOf(` ${op} `));
    expect(ops.every((i) => i >= 0)).toBe(true);
    expect([...ops].sort((a, b) => a - b)).toEqual(ops);
    expect(text).toMatch(/\bX\b.*\[3,4\]/);
    expect(text).toMatch(/\bc\b.*\[4\]/);
  });
});
