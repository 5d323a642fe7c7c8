/**
 * The ceiling the fused gemm can reach on this machine: the peak f32x4 multiply–add throughput of
 * WebAssembly with `f32x4.relaxed_madd` against `f32x4.mul` then `f32x4.add`, in Node and in
 * Chromium. Each loop keeps `acc` independent accumulators in registers (no memory traffic:
 * `acc += s * b` per accumulator and iteration, s and b loop-invariant), so it measures the
 * floating-point pipes alone. If fused and unfused loops peak alike, no gemm built on them can
 * gain much from fusing: a CPU with separate multiply and add pipes (AMD Zen: two FMA/multiply
 * pipes, two add pipes) runs a multiply and an add per pipe pair and cycle, as many flops as one
 * fused multiply–add per FMA pipe.
 *
 *   cd tools/bench && node --experimental-wasm-relaxed-simd --import tsx src/fma-peak.ts [rounds]
 */
import wabtInit from 'wabt';
import { launchChromium } from './browser/chromium.js';

const ROUNDS = Number(process.argv[2] ?? 7);
const ITERS = 2_000_000;

/** A module exporting `run(iters) -> f32`: `acc` accumulators, fused or not. */
function wat(acc: number, fused: boolean): string {
  const locals = Array.from({ length: acc }, (_, i) => `(local $a${i} v128)`).join(' ');
  const init = Array.from(
    { length: acc },
    (_, i) => `(local.set $a${i} (f32x4.splat (f32.const ${i / 64})))`,
  ).join('\n');
  const step = Array.from({ length: acc }, (_, i) =>
    fused
      ? `(local.set $a${i} (f32x4.relaxed_madd (local.get $s) (local.get $b) (local.get $a${i})))`
      : `(local.set $a${i} (f32x4.add (f32x4.mul (local.get $s) (local.get $b)) (local.get $a${i})))`,
  ).join('\n');
  const sum = Array.from({ length: acc - 1 }, () => '(f32x4.add').join(' ');
  const terms = Array.from({ length: acc }, (_, i) =>
    i === 0 ? '(local.get $a0)' : `(local.get $a${i}))`,
  ).join(' ');
  return `(module (func (export "run") (param $n i32) (result f32)
    (local $s v128) (local $b v128) ${locals}
    (local.set $s (f32x4.splat (f32.const 0.999)))
    (local.set $b (f32x4.splat (f32.const 0.0001)))
    ${init}
    (loop $l ${step}
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (f32x4.extract_lane 0 ${sum} ${terms})))`;
}

/**
 * `relaxed_madd(a, a, c)` for a = 1 + 2^-12, c = −(1 + 2^-11): 2^-24 when the engine fuses it
 * (one rounding), 0 when it multiplies and then adds (the product rounds to 1 + 2^-11 first).
 */
const PROBE = `(module (func (export "run") (param $n i32) (result f32)
  (f32x4.extract_lane 0 (f32x4.relaxed_madd
    (f32x4.splat (f32.const 0x1.001p+0)) (f32x4.splat (f32.const 0x1.001p+0))
    (f32x4.splat (f32.const -0x1.002p+0))))))`;

const VARIANTS = [
  { name: 'mul+add, 8 accumulators', acc: 8, fused: false },
  { name: 'relaxed_madd, 8 accumulators', acc: 8, fused: true },
  { name: 'mul+add, 12 accumulators', acc: 12, fused: false },
  { name: 'relaxed_madd, 12 accumulators', acc: 12, fused: true },
];

async function modules(): Promise<Uint8Array[]> {
  const wabt = await wabtInit();
  return [...VARIANTS.map((v) => wat(v.acc, v.fused)), PROBE].map((text, i) => {
    const m = wabt.parseWat(`variant${i}.wat`, text, { relaxed_simd: true });
    return new Uint8Array(m.toBinary({}).buffer);
  });
}

/**
 * GFLOP/s of each variant, medians over rounds (variants interleaved per round); runs where it
 * is evaluated (Node or a page), so it is self-contained.
 */
function measure({
  bytes,
  iters,
  rounds,
  accs,
}: {
  bytes: number[][];
  iters: number;
  rounds: number;
  accs: number[];
}): number[] {
  const all = bytes.map(
    (b) =>
      new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(b))).exports.run as (
        n: number,
      ) => number,
  );
  const probe = all.pop() as (n: number) => number;
  const runs = all;
  const samples: number[][] = runs.map(() => []);
  for (const r of runs) r(iters / 10);
  for (let round = 0; round < rounds; round++)
    runs.forEach((r, i) => {
      const t0 = performance.now();
      r(iters);
      const s = (performance.now() - t0) / 1000;
      samples[i]?.push(((accs[i] as number) * 8 * iters) / s / 1e9);
    });
  const medians = samples.map((xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number);
  return [...medians, probe(0)];
}

async function main(): Promise<void> {
  const bytes = (await modules()).map((b) => [...b]);
  const accs = VARIANTS.map((v) => v.acc);
  const args = { bytes, iters: ITERS, rounds: ROUNDS, accs };
  const node = measure(args);
  const browser = await launchChromium();
  const page = await browser.newPage();
  // Playwright sends the function's source to the page: it must use nothing from this module.
  const chromium = await page.evaluate(measure, args);
  await browser.close();
  console.log(`peak f32x4 multiply-add throughput, GFLOP/s (one thread, medians of ${ROUNDS})`);
  console.log('| loop | Node | Chromium |\n|---|---|---|');
  VARIANTS.forEach((v, i) => {
    console.log(`| ${v.name} | ${node[i]?.toFixed(1)} | ${chromium[i]?.toFixed(1)} |`);
  });
  const ratio = (xs: number[], f: number, u: number) =>
    ((xs[f] as number) / (xs[u] as number)).toFixed(2);
  const fused = (r: number[]) =>
    r[VARIANTS.length] === 2 ** -24 ? 'fused (one rounding)' : 'not fused (two roundings)';
  console.log(`relaxed_madd here: Node ${fused(node)}, Chromium ${fused(chromium)}`);
  console.log(
    `fused / unfused: 8 accumulators ${ratio(node, 1, 0)}x Node, ${ratio(chromium, 1, 0)}x Chromium; 12 accumulators ${ratio(node, 3, 2)}x Node, ${ratio(chromium, 3, 2)}x Chromium`,
  );
}

await main();
