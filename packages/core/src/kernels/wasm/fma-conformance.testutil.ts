/**
 * The fused multiply–add backend's conformance checks. They need relaxed SIMD, which Node 20 has
 * only with `--experimental-wasm-relaxed-simd`, so `fma.test.ts` runs them in a Node process
 * started with that flag ({@link runFmaChecks}, its output one JSON line) and turns each into a
 * test. Each check throws (vitest's `expect`, which works outside the runner too) on failure and
 * may return measurements for the report.
 */
import { expect } from 'vitest';
import { allocate, type TypedArray } from '../../dtype.js';
import {
  ArgumentError,
  avgPool2d,
  conv2d,
  createRng,
  flatten,
  gradients,
  linear,
  logSoftmax,
  oneHot,
  randn,
  sum,
  type Tensor,
} from '../../index.js';
import {
  checkBinary,
  checkLinear,
  checkLinearBackward,
  checkLinearBackwardInPlace,
  checkMatmul,
  randomArray,
} from '../conformance.testutil.js';
import { check as checkConv, GEOMETRIES, geometry } from '../conv-conformance.testutil.js';
import { getKernels, setKernels } from '../index.js';
import type { Kernels } from '../kernels.js';
import { getKernel } from '../op-kernels.js';
import { referenceKernels } from '../reference.js';
import { relaxedSimdSupported } from './fma.js';
import { createWasmKernels, wasmContextOf } from './wasm-kernels.js';

/** One check's outcome. */
export interface FmaCheckResult {
  readonly name: string;
  /** The assertion's message when the check failed, else null. */
  readonly error: string | null;
  /** Measurements for the report (worst ratios, counts). */
  readonly info?: Record<string, unknown>;
}

const U = 2 ** -23;

/** `|a| |b|` (op(A) m x k, op(B) k x n, dense), in float64. */
function absProduct(
  a: TypedArray,
  b: TypedArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): Float64Array {
  const out = new Float64Array(m * n);
  referenceKernels.matmul(
    Float64Array.from(a, Math.abs),
    [0],
    Float64Array.from(b, Math.abs),
    [0],
    out,
    m,
    k,
    n,
    transA,
    transB,
  );
  return out;
}

/**
 * The fused and the default gemm on the same operands: every element within twice the matmul
 * bound of each other (both are within it of the exact product), and how many differ.
 */
function agreement(fma: Kernels, def: Kernels): Record<string, unknown> {
  let worst = 0;
  let differ = 0;
  let total = 0;
  for (const [m, k, n, tA, tB] of [
    [5, 3, 9, false, false],
    [33, 70, 17, true, false],
    [64, 300, 40, false, true],
    [96, 513, 64, true, true],
    [256, 256, 256, false, false],
  ] as const) {
    const a = randomArray('float32', m * k);
    const b = randomArray('float32', k * n);
    const x = new Float32Array(m * n);
    const y = new Float32Array(m * n);
    fma.matmul(a, [0], b, [0], x, m, k, n, tA, tB);
    def.matmul(a, [0], b, [0], y, m, k, n, tA, tB);
    const bound = absProduct(a, b, m, k, n, tA, tB);
    for (let i = 0; i < x.length; i++) {
      const d = Math.abs((x[i] as number) - (y[i] as number));
      if (d !== 0) differ++;
      const r = d / (2 * (k + 2) * U * (bound[i] as number));
      expect(r, `${m}x${k}x${n} tA=${tA} tB=${tB} at ${i}: ${x[i]} vs ${y[i]}`).toBeLessThanOrEqual(
        1,
      );
      if (r > worst) worst = r;
    }
    total += x.length;
  }
  return { worstRatioToBound: worst, differ, total };
}

/** The probe's two operands (see fusedProbe). */
const PROBE_ROW = [1, 1 + 2 ** -12] as const;
const PROBE_COLUMN = [-(1 + 2 ** -11), 1 + 2 ** -12] as const;

/**
 * A dot product whose result tells a fused multiply–add from a multiply then an add:
 * `1 · -(1 + 2^-11) + (1 + 2^-12)²` is `2^-24` exactly; with the product `(1 + 2^-12)²` rounded
 * to float32 first it is 0. Returns what `k` computes, as column 0 of every row of a 24 x 8
 * product (k = 2, through the gemm), each row `[1, 1 + 2^-12]`: the fused gemm computes rows 0-19
 * in 5 x 8 tiles (rows 16-19 as their fifth rows) and rows 20-23 in a 4 x 8 tile, so every path
 * is probed; the rows must agree.
 */
