/**
 * The fused multiply–add backend (`createWasmKernels({ fusedMultiplyAdd: true })`). Relaxed SIMD
 * is a start-up flag of Node 20, so the checks that need it run in a Node process started with
 * `--experimental-wasm-relaxed-simd` (fma-conformance.testutil.ts: the same conformance checks
 * as the default backend's, agreement with the default gemm, and gradients of an MLP and a CNN),
 * and those of its absence in one started with `--no-experimental-wasm-relaxed-simd`; each
 * reports one JSON line, and every check is a test here.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../../errors.js';
import { buildFusedGemmModule, relaxedSimdSupported } from './fma.js';
import { FMA_CHECKS, type FmaCheckResult } from './fma-conformance.testutil.js';
import { createWasmKernels } from './wasm-kernels.js';

const tsx = createRequire(import.meta.url).resolve('tsx/esm');

/** Runs `code` (an ES module body) in a fresh Node with `flags`; returns its last output line. */
function inNode(flags: string[], code: string): unknown {
  const out = execFileSync(
    process.execPath,
    [...flags, '--import', tsx, '--input-type=module', '-e', code],
    { encoding: 'utf8', cwd: fileURLToPath(new URL('.', import.meta.url)), timeout: 120_000 },
  );
  return JSON.parse(out.trim().split('\n').pop() as string);
}

const url = (file: string) => JSON.stringify(new URL(file, import.meta.url).href);

describe('with relaxed SIMD (node --experimental-wasm-relaxed-simd)', () => {
  let results: FmaCheckResult[] = [];
  beforeAll(() => {
    results = inNode(
      ['--experimental-wasm-relaxed-simd'],
      `const m = await import(${url('./fma-conformance.testutil.ts')});
       console.log(JSON.stringify(await m.runFmaChecks()));`,
    ) as FmaCheckResult[];
    // The measurements, for whoever reads the test log.
    for (const r of results) if (r.info !== undefined) console.log(r.name, JSON.stringify(r.info));
  }, 120_000);

  it('ran every check', () => {
    expect(results.map((r) => r.name)).toEqual(Object.keys(FMA_CHECKS));
  });
  for (const name of Object.keys(FMA_CHECKS)) {
    it(name, () => {
      const r = results.find((x) => x.name === name);
      expect(r, 'the check ran').toBeDefined();
      expect(r?.error ?? null).toBeNull();
    });
  }
});

describe('without relaxed SIMD (node --no-experimental-wasm-relaxed-simd)', () => {
  it('the default backend runs; fusedMultiplyAdd throws an ArgumentError naming what is missing', () => {
    const r = inNode(
      ['--no-experimental-wasm-relaxed-simd'],
      `const w = await import(${url('./wasm-kernels.ts')});
       const f = await import(${url('./fma.ts')});
       let error = null;
       try { w.createWasmKernels({ fusedMultiplyAdd: true }); }
       catch (e) { error = { name: e.constructor.name, message: e.message }; }
       console.log(JSON.stringify({
         relaxed: w.relaxedSimdSupported(),
         simd: w.wasmSimdSupported(),
         fusedModuleValidates: WebAssembly.validate(f.buildFusedGemmModule()),
         plain: w.createWasmKernels()?.name ?? null,
         off: w.createWasmKernels({ fusedMultiplyAdd: false })?.name ?? null,
         error,
       }));`,
    ) as Record<string, unknown>;
    expect(r).toEqual({
      relaxed: false,
      simd: true,
      fusedModuleValidates: false,
      plain: 'wasm-simd',
      off: 'wasm-simd',
      error: {
        name: 'ArgumentError',
        message: expect.stringMatching(
          /^createWasmKernels: fusedMultiplyAdd needs WebAssembly relaxed SIMD \(f32x4\.relaxed_madd\), which this runtime does not have: start Node 20 with --experimental-wasm-relaxed-simd/,
        ),
      },
    });
  }, 60_000);
});

