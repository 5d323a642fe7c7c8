/**
 * A {@link Kernels} backend running float32 matmul, convolutions (an indirect gemm forward,
 * im2col + the gemm backward),
 * elementwise work (arithmetic, comparisons, neg/abs/sqrt/square) and column sums in WebAssembly
 * SIMD (f32x4), and axpy and the Adam update in f64x2 lanes,
 * with everything else (and every float64 call) on the tuned TypeScript kernels.
 *
 * The module is written in WebAssembly text (`wat/*.wat`) and compiled at build time into
 * `kernels.generated.ts` (a few KB, so even browsers' main threads may compile it synchronously);
 * operands are copied into the module's memory (which grows on demand), so transposed operands
 * cost no extra copy.
 *
 * Numerics: products are summed in float32 in a different order than the reference kernels (which
 * sum in float64), within the bound `|c - c_ref| <= (k + 2) 2^-23 (|A||B|)_ij`; elementwise
 * results are identical except that `maximum`/`minimum` of +0 and -0 may return either zero.
 * These results are the same bits on every machine and engine. With `fusedMultiplyAdd` (opt-in,
 * `fma.ts`) the products run on a gemm whose multiply–adds may be fused (rounded once): within
 * the same bound, but their last bits may differ between machines.
 */
import { ArgumentError } from '../../errors.js';
import { describe } from '../../shape.js';
import { fastKernels } from '../fast.js';
import type { Kernels } from '../kernels.js';
import { type Exports, f32, WasmContext } from './context.js';
import * as conv from './conv-driver.js';
import { axpy, binary, reduce, unary } from './elementwise.js';
import { fusedKernels, relaxedSimdMissing, relaxedSimdSupported } from './fma.js';
import { linear, linearBackward, matmul } from './gemm-driver.js';
import { buildKernelModule } from './module.js';
import { adam } from './optim-driver.js';

export { relaxedSimdSupported } from './fma.js';

/** The WebAssembly backend: the {@link Kernels} interface (no extra methods). */
export type WasmKernels = Kernels;

/** Options of {@link createWasmKernels}. */
export interface WasmKernelsOptions {
  /** Backend for everything not run in WebAssembly (default: the tuned TypeScript kernels). */
  readonly fallback?: Kernels;
  /**
   * Elementwise ops with fewer elements stay in TypeScript (default 128: below that the copies in
   * and out cost more than the SIMD loop saves).
   */
  readonly minElementwise?: number;
  /** Matmuls with fewer than this many multiply–adds stay in TypeScript (default 512). */
  readonly minMatmulMacs?: number;
  /**
   * Run float32 matmuls, linear layers and convolutions (forward and backward) on a gemm with
   * fused multiply–add (`f32x4.relaxed_madd`, WebAssembly relaxed SIMD): as fast as the CPU's
   * fused multiply–add is beside a multiply then an add (1.1× the default gemm on the AMD EPYC,
   * Zen 4, it was measured on), and within the same error bound as the default, but not
   * bit-exact across machines: relaxed SIMD lets each engine and CPU round a multiply–add once
   * (V8 on x86-64 with FMA3, and on arm64) or twice, so the last bits of a result (and of a
   * training run) may differ between machines.
   * Off by default, which keeps every result identical everywhere. The backend is named
   * `'wasm-fma'` and runs kernels registered for `'wasm-simd'`. Needs relaxed SIMD (see
   * {@link relaxedSimdSupported}: Chromium has it; Node 20 needs
   * `--experimental-wasm-relaxed-simd`); without it, `createWasmKernels` throws an
   * `ArgumentError` saying so.
   */
  readonly fusedMultiplyAdd?: boolean;
}

const contexts = new WeakMap<Kernels, WasmContext>();

/**
 * The module instance behind a backend made by {@link createWasmKernels}, or undefined for any
 * other backend: kernels that ops register for `'wasm-simd'` with `registerKernel` (pooling)
 * run in the active backend's memory through it.
 */
export function wasmContextOf(kernels: Kernels): WasmContext | undefined {
  return contexts.get(kernels);
}

/** True when this runtime can compile WebAssembly with fixed-width SIMD. */
export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(buildKernelModule());
  } catch {
    return false;
  }
}

