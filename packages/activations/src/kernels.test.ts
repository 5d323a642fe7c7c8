/**
 * Activations with whole-array kernels (tanh, relu) against their scalar definitions: float64 exactly,
 * float32 as the stored float64 value, NaN and ±Inf included; the fused backward kernel against
 * g * f'(x) with a zero derivative blocking infinite gradients.
 */
import {
  createRng,
  createWasmKernels,
  type DType,
  fastKernels,
  getKernels,
  referenceKernels,
  setKernels,
  tensor,
} from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { relu } from './relu.js';
import { tanh } from './tanh.js';

const EDGES = [
  0,
  -0,
  1e-45,
  -1e-40,
  5e-324,
  1e-8,
  0.0625,
  -0.5,
  1,
  3,
  9.02,
  9.1,
  -20,
  1e4,
  -1e4,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
];

function values(n: number): number[] {
  const r = createRng(5);
  return [...EDGES, ...Array.from({ length: n }, () => (r.random() - 0.5) * 24)];
}

describe('tanh: the kernel path agrees with Math.tanh', () => {
  for (const dtype of ['float64', 'float32'] as DType[]) {
    it(`forward (${dtype}, edges and 20,000 random values)`, () => {
      const xs = values(20_000);
      const x = tensor(xs, { dtype });
      const y = tanh(x);
      for (let i = 0; i < xs.length; i++) {
        const v = x.data[i] as number;
        const want = dtype === 'float64' ? Math.tanh(v) : Math.fround(Math.tanh(v));
        expect(Object.is(y.data[i], want), `tanh(${v}) = ${y.data[i]}, want ${want}`).toBe(true);
      }
    });

    it(`fused backward: g * (1 - y^2), 0 where saturated, NaN where x is NaN (${dtype})`, () => {
      const xs = values(500);
      const x = tensor(xs, { dtype, requiresGrad: true });
      const y = tanh(x);
      const g = tensor(
        xs.map((_, i) => (i % 3 === 0 ? Number.POSITIVE_INFINITY : 1.5)),
        { dtype },
      );
      y.backward(g);
      const gx = x.grad?.data as Float32Array | Float64Array;
      for (let i = 0; i < xs.length; i++) {
        const t = y.data[i] as number;
        const d = 1 - t * t;
        const gi = g.data[i] as number;
        const want = d === 0 ? 0 : gi * d;
        const stored = dtype === 'float64' ? want : Math.fround(want);
        expect(Object.is(gx[i], stored), `x = ${x.data[i]}: ${gx[i]} vs ${stored}`).toBe(true);
      }
    });
  }
});

describe('relu: the kernel path agrees with Math.max(x, 0)', () => {
  for (const dtype of ['float64', 'float32'] as DType[]) {
    // 18 edges alone (too few for SIMD), and with 2,001 random values (SIMD and a tail of 3).
    for (const extra of [0, 2_001]) {
      it(`forward (${dtype}, edges and ${extra} random values; NaN stays NaN, -0 gives +0)`, () => {
        const before = getKernels();
        const wasm = createWasmKernels();
        if (wasm === null) throw new Error('this runtime has no WebAssembly SIMD');
        try {
          for (const kernels of [wasm, fastKernels, referenceKernels]) {
            setKernels(kernels);
            const x = tensor(values(extra), { dtype });
            const y = relu(x);
            expect(y.dtype).toBe(dtype);
            for (let i = 0; i < x.size; i++) {
              const v = x.data[i] as number;
              const want = Math.max(v, 0);
              const at = `${kernels.name}: relu(${v}) = ${y.data[i]}`;
              expect(Object.is(y.data[i], want), at).toBe(true);
            }
          }
        } finally {
          // A failed expectation must not leave the other tests of this file on another backend.
          setKernels(before);
        }
      });
    }
  }
});
