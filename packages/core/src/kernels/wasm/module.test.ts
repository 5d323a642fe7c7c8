/**
 * The kernel module against its source and against the facts the TypeScript side relies on:
 * `kernels.generated.ts` is what wat2wasm makes of the .wat fragments today, and the exports
 * are the ones the kernels call. Likewise the fused multiply–add gemm's module
 * (`gemm-fma.generated.ts`, the build script's second wat2ts run).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatedFor } from '../../../../../tools/wasm/wat2ts.mjs';
import { buildFusedGemmModule } from './fma.js';
import { buildKernelModule, SIMD_BINARY, SIMD_UNARY } from './module.js';

const packageDir = fileURLToPath(new URL('../../../', import.meta.url));

describe('the WebAssembly kernel module', () => {
  it('kernels.generated.ts is wat/*.wat compiled by wabt (edit the .wat, then pnpm build)', async () => {
    const { out, bytes, text } = await generatedFor(packageDir);
    expect(out).toBe(fileURLToPath(new URL('./kernels.generated.ts', import.meta.url)));
    expect(Buffer.from(buildKernelModule()).equals(Buffer.from(bytes))).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe(text);
  });

  it('validates and exports every kernel the TypeScript side calls', () => {
    const bytes = buildKernelModule();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
    const want = [
      'memory',
      'gemm',
      'pack',
      'packT',
      'packTv',
      'packRows4',
      'packRows8',
      'colsum',
      'axpy',
      'adam',
      'padCopy',
      'crop',
      'convGemm',
      'im2colRows',
      'col2imRows',
      'maxPool2x2',
      'maxPool2x2Arg',
      'avgPool2x2',
      'avgPool2x2Backward',
      'scatterAt',
      ...SIMD_BINARY.flatMap((k) => [`${k}VV`, `${k}VS`]),
      ...Object.keys(SIMD_UNARY).map((k) => `${k}U`),
    ];
    expect(names.sort()).toEqual(want.sort());
  });

  it('gemm-fma.generated.ts is wat/gemm-fma.wat compiled by wabt', async () => {
    const { out, bytes, text } = await generatedFor(packageDir, 1);
    expect(out).toBe(fileURLToPath(new URL('./gemm-fma.generated.ts', import.meta.url)));
    expect(Buffer.from(buildFusedGemmModule()).equals(Buffer.from(bytes))).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe(text);
  });

  it('the fused gemm module imports the kernel memory and exports only gemm and convGemm', async () => {
    // Read back by wabt (compiling it here would need relaxed SIMD).
    const wabt = await createRequire(`${packageDir}package.json`)('wabt')();
    const mod = wabt.readWasm(buildFusedGemmModule(), { simd: true, relaxed_simd: true });
    try {
      const text: string = mod.toText({});
      expect(text.match(/\(import [^\n]*/g)).toEqual([
        '(import "kernels" "memory" (memory (;0;) 1))',
      ]);
      expect(text.match(/\(export [^\n]*/g)).toEqual([
        '(export "gemm" (func 0))',
        '(export "convGemm" (func 3)))',
      ]);
      // 8 in the 4 x 8 tile, 10 in the 5 x 8 tile, 16 in convGemm (gemm-fma.wat).
      expect(text.match(/f32x4\.relaxed_madd/g)?.length).toBe(34);
    } finally {
      mod.destroy();
    }
  });
});
