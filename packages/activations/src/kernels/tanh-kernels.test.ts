/**
 * tanh's kernels against Math.tanh: the TypeScript float32 kernel and this package's WebAssembly
 * module, forward and backward, edges included.
 */
import { createRng, type TypedArray } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { tanhFloat32Kernel } from './tanh-f32.js';
import {
  createTanhModule,
  tanhBackwardJs,
  tanhJs,
  tanhReference,
  wasmTanhKernels,
} from './tanh-kernels.js';

const tanhModule = createTanhModule();
// Node 20 has WebAssembly SIMD: the suite must not pass vacuously where the module is missing.
const wasm = tanhModule === null ? null : wasmTanhKernels(tanhModule);
// Threshold 0: every eligible call goes through WebAssembly, however short.
const wasmAll = tanhModule === null ? null : wasmTanhKernels(tanhModule, 0);

const EDGES = [
  0,
  -0,
  1e-45,
  -1e-45,
  1e-40,
  -3e-39,
  1e-8,
  0.0625,
  -0.0625,
  0.06249999,
  0.5,
  1,
  -1,
  3,
  9,
  9.01,
  9.02,
  9.1,
  -9.1,
  20,
  1e4,
  -1e4,
  3.4e38,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
];

/** float32 inputs over the whole line: random bit patterns and dense draws where tanh bends. */
function inputs(n: number): Float32Array {
  const r = createRng(7);
  const x = new Float32Array(n);
  const bits = new Uint32Array(x.buffer);
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) bits[i] = r.int(2 ** 32);
    else x[i] = (r.random() - 0.5) * (i % 3 === 1 ? 0.3 : 24);
  }
  x.set(EDGES);
  return x;
}

/** Count of elements that differ from Math.fround(Math.tanh(x)), and the largest ulp distance. */
function compare(x: Float32Array, got: Float32Array): { differ: number; maxUlps: number } {
  const pair = new Float32Array(2);
  const pairBits = new Int32Array(pair.buffer);
  let differ = 0;
  let maxUlps = 0;
  for (let i = 0; i < x.length; i++) {
    const want = Math.fround(Math.tanh(x[i] as number));
    if (Object.is(want, got[i])) continue;
    differ++;
    pair[0] = want;
    pair[1] = got[i] as number;
    maxUlps = Math.max(maxUlps, Math.abs((pairBits[0] as number) - (pairBits[1] as number)));
  }
  return { differ, maxUlps };
}

describe('float32 tanh kernels round like Math.fround(Math.tanh(x))', () => {
  const x = inputs(300_000);
  it('the WebAssembly module compiles here', () => {
    expect(wasm).not.toBeNull();
  });
  const backends: Array<[string, (x: Float32Array, out: Float32Array) => void]> = [
    ['tanhFloat32Kernel', tanhFloat32Kernel],
    ['TypeScript kernel', tanhJs],
  ];
  if (wasm !== null) backends.push(['WebAssembly kernel', wasm.tanh]);
  if (wasmAll !== null) backends.push(['WebAssembly kernel, threshold 0', wasmAll.tanh]);
  for (const [name, run] of backends) {
    it(`${name}: edges exactly (±0, subnormals, ±1 from 9.1, ±Inf, NaN); at most 1 ulp and 1 in 10^5 elsewhere`, () => {
      const out = new Float32Array(x.length);
      run(x, out);
      for (const [i, v] of EDGES.entries()) {
        expect(Object.is(out[i], Math.fround(Math.tanh(v))), `tanh(${v}) = ${out[i]}`).toBe(true);
      }
      const { differ, maxUlps } = compare(x, out);
      expect(maxUlps).toBeLessThanOrEqual(1);
      expect(differ).toBeLessThanOrEqual(x.length / 1e5);
      // In place (out aliasing x) gives the same.
      const y = x.slice(0, 1001);
      run(y, y);
      expect(Array.from(y)).toEqual(Array.from(out.subarray(0, 1001)));
    });
  }

  it('the reference backend gets Math.tanh, rounded once', () => {
    const out = new Float32Array(x.length);
    tanhReference(x, out);
    for (let i = 0; i < x.length; i += 97)
      expect(Object.is(out[i], Math.fround(Math.tanh(x[i] as number)))).toBe(true);
  });

  it('float64 arrays get Math.tanh exactly', () => {
    const d = Float64Array.from(inputs(1000));
    const out = new Float64Array(d.length);
    tanhFloat32Kernel(d, out);
    for (let i = 0; i < d.length; i++)
      expect(Object.is(out[i], Math.tanh(d[i] as number))).toBe(true);
  });
});

