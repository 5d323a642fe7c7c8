/**
 * The kernel module against its source and against the facts the TypeScript side relies on:
 * `kernels.generated.ts` is what wat2wasm makes of the .wat fragments today, and the exports
 * are the ones the kernels call.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { compileWat, readFragments, toTypeScript } from '../../../../../tools/wasm/wat2ts.mjs';
import { buildKernelModule, SIMD_BINARY, SIMD_UNARY } from './module.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The .wat fragments, in the order core's build script gives them to wat2ts. */
function fragmentPaths(): string[] {
  const pkg = JSON.parse(readFileSync(here('../../../package.json'), 'utf8'));
  const wats = (pkg.scripts.build as string).split(' ').filter((a) => a.endsWith('.wat'));
  return wats.map((p) => here(`../../../${p}`));
}

describe('the WebAssembly kernel module', () => {
  it('kernels.generated.ts is wat/*.wat compiled by wabt (edit the .wat, then pnpm build)', async () => {
    const fragments = readFragments(fragmentPaths());
    expect(fragments.length).toBeGreaterThan(0);
    const bytes: Uint8Array = await compileWat(fragments);
    expect(Buffer.from(buildKernelModule()).equals(Buffer.from(bytes))).toBe(true);
    const names = fragments.map((f: { name: string }) => f.name);
    expect(readFileSync(here('./kernels.generated.ts'), 'utf8')).toBe(toTypeScript(bytes, names));
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
      ...SIMD_BINARY.flatMap((k) => [`${k}VV`, `${k}VS`]),
      ...Object.keys(SIMD_UNARY).map((k) => `${k}U`),
    ];
    expect(names.sort()).toEqual(want.sort());
  });
});
