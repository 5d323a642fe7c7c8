/**
 * The convolution kernels of every backend (fast: im2col + the TypeScript gemm; wasm-simd: the
 * indirect gemm forward, im2col + the WebAssembly gemm backward, with its size thresholds at 0 and
 * at their defaults) against the reference loops, forward and both backward kernels, float32 and
 * float64, within the matmul bound `(k + 2) u (|A| |B|)` of each output's dot product (computed
 * by the reference kernel on absolute values), plus one rounding for the bias.
 */
import { describe, expect, it } from 'vitest';
import { check, GEOMETRIES, geometry } from './conv-conformance.testutil.js';
import { fastKernels } from './fast.js';
import type { Kernels } from './kernels.js';
import { referenceKernels } from './reference.js';
import { createWasmKernels } from './wasm/wasm-kernels.js';

const wasmAll = createWasmKernels({ minElementwise: 0, minMatmulMacs: 0 });
const wasmDefault = createWasmKernels();
const BACKENDS: Array<[string, Kernels]> = [['fast', fastKernels]];
if (wasmAll !== null && wasmDefault !== null) {
  BACKENDS.push(['wasm-simd (thresholds 0)', wasmAll], ['wasm-simd', wasmDefault]);
}

describe('conv kernels of every backend agree with the reference loops', () => {
  it('has the WebAssembly backend to test (Node 20 has SIMD)', () => {
    expect(BACKENDS.length).toBe(3);
  });
  for (const [name, k] of BACKENDS) {
    for (const kind of ['conv2d', 'conv2dInputGrad', 'conv2dWeightGrad'] as const) {
      it(`${name}: ${kind}`, () => {
        for (const dtype of ['float32', 'float64'] as const) {
          for (const [label, geo] of GEOMETRIES) {
            if (label === 'two chunks' && dtype === 'float64') continue;
            for (const withBias of kind === 'conv2d' ? [false, true] : [false])
              check(
                k,
                kind,
                geo,
                dtype,
                withBias,
                `${name} ${kind} ${dtype} ${label} bias=${withBias}`,
              );
          }
        }
      });
    }
  }

  for (const [name, k] of BACKENDS) {
    it(`${name}: NaN, ±Inf and ±0 operands give the reference's non-finite results`, () => {
      for (const kind of ['conv2d', 'conv2dInputGrad', 'conv2dWeightGrad'] as const)
        for (const dtype of ['float32', 'float64'] as const)
          for (const [label, geo] of GEOMETRIES.slice(0, 10))
            check(k, kind, geo, dtype, true, `${name} ${kind} ${dtype} ${label} special`, true);
    });
  }

  it('the reference loops compute the definition on a hand-checked case', () => {
    // x = 1..9 as 3x3, kernel [[1, 0], [0, -1]], stride 1: y[i,j] = x[i,j] - x[i+1,j+1] = -4.
    const geo = geometry([1, 1, 3, 3], [1, 2, 2]);
    const out = new Float64Array(4);
    referenceKernels.conv2d(
      Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]),
      Float64Array.from([1, 0, 0, -1]),
      Float64Array.from([0.5]),
      out,
      geo,
    );
    expect(Array.from(out)).toEqual([-3.5, -3.5, -3.5, -3.5]);
    // Its input gradient for g = 1: each x gets the sum of the taps that read it.
    const gx = new Float64Array(9);
    referenceKernels.conv2dInputGrad(
      Float64Array.from([1, 1, 1, 1]),
      Float64Array.from([1, 0, 0, -1]),
      gx,
      geo,
    );
    expect(Array.from(gx)).toEqual([1, 1, 0, 1, 0, -1, 0, -1, -1]);
    // Its weight gradient for g = 1: each tap gets the sum of the inputs it reads.
    const gw = new Float64Array(4);
    referenceKernels.conv2dWeightGrad(
      Float64Array.from([1, 1, 1, 1]),
      Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]),
      gw,
      geo,
    );
    expect(Array.from(gw)).toEqual([12, 16, 24, 28]);
  });
});