describe('tanhBackward: g * (1 - y^2), 0 where 1 - y^2 is 0', () => {
  type Backward = (g: TypedArray, x: TypedArray, y: TypedArray, out: TypedArray) => void;
  const backends: Array<[string, Backward]> = [['TypeScript', tanhBackwardJs]];
  if (wasm !== null) backends.push(['WebAssembly', wasm.tanhBackward]);
  if (wasmAll !== null) backends.push(['WebAssembly, threshold 0', wasmAll.tanhBackward]);
  const g0 = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 1, 2, 3, 0.25];
  const y0 = [1, -1, 0.5, Number.NaN, 0, 0.5, -0.999];
  const want0 = [0, 0, Number.NaN, Number.NaN, 2, 2.25];
  for (const [name, run] of backends) {
    it(`${name}: saturated units block infinite gradients, NaN propagates (float32, n = 203)`, () => {
      const n = 203;
      const g = Float32Array.from({ length: n }, (_, i) => g0[i % 7] as number);
      const y = Float32Array.from({ length: n }, (_, i) => y0[i % 7] as number);
      const out = new Float32Array(n);
      run(g, g, y, out);
      for (let i = 0; i < n; i++) {
        // The last case: 0.999 is not a float32, so the expectation uses the stored y.
        const want = i % 7 === 6 ? 0.25 * (1 - (y[i] as number) ** 2) : (want0[i % 7] as number);
        expect(Object.is(out[i], Math.fround(want)), `element ${i}: ${out[i]} vs ${want}`).toBe(
          true,
        );
      }
    });
  }
});

describe('tanhBackward agrees bit for bit with g * (1 - y^2) in float64, rounded once', () => {
  type Backward = (g: TypedArray, x: TypedArray, y: TypedArray, out: TypedArray) => void;
  const backends: Array<[string, Backward]> = [['TypeScript', tanhBackwardJs]];
  if (wasm !== null) backends.push(['WebAssembly', wasm.tanhBackward]);
  if (wasmAll !== null) backends.push(['WebAssembly, threshold 0', wasmAll.tanhBackward]);
  const rng = createRng(1234);

  /** Seeded normals with NaN, ±0, ±Inf and ±1 (saturated units) sprinkled in. */
  function operand(make: (n: number) => TypedArray, n: number): TypedArray {
    const a = make(n);
    for (let i = 0; i < n; i++) a[i] = rng.normal();
    const special = [Number.NaN, 0, -0, Number.POSITIVE_INFINITY, -1, 1, 1e-30];
    for (let i = 0; i < n; i += 5) a[i] = special[(i / 5) % special.length] as number;
    return a;
  }

  function expectSame(got: TypedArray, want: TypedArray, what: string): void {
    for (let i = 0; i < want.length; i++) {
      const a = got[i] as number;
      const b = want[i] as number;
      if (!(Object.is(a, b) || (a === 0 && b === 0) || (Number.isNaN(a) && Number.isNaN(b))))
        expect(a, `${what} at ${i}`).toBe(b);
    }
  }

  const dtypes: Array<[string, (n: number) => TypedArray]> = [
    ['float32', (n) => new Float32Array(n)],
    ['float64', (n) => new Float64Array(n)],
  ];
  for (const [name, run] of backends) {
    it(`${name}: float32 and float64, lengths not a multiple of 4, in place (out = g)`, () => {
      for (const [dtype, make] of dtypes) {
        for (const n of [1, 4, 15, 64, 203, 1001]) {
          const g = operand(make, n);
          const y = operand(make, n);
          const x = make(n);
          const want = make(n);
          for (let i = 0; i < n; i++) {
            const yi = y[i] as number;
            const d = 1 - yi * yi;
            want[i] = d === 0 ? 0 : (g[i] as number) * d;
          }
          const got = make(n).fill(7);
          run(g, x, y, got);
          expectSame(got, want, `${name} ${dtype} n=${n}`);
          const inPlace = g.slice();
          run(inPlace, x, y, inPlace);
          expectSame(inPlace, want, `${name} ${dtype} n=${n} in place`);
        }
      }
    });

    it(`${name}: NaN where x is NaN (its y is NaN), even with a zero gradient`, () => {
      const n = 130;
      const x = new Float32Array(n).fill(Number.NaN);
      const y = new Float32Array(n);
      tanhJs(x, y);
      const out = new Float32Array(n);
      run(new Float32Array(n), x, y, out);
      expect(out.every(Number.isNaN)).toBe(true);
    });
  }
});