describe('in this process', () => {
  it('relaxedSimdSupported() says whether the fused gemm module validates', () => {
    expect(WebAssembly.validate(buildFusedGemmModule())).toBe(relaxedSimdSupported());
  });

  it('fusedMultiplyAdd gives wasm-fma where relaxed SIMD is on, else the ArgumentError', () => {
    if (relaxedSimdSupported())
      expect(createWasmKernels({ fusedMultiplyAdd: true }).name).toBe('wasm-fma');
    else
      expect(() => createWasmKernels({ fusedMultiplyAdd: true })).toThrow(
        new ArgumentError(
          'createWasmKernels: fusedMultiplyAdd needs WebAssembly relaxed SIMD (f32x4.relaxed_madd), ' +
            'which this runtime does not have: start Node 20 with --experimental-wasm-relaxed-simd ' +
            '(Chromium has it on), check with relaxedSimdSupported(), or leave fusedMultiplyAdd off ' +
            'for the default, bit-exact kernels',
        ),
      );
    expect(() => createWasmKernels({ fusedMultiplyAdd: 'yes' as unknown as boolean })).toThrow(
      /expected fusedMultiplyAdd to be true or false, got/,
    );
  });

  it("gemm-fma.wat's k loops are gemm.wat's with each multiply then add one relaxed_madd", () => {
    const text = (file: string) =>
      readFileSync(fileURLToPath(new URL(`./wat/${file}`, import.meta.url)), 'utf8')
        .replace(/;;.*$/gm, '')
        .replace(/\s+/g, ' ');
    /** The k loop (`(loop $eachStep ...)` to its `br_if`) of the function `name`. */
    const kLoop = (code: string, name: string) => {
      const body = code.slice(code.indexOf(`(func ${name}`));
      const at = body.indexOf('(loop $eachStep');
      return body.slice(at, body.indexOf('(br_if $eachStep', at)).trim();
    };
    const fused = text('gemm-fma.wat');
    const plain = text('gemm.wat');
    const madd =
      /\(f32x4\.relaxed_madd \(local\.get \$s\) \(local\.get (\$b\d)\) \(local\.get (\$acc\d+)\)\)/g;
    // 8 in the 4 x 8 tile, 10 in the 5 x 8 tile, 8 in each of convGemm's two k loops; no
    // multiply that rounds on its own.
    expect(fused.match(madd)?.length).toBe(34);
    expect(fused).not.toMatch(/f32x4\.mul/);
    expect(plain).not.toMatch(/relaxed/);
    // The 4 x 8 tile's k loop is gemm.wat's (its A pointer named $g4 there).
    expect(
      kLoop(fused, '$tile4')
        .replace(madd, '(f32x4.add (local.get $2) (f32x4.mul (local.get $s) (local.get $1)))')
        .replaceAll('$g4', '$ap'),
    ).toBe(kLoop(plain, '$gemm'));
    // The 5 x 8 tile's: the same fused multiply-adds, rows 0-3 from one load of A's panel.
    const five = kLoop(fused, '$tile5');
    expect(five.match(madd)?.map((m) => m.replace(madd, '$2 $1'))).toEqual(
      Array.from({ length: 10 }, (_, i) => `$acc${i} $b${i % 2}`),
    );
    expect(five).toContain('(local.set $a4 (v128.load (local.get $g4)))');
    expect(five.match(/i8x16\.shuffle/g)?.length).toBe(4);
    // convGemm is conv.wat's, each multiply then add fused.
    const convGemm = (code: string) =>
      (code.slice(code.indexOf('(func $convGemm')).split(' (func ')[0] ?? '').trim();
    const conv = text('conv.wat');
    expect(convGemm(conv)).toContain('(loop $eachTapQuad');
    expect(
      convGemm(fused).replace(
        madd,
        '(f32x4.add (local.get $2) (f32x4.mul (local.get $s) (local.get $1)))',
      ),
    ).toBe(convGemm(conv));
  });
});
