import { describe, expect, it } from 'vitest';
import { tensor } from '../../create.js';
import type { Tensor } from '../../tensor.js';
import {
  BINARY_KINDS,
  checkAdam,
  checkAxpy,
  checkBinary,
  checkLinear,
  checkLinearBackward,
  checkLinearBackwardInPlace,
  checkMatmul,
  checkReduce,
  checkUnary,
} from '../conformance.testutil.js';
import { setKernels } from '../index.js';
import { referenceKernels } from '../reference.js';
import { createWasmKernels, wasmSimdSupported } from './wasm-kernels.js';

describe('wasm-simd kernels agree with referenceKernels', () => {
  // Node 20 has WebAssembly SIMD; the suite must not pass vacuously where it is missing.
  expect(wasmSimdSupported()).toBe(true);
  // Thresholds 0: every eligible call goes through WebAssembly, however small.
  const wasm = createWasmKernels({ minElementwise: 0, minMatmulMacs: 0 });
  if (wasm === null) throw new Error('WebAssembly SIMD kernels unavailable');

  it('float32 matmul, all transpose variants, sizes around the 4 x 8 block, the SIMD pack and KC = 256', () => {
    const sizes: Array<[number, number, number]> = [
      [1, 1, 1],
      [1, 9, 3],
      [4, 4, 8],
      [5, 3, 9],
      [7, 13, 17],
      [32, 32, 32],
      // Rows and k multiples of 4 are packed by the 4 x 4 transposing packRows (a half-filled
      // last B panel of 8 when n is 12 or 44).
      [12, 8, 12],
      [36, 20, 44],
      [64, 300, 10],
      [64, 300, 12],
      [70, 513, 33],
    ];
    for (const [m, k, n] of sizes)
      for (const tA of [false, true])
        for (const tB of [false, true]) checkMatmul(wasm, 'float32', 1, m, k, n, tA, tB);
  });

  it('batched and broadcast float32 matmul', () => {
    checkMatmul(wasm, 'float32', 3, 5, 6, 7, false, true);
    checkMatmul(wasm, 'float32', 4, 9, 5, 10, true, false, true);
    // Small operands in panel form (transposed A with m % 4 == 0, B with n % 8 == 0) are read
    // in place, not packed: batched, broadcast, and at the size limit of that path.
    checkMatmul(wasm, 'float32', 3, 8, 5, 16, true, false);
    checkMatmul(wasm, 'float32', 3, 8, 5, 16, true, false, true);
    checkMatmul(wasm, 'float32', 2, 64, 64, 64, true, false);
    checkMatmul(wasm, 'float32', 1, 64, 65, 64, true, false);
  });

  it('float64 goes to the fallback and stays exact to float64 bounds', () => {
    checkMatmul(wasm, 'float64', 2, 9, 11, 13, true, true);
  });

  it('elementwise kinds, same shape and scalar, lengths not a multiple of 4', () => {
    for (const kind of BINARY_KINDS) {
      for (const n of [1, 4, 15, 64, 1001]) {
        checkBinary(wasm, kind, 'float32', [n], [n], [n]);
        checkBinary(wasm, kind, 'float32', [n], [], [n]);
        checkBinary(wasm, kind, 'float64', [n], [n], [n]);
      }
      checkBinary(wasm, kind, 'float32', [6, 9], [9], [6, 9]);
      // Row broadcasts with a row length that is a multiple of 4 (the f32x4 row path).
      checkBinary(wasm, kind, 'float32', [5, 8], [8], [5, 8]);
      checkBinary(wasm, kind, 'float32', [3, 2, 12], [1, 12], [3, 2, 12]);
      checkBinary(wasm, kind, 'float32', [3, 2, 12], [2, 12], [3, 2, 12]);
      checkBinary(wasm, kind, 'float32', [4, 8], [4, 1], [4, 8]);
    }
  });

  it('unary kinds (f32x4 for neg/abs/sqrt/square, fallback for the rest)', () => {
    for (const kind of ['neg', 'abs', 'sqrt', 'square', 'exp', 'log', 'sign'] as const) {
      for (const n of [3, 64, 1001]) checkUnary(wasm, kind, 'float32', n);
      checkUnary(wasm, kind, 'float64', 65);
    }
  });

  it('linear: the bias starts the sums (every B panel, n not a multiple of 8, k past KC)', () => {
    for (const [m, k, n] of [
      [1, 1, 1],
      [5, 7, 9],
      [32, 32, 32],
      [36, 20, 44],
      [64, 300, 12],
    ] as const)
      for (const bias of [true, false]) checkLinear(wasm, 'float32', m, k, n, bias);
    checkLinear(wasm, 'float64', 9, 11, 13, true);
  });

  it('linearBackward: g copied in once for both products and the column sums', () => {
    for (const [m, k, n] of [
      [1, 1, 1],
      [5, 7, 9],
      [32, 32, 32],
      [36, 20, 44],
      [300, 12, 64],
      [8, 300, 6],
    ] as const)
      checkLinearBackward(wasm, 'float32', m, k, n);
    for (const want of [
      [true, false, false],
      [false, true, false],
      [false, false, true],
      [true, false, true],
    ] as const)
      checkLinearBackward(wasm, 'float32', 12, 8, 16, want);
    checkLinearBackward(wasm, 'float64', 9, 11, 13);
    for (const [m, n] of [
      [32, 32],
      [5, 12],
      [2, 3],
    ] as const)
      checkLinearBackwardInPlace(wasm, 'float32', m, n);
  });

  it('axpy: f64x2 for float32 (same bits as the reference), fallback for float64', () => {
    for (const n of [0, 3, 4, 64, 1001]) checkAxpy(wasm, 'float32', n);
    checkAxpy(wasm, 'float64', 65);
  });

  it('adam: f64x2 for float32 weights, in chunks (same bits as the update written out), fallback for float64', () => {
    for (const n of [0, 3, 127, 128, 1001, 8192, 8193, 16385]) checkAdam(wasm, 'float32', n);
    checkAdam(wasm, 'float64', 300);
  });

  it('reductions: f32x4 column sums over leading axes, fallback otherwise', () => {
    for (const special of [false, true]) {
      checkReduce(wasm, 'sum', 'float32', [8, 12], [0], special);
      checkReduce(wasm, 'sum', 'float32', [3, 5, 8], [0, 1], special);
      checkReduce(wasm, 'sum', 'float32', [8, 9], [0], special);
      checkReduce(wasm, 'sum', 'float32', [8, 12], [1], special);
      checkReduce(wasm, 'max', 'float32', [8, 12], [0], special);
      checkReduce(wasm, 'sum', 'float64', [8, 12], [0], special);
    }
  });

  it('keeps working after the memory grows (views are refreshed)', () => {
    checkMatmul(wasm, 'float32', 1, 8, 8, 8, false, false);
    checkMatmul(wasm, 'float32', 1, 300, 700, 200, false, true); // > 1 MiB of operands
    checkMatmul(wasm, 'float32', 1, 8, 8, 8, true, false);
  });

  it('trains the same small network as the reference kernels (forward and backward)', () => {
    const run = () => {
      const x = tensor(
        Array.from({ length: 6 }, (_, i) =>
          Array.from({ length: 10 }, (_, j) => Math.sin(i * 10 + j)),
        ),
      );
      const w = tensor(
        Array.from({ length: 10 }, (_, i) =>
          Array.from({ length: 12 }, (_, j) => Math.cos(i * 12 + j) / 3),
        ),
        { requiresGrad: true },
      );
      const y = x.matmul(w).maximum(0).logSumExp(1).mean();
      y.backward();
      return [y.item(), ...((w.grad as Tensor).toArray() as number[][]).flat()];
    };
    const prev = setKernels(referenceKernels);
    const want = run();
    setKernels(wasm);
    try {
      const got = run();
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i] as number, 5);
    } finally {
      setKernels(prev);
    }
  });
});
