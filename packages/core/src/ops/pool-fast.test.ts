/**
 * The fast pooling kernels against the plain reference loops (`pool-kernels.ts`), bit for bit:
 * the TypeScript loops of `pool-fast.ts` (every backend but the reference) and the WebAssembly
 * kernels of `pool-wasm.ts` / `kernels/wasm/pool-driver.ts` (the wasm-simd backend), in float32
 * and float64, on random geometries (odd sizes, kernels 1 to 3 or 4, strides, padding, dilation,
 * ceil mode, count-include-pad, divisor override) and inputs full of ties, ±0, ±Infinity and
 * NaN. Equal means the same number with the same sign of zero (Object.is), any NaN for a NaN
 * (JavaScript does not keep NaN payloads). Then the ops themselves on each backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tensor } from '../create.js';
import { allocate, type DType, type TypedArray } from '../dtype.js';
import { fastKernels } from '../kernels/fast.js';
import { getKernels, referenceKernels, setKernels } from '../kernels/index.js';
import type { Kernels } from '../kernels/kernels.js';
import * as driver from '../kernels/wasm/pool-driver.js';
import { createWasmKernels, wasmContextOf } from '../kernels/wasm/wasm-kernels.js';
import { createRng, type Rng } from '../rng.js';
import { sizeOf } from '../shape.js';
import { adaptiveAvgPool2d } from './adaptive-pool.js';
import { avgPool2d, maxPool2d } from './pool.js';
import {
  avgPool2dBackwardFast,
  avgPool2dFast,
  gatherAtFast,
  maxPool2dArgmaxFast,
  maxPool2dFast,
  scatterAtFast,
} from './pool-fast.js';
import { type AxisWindows, avgWindows, maxWindows, pooledSize } from './pool-geometry.js';
import {
  avgPool2dBackwardLoop,
  avgPool2dLoop,
  gatherAt,
  maxPool2dArgmax,
  maxPool2dLoop,
  scatterAt,
} from './pool-kernels.js';
import {
  avgPool2dBackwardWasm,
  avgPool2dWasm,
  maxPool2dArgmaxWasm,
  maxPool2dWasm,
  scatterAtWasm,
} from './pool-wasm.js';

const DTYPES: DType[] = ['float32', 'float64'];
const SPECIAL = [
  0,
  -0,
  1,
  -1,
  2,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1e-45, // a float32 subnormal
  3.4e38,
];

/**
 * What random inputs hold: `specials`, a few specials (ties, ±0, ±Infinity, NaN) and normals;
 * `noNaN`, the same without NaN; `zeros`, mostly -0 and some +0 (windows of -0 alone, ties
 * between -0 and +0).
 */
type Mix = 'specials' | 'noNaN' | 'zeros';

function values(rng: Rng, dtype: DType, n: number, mix: Mix = 'specials'): TypedArray {
  const a = allocate(dtype, n);
  for (let i = 0; i < n; i++) {
    const u = rng.random();
    if (mix === 'zeros') a[i] = u < 0.75 ? -0 : u < 0.95 ? 0 : 1;
    else if (mix === 'specials' && u < 0.05) a[i] = Number.NaN;
    else if (u < 0.55) {
      const v = SPECIAL[rng.int(SPECIAL.length)] as number;
      a[i] = mix === 'noNaN' && Number.isNaN(v) ? 0.5 : v;
    } else a[i] = rng.normal();
  }
  return a;
}

const MIXES: Mix[] = ['specials', 'noNaN', 'zeros'];

function sameBits(got: TypedArray, want: TypedArray, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i] as number;
    const w = want[i] as number;
    if (!(Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)))) {
      expect(g, `${what}: element ${i}`).toBe(w);
    }
  }
}

interface Axis {
  size: number;
  k: number;
  s: number;
  p: number;
  d: number;
}

interface Geometry {
  planes: number;
  r: Axis;
  c: Axis;
  ceil: boolean;
  out: [number, number];
}

const describeGeometry = ({ planes, r, c, ceil }: Geometry) =>
  `planes ${planes}, rows ${JSON.stringify(r)}, columns ${JSON.stringify(c)}, ceil ${ceil}`;