/**
 * Creates the WebAssembly SIMD backend (select it with `setKernels`). Returns null when the
 * runtime has no WebAssembly SIMD, so callers can keep the TypeScript kernels.
 *
 * With `{ fusedMultiplyAdd: true }` it creates the fused multiply–add backend `'wasm-fma'`
 * instead, or throws an `ArgumentError` naming what is missing (relaxed SIMD) where the runtime
 * cannot run it; it never returns null then:
 *
 * ```ts
 * if (relaxedSimdSupported()) setKernels(createWasmKernels({ fusedMultiplyAdd: true }));
 * ```
 */
export function createWasmKernels(
  options: WasmKernelsOptions & { readonly fusedMultiplyAdd: true },
): WasmKernels;
export function createWasmKernels(options?: WasmKernelsOptions): WasmKernels | null;
export function createWasmKernels(options: WasmKernelsOptions = {}): WasmKernels | null {
  if (options === null || typeof options !== 'object') {
    throw new ArgumentError(
      `createWasmKernels: expected an options object, got ${describe(options)}`,
    );
  }
  const fused = options.fusedMultiplyAdd ?? false;
  if (typeof fused !== 'boolean') {
    throw new ArgumentError(
      `createWasmKernels: expected fusedMultiplyAdd to be true or false, got ${describe(fused)}`,
    );
  }
  if (fused && !(wasmSimdSupported() && relaxedSimdSupported()))
    throw new ArgumentError(relaxedSimdMissing('createWasmKernels'));
  if (!wasmSimdSupported()) return null;
  const fallback = options.fallback ?? fastKernels;
  const minElementwise = options.minElementwise ?? 128;
  const minMatmulMacs = options.minMatmulMacs ?? 512;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(buildKernelModule()), {});
  const ex = instance.exports as unknown as Exports;
  const ctx = new WasmContext(
    // The fused gemms run on the default module's memory, in the default ones' place.
    fused ? { ...ex, ...fusedKernels(ex.memory) } : ex,
    fallback,
    minElementwise,
    minMatmulMacs,
  );
  const kernels: WasmKernels = {
    name: fused ? 'wasm-fma' : 'wasm-simd',
    ...(fused ? { baseName: 'wasm-simd' } : {}),
    unary: (kind, x, out) => unary(ctx, kind, x, out),
    binary: (kind, a, aShape, b, bShape, out, outShape) =>
      binary(ctx, kind, a, aShape, b, bShape, out, outShape),
    reduce: (kind, x, shape, axes, out) => reduce(ctx, kind, x, shape, axes, out),
    matmul: (a, aOffsets, b, bOffsets, out, m, k, n, transA, transB) =>
      matmul(ctx, a, aOffsets, b, bOffsets, out, m, k, n, transA, transB),
    linear: (x, w, bias, out, m, k, n) => linear(ctx, x, w, bias, out, m, k, n),
    linearBackward: (g, x, w, gx, gw, gb, m, k, n) =>
      linearBackward(ctx, g, x, w, gx, gw, gb, m, k, n),
    axpy: (alpha, x, y, out) => axpy(ctx, alpha, x, y, out),
    adam: (w, g, m, v, vmax, update) => adam(ctx, w, g, m, v, vmax, update),
    conv2d: (x, w, bias, out, geo) =>
      out instanceof Float32Array && f32(x) && f32(w) && f32(bias)
        ? conv.conv2d(ctx, x, w, bias, out, geo)
        : fallback.conv2d(x, w, bias, out, geo),
    conv2dInputGrad: (g, w, gx, geo) =>
      gx instanceof Float32Array && f32(g) && f32(w)
        ? conv.conv2dInputGrad(ctx, g, w, gx, geo)
        : fallback.conv2dInputGrad(g, w, gx, geo),
    conv2dWeightGrad: (g, x, gw, geo) =>
      gw instanceof Float32Array && f32(g) && f32(x)
        ? conv.conv2dWeightGrad(ctx, g, x, gw, geo)
        : fallback.conv2dWeightGrad(g, x, gw, geo),
    permute: fallback.permute,
    gatherStrided: fallback.gatherStrided,
    scatterStrided: fallback.scatterStrided,
  };
  contexts.set(kernels, ctx);
  return kernels;
}
