/**
 * tanh's WebAssembly module against its source and the facts the TypeScript side relies on, and
 * the kernels' registration: which loop each backend gets.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createWasmKernels,
  fastKernels,
  getKernel,
  getKernels,
  referenceKernels,
  setKernels,
} from '@gradscope/core';
import { afterEach, describe, expect, it } from 'vitest';
import { generatedFor } from '../../../../tools/wasm/wat2ts.mjs';
import { moduleBytes } from './tanh.generated.js';
import {
  BASE,
  registerTanhKernels,
  tanhBackwardJs,
  tanhJs,
  tanhReference,
} from './tanh-kernels.js';

const packageDir = fileURLToPath(new URL('../../', import.meta.url));

describe('the tanh WebAssembly module', () => {
  it('tanh.generated.ts is tanh.wat compiled by wabt (edit the .wat, then pnpm build)', async () => {
    const { out, bytes, text } = await generatedFor(packageDir);
    expect(out).toBe(fileURLToPath(new URL('./tanh.generated.ts', import.meta.url)));
    expect(Buffer.from(moduleBytes()).equals(Buffer.from(bytes))).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe(text);
  });

  it('exports its memory and the two kernels the loader calls', () => {
    const names = WebAssembly.Module.exports(new WebAssembly.Module(moduleBytes())).map(
      (e) => e.name,
    );
    expect(names.sort()).toEqual(['memory', 'tanhAccurate', 'tanhBackwardVV']);
  });

  it('holds 2^(j/64) - 1, j = 0..63, in its first BASE bytes and nothing after them', () => {
    const { memory } = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()), {})
      .exports as { memory: WebAssembly.Memory };
    expect(BASE).toBe(64 * 8);
    const table = new Float64Array(memory.buffer, 0, 64);
    for (let j = 0; j < 64; j++) {
      const want = 2 ** (j / 64) - 1;
      expect(Math.abs((table[j] as number) - want)).toBeLessThanOrEqual(2 * Number.EPSILON);
    }
    expect(new Uint8Array(memory.buffer, BASE).every((b) => b === 0)).toBe(true);
  });
});

describe('registerTanhKernels', () => {
  const initial = getKernels();
  afterEach(() => {
    setKernels(initial);
  });

  it('gives the reference backend Math.tanh and every other backend the TypeScript loops', () => {
    registerTanhKernels();
    setKernels(referenceKernels);
    expect(getKernel('tanh')).toBe(tanhReference);
    expect(getKernel('tanhBackward')).toBe(tanhBackwardJs);
    setKernels(fastKernels);
    expect(getKernel('tanh')).toBe(tanhJs);
    expect(getKernel('tanhBackward')).toBe(tanhBackwardJs);
  });

  it('gives wasm-simd its own loops, which fall back to TypeScript where they do not apply', () => {
    registerTanhKernels();
    const wasm = createWasmKernels();
    expect(wasm).not.toBeNull();
    setKernels(wasm ?? initial);
    const forward = getKernel<(x: Float32Array | Float64Array, out: typeof x) => void>('tanh');
    expect(forward).toBeDefined();
    expect(forward).not.toBe(tanhJs);
    for (const n of [3, 200, 1001]) {
      for (const make of [(k: number) => new Float32Array(k), (k: number) => new Float64Array(k)]) {
        const x = make(n).map((_, i) => (i - n / 2) / 37);
        const got = make(n);
        const want = make(n);
        forward?.(x, got);
        tanhJs(x, want);
        expect(Array.from(got)).toEqual(Array.from(want));
      }
    }
  });

  it('is idempotent', () => {
    registerTanhKernels();
    setKernels(createWasmKernels() ?? initial);
    const first = [getKernel('tanh'), getKernel('tanhBackward')];
    registerTanhKernels();
    expect([getKernel('tanh'), getKernel('tanhBackward')]).toEqual(first);
  });
});