/** A random axis: `dilated` allows dilation 2; sizes down to what the kernel needs. */
function randomAxis(rng: Rng, dilated: boolean): Axis {
  const k = 1 + rng.int(4);
  const d = dilated ? 1 + rng.int(2) : 1;
  const p = rng.int(Math.floor(k / 2) + 1);
  const min = Math.max(1, d * (k - 1) + 1 - 2 * p);
  return { size: min + rng.int(9), k, s: 1 + rng.int(3), p, d };
}

function randomGeometry(rng: Rng, dilated: boolean): Geometry {
  const r = randomAxis(rng, dilated);
  const c = randomAxis(rng, dilated);
  const ceil = rng.random() < 0.4;
  const oh = pooledSize(r.size, r.k, r.s, r.p, r.d, ceil);
  const ow = pooledSize(c.size, c.k, c.s, c.p, c.d, ceil);
  return { planes: 1 + rng.int(3), r, c, ceil, out: [oh, ow] };
}

/**
 * 2 x 2 windows two columns apart on enough planes for the WebAssembly kernels: heights and
 * widths odd and even (outputs per row from 1 to 9, so every tail of the four-wide loop), row
 * strides 1 to 3, ceil mode on and off.
 */
function twoByTwoGeometries(): Geometry[] {
  const out: Geometry[] = [];
  for (const size of [4, 5, 9, 10, 15, 18, 19]) {
    for (const sh of [1, 2, 3]) {
      for (const ceil of [false, true]) {
        const r: Axis = { size: size + 1, k: 2, s: sh, p: 0, d: 1 };
        const c: Axis = { size, k: 2, s: 2, p: 0, d: 1 };
        const oh = pooledSize(r.size, 2, sh, 0, 1, ceil);
        const ow = pooledSize(size, 2, 2, 0, 1, ceil);
        out.push({ planes: 7, r, c, ceil, out: [oh, ow] });
      }
    }
  }
  return out;
}

const maxWin = (a: Axis, n: number) => maxWindows(a.size, n, a.k, a.s, a.p, a.d);
const avgWin = (a: Axis, n: number, include: boolean) =>
  avgWindows(a.size, n, a.k, a.s, a.p, include);

type MaxKernel = typeof maxPool2dLoop;
type ArgKernel = typeof maxPool2dArgmax;

let wasm: Kernels;
let previous: Kernels;
beforeAll(() => {
  const k = createWasmKernels();
  if (k === null) throw new Error('this runtime has no WebAssembly SIMD');
  wasm = k;
  previous = setKernels(wasm);
});
afterAll(() => {
  setKernels(previous);
});

function checkMax(g: Geometry, x: TypedArray, dtype: DType): void {
  const [oh, ow] = g.out;
  const rows = maxWin(g.r, oh);
  const cols = maxWin(g.c, ow);
  const n = g.planes * oh * ow;
  const h = g.r.size;
  const w = g.c.size;
  const what = describeGeometry(g);
  const want = allocate(dtype, n);
  maxPool2dLoop(x, g.planes, h, w, rows, cols, want);
  const wantIdx = new Float64Array(n);
  const wantArg = allocate(dtype, n);
  maxPool2dArgmax(x, g.planes, h, w, rows, cols, wantArg, wantIdx);
  sameBits(wantArg, want, `${what}: the reference's argmax values`);
  for (const [name, k] of [
    ['fast', maxPool2dFast],
    ['wasm', maxPool2dWasm],
  ] as [string, MaxKernel][]) {
    const got = allocate(dtype, n);
    k(x, g.planes, h, w, rows, cols, got);
    sameBits(got, want, `${name} maxPool2d, ${what}`);
  }
  for (const [name, k] of [
    ['fast', maxPool2dArgmaxFast],
    ['wasm', maxPool2dArgmaxWasm],
  ] as [string, ArgKernel][]) {
    const got = allocate(dtype, n);
    const idx = new Float64Array(n);
    k(x, g.planes, h, w, rows, cols, got, idx);
    sameBits(got, want, `${name} argmax values, ${what}`);
    sameBits(idx, wantIdx, `${name} argmax positions, ${what}`);
    const only = new Float64Array(n);
    k(x, g.planes, h, w, rows, cols, null, only);
    sameBits(only, wantIdx, `${name} positions without values, ${what}`);
  }
}

