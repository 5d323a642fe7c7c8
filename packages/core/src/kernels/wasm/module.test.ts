/**
 * The kernel module against its source and against the facts the TypeScript side relies on:
 * `kernels.generated.ts` is what wat2wasm makes of the .wat fragments today, and the exports
 * are the ones the kernels call.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatedFor } from '../../../../../tools/wasm/wat2ts.mjs';
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
      'packRows4',
      'packRows8',
      'colsum',
      'axpy',
      'padCopy',
      'crop',
      'im2colPanels',
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
});
