/**
 * Fused multiply–add for the WebAssembly backend, opt-in: the gemm and the convolution's indirect
 * gemm of `wat/gemm-fma.wat` (`f32x4.relaxed_madd`, from WebAssembly's relaxed SIMD) in place of
 * `wat/gemm.wat`'s and `wat/conv.wat`'s, which every float32 matmul, linear layer and convolution
 * of the backend runs on.
 *
 * Relaxed SIMD is its own WebAssembly feature: Chromium has it on; Node 20 only with
 * `--experimental-wasm-relaxed-simd`. So the fused gemm is a module of its own (the default
 * module must validate without the feature), with no memory of its own: it imports the default
 * module's, and the backend calls its two kernels where it would call the default ones.
 */
import { ArgumentError } from '../../errors.js';
import type { Exports } from './context.js';
import { moduleBytes } from './gemm-fma.generated.js';

/**
 * The smallest module that uses relaxed SIMD: one function returning
 * `f32x4.relaxed_madd(local 0, local 1, local 2)`. It validates exactly where the engine has the
 * feature.
 */
// biome-ignore format: the module's bytes, one part a line
const PROBE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type: (v128 v128 v128) -> v128
  0x03, 0x02, 0x01, 0x00, // function 0 has that type
  0x0a, 0x0d, 0x01, 0x0b, 0x00, // code: one body of 11 bytes, no locals
  0x20, 0x00, 0x20, 0x01, 0x20, 0x02, // local.get 0, 1, 2
  0xfd, 0x85, 0x02, 0x0b, // f32x4.relaxed_madd, end
);

let relaxed: boolean | undefined;

/**
 * True when this runtime has WebAssembly relaxed SIMD, which `createWasmKernels({
 * fusedMultiplyAdd: true })` needs: Chromium has it on; Node 20 only when started with
 * `--experimental-wasm-relaxed-simd`. Asked once, the first time (the engine's features do not
 * change while it runs).
 */
export function relaxedSimdSupported(): boolean {
  if (relaxed === undefined) {
    try {
      relaxed = typeof WebAssembly === 'object' && WebAssembly.validate(PROBE);
    } catch {
      relaxed = false;
    }
  }
  return relaxed;
}

/** Why the fused gemm is unavailable here, for `op`'s error message. */
export function relaxedSimdMissing(op: string): string {
  return (
    `${op}: fusedMultiplyAdd needs WebAssembly relaxed SIMD (f32x4.relaxed_madd), which this ` +
    'runtime does not have: start Node 20 with --experimental-wasm-relaxed-simd (Chromium has it ' +
    'on), check with relaxedSimdSupported(), or leave fusedMultiplyAdd off for the default, ' +
    'bit-exact kernels'
  );
}

/**
 * The fused `gemm` and `convGemm`, instantiated on `memory` (the default module's): the same
 * arguments as the default module's functions of those names, to put in their place.
 */
export function fusedKernels(memory: WebAssembly.Memory): Pick<Exports, 'gemm' | 'convGemm'> {
  if (!relaxedSimdSupported()) throw new ArgumentError(relaxedSimdMissing('createWasmKernels'));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()), {
    kernels: { memory },
  });
  const ex = instance.exports as unknown as Exports;
  return { gemm: ex.gemm, convGemm: ex.convGemm };
}

/** The bytes of the fused gemm's module (it imports `kernels.memory`). */
export function buildFusedGemmModule(): Uint8Array<ArrayBuffer> {
  return moduleBytes();
}