function checkAvg(g: Geometry, x: TypedArray, dtype: DType, rng: Rng, mix: Mix): void {
  const [oh, ow] = g.out;
  const include = rng.random() < 0.5;
  const rows = avgWin(g.r, oh, include);
  const cols = avgWin(g.c, ow, include);
  if (rng.random() < 0.2) {
    // divisorOverride, as pool.ts's avgGeometry sets it.
    rows.div.fill(rng.random() < 0.5 ? 3 : -7);
    cols.div.fill(1);
  }
  const n = g.planes * oh * ow;
  const h = g.r.size;
  const w = g.c.size;
  const what = `${describeGeometry(g)}, countIncludePad ${include}, divisors ${rows.div[0]}·${cols.div[0]}`;
  const want = allocate(dtype, n);
  avgPool2dLoop(x, g.planes, h, w, rows, cols, want);
  for (const [name, k] of [
    ['fast', avgPool2dFast],
    ['wasm', avgPool2dWasm],
  ] as [string, MaxKernel][]) {
    const got = allocate(dtype, n);
    k(x, g.planes, h, w, rows, cols, got);
    sameBits(got, want, `${name} avgPool2d, ${what}`);
  }
  // The backward from an incoming gradient with the same specials.
  const gv = values(rng, dtype, n, mix);
  const wantGx = allocate(dtype, x.length);
  avgPool2dBackwardLoop(gv, g.planes, h, w, rows, cols, wantGx);
  for (const [name, k] of [
    ['fast', avgPool2dBackwardFast],
    ['wasm', avgPool2dBackwardWasm],
  ] as [string, MaxKernel][]) {
    const got = allocate(dtype, x.length);
    k(gv, g.planes, h, w, rows, cols, got);
    sameBits(got, wantGx, `${name} avgPool2dBackward, ${what}`);
  }
}