function fusedProbe(k: Kernels): number {
  const m = 24;
  const a = new Float32Array(m * 2);
  for (let i = 0; i < m; i++) {
    a[2 * i] = PROBE_ROW[0];
    a[2 * i + 1] = PROBE_ROW[1];
  }
  const b = new Float32Array(16); // 2 x 8, column 0 = PROBE_COLUMN
  b[0] = PROBE_COLUMN[0];
  b[8] = PROBE_COLUMN[1];
  const out = new Float32Array(m * 8);
  k.matmul(a, [0], b, [0], out, m, 2, 8, false, false);
  const rows = Array.from({ length: m }, (_, i) => out[8 * i] as number);
  expect(rows, `${k.name}: every row computes the probe alike`).toEqual(rows.map(() => rows[0]));
  return rows[0] as number;
}

/**
 * The same probe through the convolution's own gemm (`convGemm`): a 1 x 1 convolution of 2
 * channels (PROBE_ROW at each of 24 positions) into 8, channel 0's weight PROBE_COLUMN.
 */
function fusedConvProbe(k: Kernels): number {
  const m = 24;
  const x = new Float32Array(2 * m);
  x.fill(PROBE_ROW[0], 0, m);
  x.fill(PROBE_ROW[1], m);
  const w = new Float32Array(8 * 2);
  w[0] = PROBE_COLUMN[0];
  w[1] = PROBE_COLUMN[1];
  const out = new Float32Array(8 * m);
  k.conv2d(x, w, null, out, geometry([1, 2, 1, m], [8, 1, 1]));
  const row = Array.from(out.subarray(0, m));
  expect(row, `${k.name}: every position computes the probe alike`).toEqual(row.map(() => row[0]));
  return row[0] as number;
}

/** Whether this CPU has a fused multiply–add V8 uses for relaxed_madd (null: not known here). */
async function cpuFuses(): Promise<boolean | null> {
  if (process.arch === 'arm64') return true;
  if (process.arch !== 'x64' || process.platform !== 'linux') return null;
  const { readFileSync } = await import('node:fs');
  return /^flags\s*:.*\bfma\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
}

/** A 20-64-64-10 MLP (softplus) with a softmax cross-entropy: its parameters' gradients. */
function mlpGradients(): TypedArray[] {
  const rng = createRng(11);
  const x = randn([32, 20], { rng });
  const p = [
    randn([64, 20], { rng, std: 0.3, requiresGrad: true }),
    randn([64], { rng, std: 0.1, requiresGrad: true }),
    randn([64, 64], { rng, std: 0.2, requiresGrad: true }),
    randn([64], { rng, std: 0.1, requiresGrad: true }),
    randn([10, 64], { rng, std: 0.2, requiresGrad: true }),
    randn([10], { rng, std: 0.1, requiresGrad: true }),
  ] as Tensor[];
  const labels = oneHot(
    Array.from({ length: 32 }, (_, i) => (i * 7) % 10),
    10,
  );
  const softplus = (t: Tensor) => t.exp().log1p();
  let h = softplus(linear(x, p[0] as Tensor, p[1] as Tensor));
  h = softplus(linear(h, p[2] as Tensor, p[3] as Tensor));
  const loss = sum(logSoftmax(linear(h, p[4] as Tensor, p[5] as Tensor)).mul(labels)).neg();
  return gradients(loss, p).map((g) => (g as Tensor).data);
}

/** A small CNN (two 3 x 3 convolutions, average pooling, a linear head): its gradients. */
function cnnGradients(): TypedArray[] {
  const rng = createRng(12);
  const x = randn([4, 3, 12, 12], { rng, requiresGrad: true });
  const p = [
    randn([8, 3, 3, 3], { rng, std: 0.3, requiresGrad: true }),
    randn([8], { rng, std: 0.1, requiresGrad: true }),
    randn([16, 8, 3, 3], { rng, std: 0.2, requiresGrad: true }),
    randn([16], { rng, std: 0.1, requiresGrad: true }),
    randn([10, 16 * 4 * 4], { rng, std: 0.1, requiresGrad: true }),
  ] as Tensor[];
  const labels = oneHot([1, 4, 7, 9], 10);
  const softplus = (t: Tensor) => t.exp().log1p();
  let h = softplus(conv2d(x, p[0] as Tensor, p[1] as Tensor, { padding: 1 })); // 12 x 12
  h = avgPool2d(h, 2); // 6 x 6
  h = softplus(conv2d(h, p[2] as Tensor, p[3] as Tensor)); // 4 x 4
  const loss = sum(logSoftmax(linear(flatten(h, 1), p[4] as Tensor)).mul(labels)).neg();
  return gradients(loss, [x, ...p]).map((g) => (g as Tensor).data);
}

