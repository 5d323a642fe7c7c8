/**
 * tanh's loops, registered with core's `registerKernel` for the ops `tanh` and `tanhBackward`
 * (`elementwise.ts` defines both): float32-accurate TypeScript on every backend, and this
 * package's own WebAssembly SIMD module (`tanh.wat`) on the `wasm-simd` backend.
 *
 * - forward: float32 results round like `Math.fround(Math.tanh(x))` but for inputs within 1e-13
 *   of a rounding boundary (see `tanh-f32.ts`); float64 is `Math.tanh`; the reference backend
 *   uses `Math.tanh` for both.
 * - backward (PyTorch's `tanh_backward`): `g * (1 - y^2)` from the output y, 0 where `1 - y^2`
 *   is 0, so an infinite gradient meets a saturated unit as 0, not NaN. `out` may be g's array.
 */
import { ANY_BACKEND, registerKernel, type TypedArray } from '@gradscope/core';
import { moduleBytes } from './tanh.generated.js';
import { tanhFloat32Kernel } from './tanh-f32.js';

/**
 * Bytes at the start of the module's memory that hold tanh.wat's table (64 float64); operands
 * start here. `tanh-module.test.ts` checks it against the module.
 */
export const BASE = 512;
/** Arrays shorter than this stay in TypeScript: the copies would cost more than SIMD saves. */
const MIN_WASM = 128;

/** tanh of every element (float32 rounded like Math.fround(Math.tanh)). */
export function tanhJs(x: TypedArray, out: TypedArray): void {
  tanhFloat32Kernel(x, out);
}

/** `Math.tanh` of every element: the reference. */
export function tanhReference(x: TypedArray, out: TypedArray): void {
  for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i] as number);
}

/** `out[i] = g[i] * (1 - y[i]^2)`, 0 where `1 - y[i]^2` is 0 (`out` may be `g`). */
export function tanhBackwardJs(
  g: TypedArray,
  _x: TypedArray,
  y: TypedArray,
  out: TypedArray,
): void {
  for (let i = 0; i < out.length; i++) {
    const yi = y[i] as number;
    const d = 1 - yi * yi;
    out[i] = d === 0 ? 0 : (g[i] as number) * d;
  }
}

interface TanhExports {
  memory: WebAssembly.Memory;
  tanhAccurate(src: number, dst: number, n4: number): void;
  tanhBackwardVV(g: number, y: number, out: number, n4: number): void;
}

/** The module instance and its memory, grown on demand. */
class TanhModule {
  private heap: Float32Array;
  constructor(private readonly ex: TanhExports) {
    this.heap = new Float32Array(ex.memory.buffer);
  }

  private reserve(bytes: number): Float32Array {
    if (bytes > this.heap.byteLength) {
      this.ex.memory.grow(Math.ceil((bytes - this.heap.byteLength) / 65536));
      this.heap = new Float32Array(this.ex.memory.buffer);
    }
    return this.heap;
  }

  /** Forward on whole groups of four; returns how many elements it covered. */
  tanh(x: Float32Array, out: Float32Array): number {
    const n4 = x.length >>> 2;
    const oPtr = BASE + align16(x.length * 4);
    const mem = this.reserve(oPtr + x.length * 4);
    mem.set(x, BASE / 4);
    this.ex.tanhAccurate(BASE, oPtr, n4);
    out.set(mem.subarray(oPtr / 4, oPtr / 4 + n4 * 4));
    return n4 * 4;
  }

  /** Backward on whole groups of four; returns how many elements it covered. */
  backward(g: Float32Array, y: Float32Array, out: Float32Array): number {
    const n = out.length;
    const n4 = n >>> 2;
    const yPtr = BASE + align16(n * 4);
    const oPtr = yPtr + align16(n * 4);
    const mem = this.reserve(oPtr + n * 4);
    mem.set(g, BASE / 4);
    mem.set(y, yPtr / 4);
    this.ex.tanhBackwardVV(BASE, yPtr, oPtr, n4);
    out.set(mem.subarray(oPtr / 4, oPtr / 4 + n4 * 4));
    return n4 * 4;
  }
}

function align16(bytes: number): number {
  return (bytes + 15) & ~15;
}

/** The WebAssembly module, or null where it cannot compile (no SIMD, a CSP that forbids it). */
export function createTanhModule(): TanhModule | null {
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()), {});
    return new TanhModule(instance.exports as unknown as TanhExports);
  } catch {
    return null;
  }
}

/**
 * The WebAssembly kernels, falling back to TypeScript for arrays shorter than `minLength`,
 * float64 or mixed arrays.
 */
export function wasmTanhKernels(
  m: TanhModule,
  minLength = MIN_WASM,
): {
  tanh: (x: TypedArray, out: TypedArray) => void;
  tanhBackward: (g: TypedArray, x: TypedArray, y: TypedArray, out: TypedArray) => void;
} {
  return {
    tanh(x, out) {
      if (x.length < minLength || !(x instanceof Float32Array && out instanceof Float32Array)) {
        tanhJs(x, out);
        return;
      }
      const done = m.tanh(x, out);
      if (done < x.length) tanhJs(x.subarray(done), out.subarray(done));
    },
    tanhBackward(g, x, y, out) {
      const n = out.length;
      if (
        n < minLength ||
        !(g instanceof Float32Array && y instanceof Float32Array && out instanceof Float32Array) ||
        g.length !== n ||
        y.length !== n
      ) {
        tanhBackwardJs(g, x, y, out);
        return;
      }
      const done = m.backward(g, y, out);
      if (done < n) tanhBackwardJs(g.subarray(done), x, y.subarray(done), out.subarray(done));
    },
  };
}

let registered = false;

/** Registers tanh's kernels on every backend (once). */
export function registerTanhKernels(): void {
  if (registered) return;
  registered = true;
  registerKernel('tanh', ANY_BACKEND, tanhJs);
  registerKernel('tanhBackward', ANY_BACKEND, tanhBackwardJs);
  registerKernel('tanh', 'reference', tanhReference);
  const m = createTanhModule();
  if (m === null) return;
  const wasm = wasmTanhKernels(m);
  registerKernel('tanh', 'wasm-simd', wasm.tanh);
  registerKernel('tanhBackward', 'wasm-simd', wasm.tanhBackward);
}
