/**
 * The fused multiply–add gemm against the default one, n x n x n float32, in Node:
 *
 *   node --experimental-wasm-relaxed-simd --import tsx packages/core/src/kernels/wasm/fma-gemm.bench.ts [sizes] [rounds]
 *
 * (sizes default 256,512,1024; rounds default 21). Two figures per size: `matmul`, a whole
 * `Kernels.matmul` call as an op pays it (operands copied into the module's memory, packed, the
 * gemm, the result copied out), and `gemm`, the gemm calls alone on operands already packed.
 * Each round times both backends back to back, alternating which goes first, for at least 40 ms
 * each; the figures are medians over the rounds (GFLOP/s = 2 n³ / time), and the ratio is the
 * median of the rounds' ratios (fused speed / default speed), so that slow phases of a shared
 * machine fall on both sides of a ratio. The last column is the ceiling: the engine's peak fused
 * multiply–add rate ({@link fusedPeakGflops}) over the default's GFLOP/s, the most any fused
 * kernel could gain on this machine.
 */
import { createRng } from '../../rng.js';
import type { Kernels } from '../kernels.js';
import { GEMM_MR, GEMM_NR } from './module.js';
import { createWasmKernels, wasmContextOf } from './wasm-kernels.js';

const KC = 256; // as gemm-driver.ts
const MC_PANELS = 16;

/**
 * A module whose `run(n, v)` runs n steps of 12 independent `f32x4.relaxed_madd` chains on
 * registers (no memory traffic) and returns a lane of their sum; compiled by wabt from
 *   (func (export "run") (param $n i32) (param $v f32) (result f32) (local $x v128) (local $y v128)
 *     ...12 v128 $a_i; $x = f32x4.splat($v), $y = f32x4.splat(-$v)
 *     (loop $l (local.set $a_i (f32x4.relaxed_madd $x $y $a_i)) ... (br_if $l (--$n)))
 *     (f32x4.extract_lane 0 (sum of the $a_i)))
 * (Two distinct factors: with `$x $x`, Chromium 156 measured 3-7 % under this.)
 */
const PEAK_MODULE =
  'AGFzbQEAAAABBwFgAn99AX0DAgEABwcBA3J1bgAACuABAd0BAQ57IAH9EyECIAGM/RMhAwNAIAIgAyAE/YUCIQQgAiADIAX9' +
  'hQIhBSACIAMgBv2FAiEGIAIgAyAH/YUCIQcgAiADIAj9hQIhCCACIAMgCf2FAiEJIAIgAyAK/YUCIQogAiADIAv9hQIhCyAC' +
  'IAMgDP2FAiEMIAIgAyAN/YUCIQ0gAiADIA79hQIhDiACIAMgD/2FAiEPIABBAWsiAA0ACyAEIAX95AEgBv3kASAH/eQBIAj9' +
  '5AEgCf3kASAK/eQBIAv95AEgDP3kASAN/eQBIA795AEgD/3kAf0fAAs=';

/**
 * The engine's peak rate of fused multiply–adds, GFLOP/s (2 flops per lane): 12 chains are
 * enough to cover the instruction's latency, so this is how many it issues per second (best of
 * 15 runs of 10⁷ steps, after warm-up calls that let the engine tier the function up: a call
 * already running stays on the baseline code).
 */
export function fusedPeakGflops(): number {
  const s = atob(PEAK_MODULE);
  const bytes = Uint8Array.from(s, (c) => c.charCodeAt(0));
  const run = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.run as (
    n: number,
    v: number,
  ) => number;
  const steps = 1e7;
  for (let w = 0; w < 3; w++) run(1e6, 1e-3);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 15; r++) {
    const t0 = performance.now();
    run(steps, 1e-3);
    best = Math.min(best, performance.now() - t0);
  }
  return (steps * 12 * 8) / (best / 1000) / 1e9;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

/** Seconds per call of `f`, over as many calls as fill `minMs`. */
function timePerCall(f: () => void, minMs: number): number {
  let calls = 0;
  const t0 = performance.now();
  let t = t0;
  do {
    f();
    calls++;
    t = performance.now();
  } while (t - t0 < minMs);
  return (t - t0) / 1000 / calls;
}