/**
 * The gradients `net` gives on the fused backend against the default backend's and against the
 * reference kernels' (float64 sums): per tensor, the largest difference relative to the
 * reference gradient's largest magnitude.
 */
function gradientAgreement(
  net: () => TypedArray[],
  fma: Kernels,
  def: Kernels,
  tolerance: number,
): Record<string, unknown> {
  const prev = getKernels();
  const run = (k: Kernels) => {
    setKernels(k);
    try {
      return net();
    } finally {
      setKernels(prev);
    }
  };
  const [gf, gd, gr] = [run(fma), run(def), run(referenceKernels)];
  const rel = (a: TypedArray, b: TypedArray, scale: TypedArray) => {
    let d = 0;
    let s = 0;
    for (let i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs((a[i] as number) - (b[i] as number)));
      s = Math.max(s, Math.abs(scale[i] as number));
    }
    return d / s;
  };
  const fmaVsDefault = gf.map((g, i) => rel(g, gd[i] as TypedArray, gr[i] as TypedArray));
  const fmaVsReference = gf.map((g, i) => rel(g, gr[i] as TypedArray, gr[i] as TypedArray));
  const defaultVsReference = gd.map((g, i) => rel(g, gr[i] as TypedArray, gr[i] as TypedArray));
  fmaVsDefault.forEach((r, i) => {
    expect(r, `gradient ${i}: fused vs default`).toBeLessThanOrEqual(tolerance);
  });
  fmaVsReference.forEach((r, i) => {
    expect(r, `gradient ${i}: fused vs reference`).toBeLessThanOrEqual(tolerance);
  });
  return {
    fmaVsDefault: Math.max(...fmaVsDefault),
    fmaVsReference: Math.max(...fmaVsReference),
    defaultVsReference: Math.max(...defaultVsReference),
  };
}

/** The backends the checks compare. */
interface Backends {
  /** Fused, every call in WebAssembly (size thresholds 0). */
  readonly fma: Kernels;
  /** Fused, default thresholds (as users get it). */
  readonly fmaDefaults: Kernels;
  /** The default WebAssembly backend, thresholds 0. */
  readonly def: Kernels;
  /** The default WebAssembly backend, default thresholds. */
  readonly defDefaults: Kernels;
}

const MATMUL_SIZES: Array<[number, number, number]> = [
  [1, 1, 1],
  [1, 9, 3],
  [4, 4, 8],
  [5, 3, 9],
  [7, 13, 17],
  [32, 32, 32],
  [12, 8, 12],
  [36, 20, 44],
  [64, 300, 10],
  [64, 300, 12],
  [70, 513, 33],
];

/**
 * The checks by name. Gradients are held to `2^-16` (about 1.5e-5) of the largest reference
 * gradient: well above what float32 rounding through two or three layers gives (under 1e-6 here;
 * the report shows the figure) and far below what a wrong product would.
 */