describe('fast pooling kernels equal the reference loops bit for bit', () => {
  for (const dtype of DTYPES) {
    it(`maxPool2d, values and positions, random geometries (${dtype})`, () => {
      const rng = createRng(dtype === 'float32' ? 11 : 12);
      for (let t = 0; t < 400; t++) {
        const g = randomGeometry(rng, t % 2 === 1);
        if (g.out[0] < 1 || g.out[1] < 1) continue;
        const mix = MIXES[t % 3] as Mix;
        const x = values(rng, dtype, g.planes * g.r.size * g.c.size, mix);
        checkMax(g, x, dtype);
      }
    });

    it(`maxPool2d, 2 x 2 windows two columns apart (the WebAssembly kernels) (${dtype})`, () => {
      const rng = createRng(dtype === 'float32' ? 21 : 22);
      for (const g of twoByTwoGeometries()) {
        for (const mix of MIXES) {
          checkMax(g, values(rng, dtype, g.planes * g.r.size * g.c.size, mix), dtype);
        }
      }
    });

    it(`avgPool2d and its backward, random geometries (${dtype})`, () => {
      const rng = createRng(dtype === 'float32' ? 31 : 32);
      for (let t = 0; t < 400; t++) {
        const g = randomGeometry(rng, false);
        if (g.out[0] < 1 || g.out[1] < 1) continue;
        const mix = MIXES[t % 3] as Mix;
        checkAvg(g, values(rng, dtype, g.planes * g.r.size * g.c.size, mix), dtype, rng, mix);
      }
    });

    it(`avgPool2d and its backward, 2 x 2 windows two columns apart (${dtype})`, () => {
      const rng = createRng(dtype === 'float32' ? 41 : 42);
      for (const g of twoByTwoGeometries()) {
        for (const mix of MIXES) {
          checkAvg(g, values(rng, dtype, g.planes * g.r.size * g.c.size, mix), dtype, rng, mix);
        }
      }
    });

    it(`maxPool2d's scatter and gather, positions repeated, out of range, fractional, -0, NaN (${dtype})`, () => {
      const rng = createRng(dtype === 'float32' ? 51 : 52);
      for (const [size, n] of [
        [7, 5],
        [300, 281],
        [1000, 1500],
      ] as const) {
        const idx = new Float64Array(n);
        // 2^30 and -2^30 times 4 bytes wrap to element 0 in 32-bit addresses: a kernel that
        // skipped the range check would add them there.
        const odd = [-1, -0, size, size + 3, 2.5, Number.NaN, Number.POSITIVE_INFINITY, -2];
        odd.push(2 ** 30, -(2 ** 30), 2 ** 31, -(2 ** 31), 1e6);
        for (let o = 0; o < n; o++) {
          idx[o] = rng.random() < 0.1 ? (odd[rng.int(odd.length)] as number) : rng.int(size);
        }
        idx[0] = 2 ** 30;
        idx[n - 1] = -(2 ** 30); // the last of an odd count runs on its own
        const g = values(rng, dtype, n, MIXES[n % 3]);
        g[0] = 1.5;
        g[n - 1] = 1.5;
        const want = allocate(dtype, size);
        scatterAt(g, idx, want);
        for (const [name, k] of [
          ['fast', scatterAtFast],
          ['wasm', scatterAtWasm],
        ] as const) {
          const got = allocate(dtype, size);
          k(g, idx, got);
          sameBits(got, want, `${name} scatter, ${n} positions into ${size}`);
        }
        const src = values(rng, dtype, size);
        const wantOut = allocate(dtype, n);
        gatherAt(src, idx, wantOut);
        const got = allocate(dtype, n);
        gatherAtFast(src, idx, got);
        sameBits(got, wantOut, `fast gather, ${n} positions from ${size}`);
      }
    });
  }

  it('the WebAssembly pooling kernels themselves (called directly), row strides 1 to 3', () => {
    const ctx = wasmContextOf(wasm);
    expect(ctx).toBeDefined();
    if (ctx === undefined) return;
    expect(wasmContextOf(referenceKernels)).toBeUndefined();
    const rng = createRng(61);
    let t = 0;
    for (const g of twoByTwoGeometries()) {
      const mix = MIXES[t++ % 3] as Mix;
      const [oh, ow] = g.out;
      const h = g.r.size;
      const w = g.c.size;
      const rows = maxWin(g.r, oh);
      const cols = maxWin(g.c, ow);
      // The driver's windows: whole 2 x 2 windows only (ceil mode's cut ones excluded).
      const full = (win: AxisWindows) => {
        let m = 0;
        while (m < win.start.length && (win.end[m] as number) - (win.start[m] as number) === 2) m++;
        return m;
      };
      const fh = full(rows);
      const fw = full(cols);
      const geo = { planes: g.planes, h, w, oh: fh, ow: fw, origin: 0, sh: g.r.s };
      const fr = maxWindows(h, fh, 2, g.r.s, 0, 1);
      const fc = maxWindows(w, fw, 2, 2, 0, 1);
      const x = values(rng, 'float32', g.planes * h * w, mix) as Float32Array;
      const n = g.planes * fh * fw;
      const want = new Float32Array(n);
      const wantIdx = new Float64Array(n);
      maxPool2dArgmax(x, g.planes, h, w, fr, fc, want, wantIdx);
      const got = new Float32Array(n);
      const idx = new Float64Array(n);
      driver.maxPool2x2(ctx, x, geo, got, idx);
      sameBits(got, want, `maxPool2x2Arg ${describeGeometry(g)}`);
      sameBits(idx, wantIdx, `maxPool2x2Arg positions ${describeGeometry(g)}`);
      const vals = new Float32Array(n);
      driver.maxPool2x2(ctx, x, geo, vals, null);
      sameBits(vals, want, `maxPool2x2 ${describeGeometry(g)}`);
      const ar = avgWindows(h, fh, 2, g.r.s, 0, true);
      const ac = avgWindows(w, fw, 2, 2, 0, true);
      const wantAvg = new Float32Array(n);
      avgPool2dLoop(x, g.planes, h, w, ar, ac, wantAvg);
      const avg = new Float32Array(n);
      driver.avgPool2x2(ctx, x, geo, 4, avg);
      sameBits(avg, wantAvg, `avgPool2x2 ${describeGeometry(g)}`);
      if (g.r.s >= 2) {
        const gv = values(rng, 'float32', n, mix) as Float32Array;
        const wantGx = new Float32Array(x.length);
        avgPool2dBackwardLoop(gv, g.planes, h, w, ar, ac, wantGx);
        const gx = new Float32Array(x.length).fill(Number.NaN);
        driver.avgPool2x2Backward(ctx, gv, geo, 4, gx);
        sameBits(gx, wantGx, `avgPool2x2Backward ${describeGeometry(g)}`);
      }
    }
  });
});