/** The gemm calls of one n x n x n product on packed operands (as gemm-driver.ts blocks them). */
function gemmOnly(k: Kernels, n: number): () => void {
  const ctx = wasmContextOf(k);
  if (ctx === undefined) throw new Error('not a WebAssembly backend');
  const mp = Math.ceil(n / GEMM_MR);
  const np = Math.ceil(n / GEMM_NR);
  const strideA = GEMM_MR * n * 4;
  const strideB = GEMM_NR * n * 4;
  const ldc = np * GEMM_NR * 4;
  const a = 0;
  const b = a + mp * strideA;
  const c = b + np * strideB;
  const heap = ctx.reserve(c + mp * GEMM_MR * ldc);
  const rng = createRng(3);
  for (let i = 0; i < c / 4; i++) heap[i] = rng.normal();
  return () => {
    for (let pc = 0; pc < n; pc += KC)
      for (let ic = 0; ic < mp; ic += MC_PANELS)
        ctx.ex.gemm(
          a + ic * strideA + pc * GEMM_MR * 4,
          b + pc * GEMM_NR * 4,
          c + ic * GEMM_MR * ldc,
          Math.min(MC_PANELS, mp - ic),
          np,
          Math.min(KC, n - pc),
          strideA,
          strideB,
          ldc,
          GEMM_MR * 4,
          GEMM_NR * 4,
          pc === 0 ? 1 : 0,
          0,
        );
  };
}

function wholeMatmul(k: Kernels, n: number): () => void {
  const rng = createRng(4);
  const a = Float32Array.from({ length: n * n }, () => rng.normal());
  const b = Float32Array.from({ length: n * n }, () => rng.normal());
  const out = new Float32Array(n * n);
  return () => k.matmul(a, [0], b, [0], out, n, n, n, false, false);
}

/**
 * Times the fused gemm against the default one at each n of `sizes` (`rounds` rounds each), as
 * this file's comment says; `log` gets each row as it is measured. Returns the table (Markdown).
 * Runs in a browser too (tools/bench's `bench:fma-browser` bundles it for Chromium).
 */
export function fusedGemmBench(
  sizes: readonly number[],
  rounds: number,
  log: (line: string) => void = () => {},
): string {
  const def = createWasmKernels();
  if (def === null) throw new Error('no WebAssembly SIMD');
  const fma = createWasmKernels({ fusedMultiplyAdd: true });
  const peak = fusedPeakGflops();
  log(`peak fused multiply-add rate: ${peak.toFixed(1)} GFLOP/s`);
  const rows: string[] = [];
  for (const n of sizes) {
    for (const [what, make] of [
      ['matmul', wholeMatmul],
      ['gemm', gemmOnly],
    ] as const) {
      const f = { def: make(def, n), fma: make(fma, n) };
      const flops = 2 * n ** 3;
      for (let w = 0; w < 2; w++) {
        timePerCall(f.def, 20);
        timePerCall(f.fma, 20);
      }
      const td: number[] = [];
      const tf: number[] = [];
      const ratios: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const first = r % 2 === 0 ? 'def' : 'fma';
        const t1 = timePerCall(f[first], 40);
        const t2 = timePerCall(f[first === 'def' ? 'fma' : 'def'], 40);
        const [d, m] = first === 'def' ? [t1, t2] : [t2, t1];
        td.push(d);
        tf.push(m);
        ratios.push(d / m);
      }
      const gd = flops / median(td) / 1e9;
      const gf = flops / median(tf) / 1e9;
      const sorted = [...ratios].sort((x, y) => x - y);
      rows.push(
        `| ${n} | ${what} | ${gd.toFixed(1)} | ${gf.toFixed(1)} | ${median(ratios).toFixed(2)}× | ${(sorted[Math.floor(rounds / 4)] as number).toFixed(2)}–${(sorted[Math.floor((3 * rounds) / 4)] as number).toFixed(2)} | ${(peak / gd).toFixed(2)}× |`,
      );
      log(rows[rows.length - 1] as string);
    }
  }
  return [
    `Peak fused multiply-add rate (12 register chains, no memory): ${peak.toFixed(1)} GFLOP/s.`,
    '',
    '| n | what | default GFLOP/s | fused GFLOP/s | fused / default (median of rounds) | middle half of rounds | ceiling: peak / default |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (typeof process === 'object' && /fma-gemm\.bench\.ts$/.test(process.argv[1] ?? '')) {
  const sizes = (process.argv[2] ?? '256,512,1024').split(',').map(Number);
  const rounds = Number(process.argv[3] ?? 21);
  const table = fusedGemmBench(sizes, rounds, (line) => console.log(line));
  console.log(`\n${table}`);
}