export const FMA_CHECKS: Record<string, (b: Backends) => unknown> = {
  'relaxed SIMD detected; the backend is wasm-fma on wasm-simd': ({ fma }) => {
    expect(relaxedSimdSupported()).toBe(true);
    expect(fma.name).toBe('wasm-fma');
    expect(fma.baseName).toBe('wasm-simd');
    expect(wasmContextOf(fma)).toBeDefined();
  },
  'matmul within the (k + 2) u |A||B| bound of the float64 reference': ({ fma, fmaDefaults }) => {
    for (const k of [fma, fmaDefaults])
      for (const [m, kk, n] of MATMUL_SIZES)
        for (const tA of [false, true])
          for (const tB of [false, true]) checkMatmul(k, 'float32', 1, m, kk, n, tA, tB);
    checkMatmul(fma, 'float32', 3, 5, 6, 7, false, true);
    checkMatmul(fma, 'float32', 4, 9, 5, 10, true, false, true);
    checkMatmul(fma, 'float32', 3, 8, 5, 16, true, false, true);
    checkMatmul(fma, 'float32', 2, 64, 64, 64, true, false);
    checkMatmul(fma, 'float64', 2, 9, 11, 13, true, true);
  },
  'linear and its backward within the bound': ({ fma, fmaDefaults }) => {
    for (const k of [fma, fmaDefaults]) {
      for (const [m, kk, n] of [
        [1, 3, 2],
        [8, 16, 8],
        [33, 70, 17],
        [64, 300, 12],
      ] as const) {
        checkLinear(k, 'float32', m, kk, n, true);
        checkLinear(k, 'float32', m, kk, n, false);
        checkLinearBackward(k, 'float32', m, kk, n);
        checkLinearBackward(k, 'float32', m, kk, n, [true, false, true]);
      }
      checkLinearBackwardInPlace(k, 'float32', 32, 64);
    }
  },
  'conv2d, conv2dInputGrad, conv2dWeightGrad within the bound': ({ fma, fmaDefaults }) => {
    for (const k of [fma, fmaDefaults])
      for (const kind of ['conv2d', 'conv2dInputGrad', 'conv2dWeightGrad'] as const)
        for (const dtype of ['float32', 'float64'] as const)
          for (const [label, geo] of GEOMETRIES) {
            if (label === 'two chunks' && (dtype === 'float64' || k === fmaDefaults)) continue;
            const what = `${k.name} ${kind} ${dtype} ${label}`;
            for (const bias of kind === 'conv2d' ? [false, true] : [false])
              checkConv(k, kind, geo, dtype, bias, `${what} bias=${bias}`);
            if (label !== 'two chunks')
              checkConv(k, kind, geo, dtype, true, `${what} special`, true);
          }
  },
  'agrees with the default gemm within twice the bound': ({ fma, def }) => agreement(fma, def),
  'fuses where the CPU has fused multiply-add': async ({ fma, def }) => {
    const fused = fusedProbe(fma);
    const cpu = await cpuFuses();
    expect(fusedProbe(def), 'the default gemm rounds each product').toBe(0);
    expect(fusedConvProbe(def), "the default convolution's gemm rounds each product").toBe(0);
    expect([0, 2 ** -24]).toContain(fused);
    expect(fusedConvProbe(fma), "the convolution's gemm fuses as the gemm does").toBe(fused);
    if (cpu !== null) expect(fused, `cpu fuses: ${cpu}`).toBe(cpu ? 2 ** -24 : 0);
    return { probe: fused, cpuFuses: cpu };
  },
  'the same operands give the same bits every time': ({ fma, def }) => {
    const a = randomArray('float32', 70 * 130);
    const b = randomArray('float32', 130 * 50);
    const x = allocate('float32', 70 * 50);
    const y = allocate('float32', 70 * 50);
    fma.matmul(a, [0], b, [0], x, 70, 130, 50, false, false);
    def.matmul(a, [0], b, [0], y, 70, 130, 50, false, false);
    fma.matmul(a, [0], b, [0], y, 70, 130, 50, false, false);
    expect(Buffer.from(y.buffer).equals(Buffer.from(x.buffer))).toBe(true);
  },
  'elementwise kernels and op kernels are the wasm-simd ones': ({ fma, def }) => {
    checkBinary(fma, 'add', 'float32', [9, 40], [40], [9, 40]);
    checkBinary(fma, 'maximum', 'float32', [300], [300], [300]);
    const prev = getKernels();
    const ops = ['maxPool2d', 'maxPool2dBackward', 'avgPool2d', 'avgPool2dBackward'];
    try {
      setKernels(def);
      const simd = ops.map((op) => getKernel(op));
      setKernels(fma);
      expect(ops.map((op) => getKernel(op))).toEqual(simd);
    } finally {
      setKernels(prev);
    }
  },
  'MLP gradients agree with the default and reference backends': ({ fmaDefaults, defDefaults }) =>
    gradientAgreement(mlpGradients, fmaDefaults, defDefaults, 2 ** -16),
  'CNN gradients agree with the default and reference backends': ({ fmaDefaults, defDefaults }) =>
    gradientAgreement(cnnGradients, fmaDefaults, defDefaults, 2 ** -16),
  'fusedMultiplyAdd must be a boolean': () => {
    expect(() => createWasmKernels({ fusedMultiplyAdd: 1 as unknown as boolean })).toThrow(
      ArgumentError,
    );
  },
};

/** Runs every check of {@link FMA_CHECKS} (in a process with relaxed SIMD). */
export async function runFmaChecks(): Promise<FmaCheckResult[]> {
  const backends: Backends = {
    fma: createWasmKernels({ fusedMultiplyAdd: true, minElementwise: 0, minMatmulMacs: 0 }),
    fmaDefaults: createWasmKernels({ fusedMultiplyAdd: true }),
    def: createWasmKernels({ minElementwise: 0, minMatmulMacs: 0 }) as Kernels,
    defDefaults: createWasmKernels() as Kernels,
  };
  const results: FmaCheckResult[] = [];
  for (const [name, f] of Object.entries(FMA_CHECKS)) {
    try {
      const info = (await f(backends)) as Record<string, unknown> | undefined;
      results.push(info === undefined ? { name, error: null } : { name, error: null, info });
    } catch (e) {
      results.push({ name, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }
  return results;
}