describe('maxPool2d, avgPool2d and adaptiveAvgPool2d give the same bits on every backend', () => {
  const backends = (): [string, Kernels][] => [
    ['reference', referenceKernels],
    ['fast', fastKernels],
    ['wasm-simd', wasm],
  ];
  const cases: [string, number[], number | [number, number], object][] = [
    ['LeNet-5 first pooling', [4, 6, 28, 28], 2, {}],
    ['LeNet-5 second pooling', [4, 16, 10, 10], 2, {}],
    ['odd sizes, ceil mode', [3, 5, 11, 13], 2, { ceilMode: true }],
    ['3 x 3, stride 2, padding 1', [2, 4, 15, 15], 3, { stride: 2, padding: 1 }],
    ['3 x 3, stride 1', [2, 3, 9, 8], 3, { stride: 1 }],
  ];
  for (const dtype of DTYPES) {
    for (const [name, shape, k, options] of cases) {
      it(`${name} (${dtype}): values, positions and gradients`, () => {
        const rng = createRng(71);
        const size = shape.reduce((a, b) => a * b, 1);
        const data = values(rng, dtype, size);
        const prev = setKernels(referenceKernels);
        const maxShape = maxPool2d(tensor(data, { shape, dtype }), k, options).shape;
        const avgShape = avgPool2d(tensor(data, { shape, dtype }), k, options).shape;
        setKernels(prev);
        const gMax = tensor(values(rng, dtype, sizeOf(maxShape)), { shape: maxShape, dtype });
        const gAvg = tensor(values(rng, dtype, sizeOf(avgShape)), { shape: avgShape, dtype });
        // Adaptive pooling to the max pooling's size: uniform windows where that divides.
        const adaptiveSize: [number, number] = [
          maxShape[maxShape.length - 2] as number,
          maxShape[maxShape.length - 1] as number,
        ];
        const adaptiveShape = [...shape.slice(0, -2), ...adaptiveSize];
        const gAdaptive = tensor(values(rng, dtype, sizeOf(adaptiveShape)), {
          shape: adaptiveShape,
          dtype,
        });
        const results = backends().map(([label, kernels]) => {
          const prev = setKernels(kernels);
          try {
            expect(getKernels()).toBe(kernels);
            const x = tensor(data, { shape, dtype, requiresGrad: true });
            const y = maxPool2d(x, k, options);
            y.backward(gMax);
            const xa = tensor(data, { shape, dtype, requiresGrad: true });
            const a = avgPool2d(xa, k, options);
            a.backward(gAvg);
            const plain = maxPool2d(tensor(data, { shape, dtype }), k, options);
            const xd = tensor(data, { shape, dtype, requiresGrad: true });
            const d = adaptiveAvgPool2d(xd, adaptiveSize);
            d.backward(gAdaptive);
            return {
              label,
              max: y.data,
              plain: plain.data,
              gx: x.grad?.data as TypedArray,
              avg: a.data,
              ga: xa.grad?.data as TypedArray,
              adaptive: d.data,
              gd: xd.grad?.data as TypedArray,
            };
          } finally {
            setKernels(prev);
          }
        });
        const [ref, ...others] = results;
        if (ref === undefined) return;
        sameBits(ref.plain, ref.max, 'reference: with and without gradient');
        for (const r of others) {
          sameBits(r.max, ref.max, `${r.label} maxPool2d`);
          sameBits(r.plain, ref.max, `${r.label} maxPool2d without gradient`);
          sameBits(r.gx, ref.gx, `${r.label} maxPool2d's gradient`);
          sameBits(r.avg, ref.avg, `${r.label} avgPool2d`);
          sameBits(r.ga, ref.ga, `${r.label} avgPool2d's gradient`);
          sameBits(r.adaptive, ref.adaptive, `${r.label} adaptiveAvgPool2d`);
          sameBits(r.gd, ref.gd, `${r.label} adaptiveAvgPool2d's gradient`);
        }
      });
    }
  }
});
