/**
 * The ceiling the fused gemm can reach on this machine: the peak f32x4 multiply–add throughput of
 * WebAssembly with `f32x4.relaxed_madd` against `f32x4.mul` then `f32x4.add`, in Node and in
 * Chromium. Each loop is a one-row gemm micro-kernel, `acc_j += s * b_j`: `acc` accumulators in
 * registers, one loop-invariant broadcast `s`, and `acc` vectors `b_j` loaded each iteration from a
 * 4 KB buffer that stays in L1, so every multiply has operands of its own (none can be shared or
 * hoisted) while memory is never the limit (the fused 10-accumulator loop matches a register-only
 * loop's peak). The previous version multiplied the same loop-invariant `s * b` into every
 * accumulator, which V8 computes once before the loop: its "mul+add" loop timed adds alone.
 * One row because V8 allocates 15 xmm registers on x64 and Node 20's V8 spills an accumulator to
 * the stack in the mul+add loops of taller tiles (2×4, 4×2: `s_r` and `b_j` live together with
 * product temporaries), and in fused loops from 12 accumulators; the 1×8 and 1×10 loops compile to
 * one load and one `vmulps` + `vaddps` (or one `vfmadd231ps`) per accumulator and iteration, no
 * spills (`node --no-liftoff --print-wasm-code`). 8 accumulators are just the 4-cycle latency of 2
 * FMA pipes; 10 leave slack. If fused and unfused loops peak alike, no gemm built on them can gain
 * much from fusing: a CPU whose adds have pipes of their own runs a multiply and an add per pipe
 * pair and cycle, as many flops as one fused multiply–add per FMA pipe.
 *
 *   cd tools/bench && node --experimental-wasm-relaxed-simd --import tsx src/fma-peak.ts [rounds]
 */
import wabtInit from 'wabt';
import { launchChromium } from './browser/chromium.js';

const ROUNDS = Number(process.argv[2] ?? 7);
const ITERS = 2_000_000;

/**
 * A module exporting `run(iters) -> f32`: a `rows` × `cols` register tile, fused or not.
 * `acc_rj += s_r * b_j`: `s_r` loop-invariant broadcasts, `b_j` loaded each iteration from a 4 KB
 * window (the start function fills 8 KB with small positive normal floats, so no denormals).
 */
function wat(rows: number, cols: number, fused: boolean): string {
  const R = [...Array(rows).keys()];
  const C = [...Array(cols).keys()];
  const accs = R.flatMap((r) => C.map((j) => `$a${r}_${j}`));
  const locals = [
    ...R.map((r) => `(local $s${r} v128)`),
    ...C.map((j) => `(local $b${j} v128)`),
    ...accs.map((a) => `(local ${a} v128)`),
  ].join(' ');
  const init = [
    ...R.map((r) => `(local.set $s${r} (f32x4.splat (f32.const ${0.999 - r / 128})))`),
    ...accs.map((a, i) => `(local.set ${a} (f32x4.splat (f32.const ${i / 64})))`),
  ].join('\n');
  const madd = (r: number, j: number) =>
    fused
      ? `(f32x4.relaxed_madd (local.get $s${r}) (local.get $b${j}) (local.get $a${r}_${j}))`
      : `(f32x4.add (f32x4.mul (local.get $s${r}) (local.get $b${j})) (local.get $a${r}_${j}))`;
  const step = C.flatMap((j) => [
    `(local.set $b${j} (v128.load offset=${j * 16} (local.get $p)))`,
    ...R.map((r) => `(local.set $a${r}_${j} ${madd(r, j)})`),
  ]).join('\n');
  const sum = accs
    .slice(1)
    .reduce((e, a) => `(f32x4.add ${e} (local.get ${a}))`, `(local.get ${accs[0]})`);
  return `(module (memory 1)
    (func $fill (local $i i32)
      (loop $f
        (f32.store (local.get $i) (f32.add (f32.const 0x1p-12)
          (f32.mul (f32.convert_i32_u (local.get $i)) (f32.const 0x1p-24))))
        (br_if $f (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 8192)))))
    (start $fill)
    (func (export "run") (param $n i32) (result f32)
      (local $p i32) ${locals}
      ${init}
      (loop $l ${step}
        (local.set $p (i32.and (i32.add (local.get $p) (i32.const ${16 * cols})) (i32.const 4080)))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
      (f32x4.extract_lane 0 ${sum})))`;
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
  { name: 'mul+add, 1×8 tile (8 accumulators)', rows: 1, cols: 8, fused: false },
  { name: 'relaxed_madd, 1×8 tile (8 accumulators)', rows: 1, cols: 8, fused: true },
  { name: 'mul+add, 1×10 tile (10 accumulators)', rows: 1, cols: 10, fused: false },
  { name: 'relaxed_madd, 1×10 tile (10 accumulators)', rows: 1, cols: 10, fused: true },
];

async function modules(): Promise<Uint8Array[]> {
  const wabt = await wabtInit();
  return [...VARIANTS.map((v) => wat(v.rows, v.cols, v.fused)), PROBE].map((text, i) => {
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
  const accs = VARIANTS.map((v) => v.rows * v.cols);
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
    `fused / unfused: 8 accumulators ${ratio(node, 1, 0)}x Node, ${ratio(chromium, 1, 0)}x Chromium; 10 accumulators ${ratio(node, 3, 2)}x Node, ${ratio(chromium, 3, 2)}x Chromium`,
  );
}

await main();
