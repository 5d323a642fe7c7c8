/**
 * `pnpm --filter @gradscope/bench bench:browser [--quick] [--write] [--source] [--no-build]
 * [--no-isolation] [--peers a,b] [--cells key,key] [--variant DIR] [--rounds N]`: the bench's matmul, add16
 * and MLP cases in headless Chromium, gradscope against tfjs-wasm (SIMD, threads), tfjs-webgl and
 * (add16) tfjs-cpu, interleaved as in Node. The full run writes its section of BENCHMARKS.md
 * (between the browser-bench markers, after the Node figures); `--quick` prints only, unless
 * `--write` is also given (as do runs narrowed by `--peers`, `--cells` or `--variant`).
 *
 * `--variant DIR` times a change before it is made: it adds the peer `gradscope-variant`, the
 * gradscope page bundled from the sources under `DIR/packages` (a scratch copy of the repository
 * with the change), interleaved with `gradscope-wasm` (the working tree), and prints the
 * variant's speed against it instead of writing BENCHMARKS.md. `--peers` and `--cells` (keys of
 * `cells.ts`, e.g. `mlp deep`) narrow a run; `--rounds N` spreads more samples over a longer run
 * (a machine shared with other work).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type CellSpec, cellSpecs } from '../cells.js';
import { type InterleaveResult, interleave, measureOptions, roundsFor } from '../interleave.js';
import type { PhaseTimes } from '../phases.js';
import { nodeTables, withSection } from './benchmarks-md.js';
import { benchRoot, bundlePages, repoRoot } from './bundle.js';
import { CHROMIUM_FLAGS, launchChromium, PeerPage } from './chromium.js';
import type { BenchPage, PageInfo } from './page-api.js';
import { BROWSER_CELLS, BROWSER_PEERS, browserApplies, renderSection } from './section.js';
import { serveBench } from './server.js';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes('--quick');
const variant = option('--variant');
const list = (name: string) =>
  option(name)
    ?.split(',')
    .map((x) => x.trim());
const peerNames: string[] = list('--peers') ?? [
  ...BROWSER_PEERS,
  ...(variant ? ['gradscope-variant'] : []),
];
const cellKeys = new Set(list('--cells') ?? BROWSER_CELLS);
// A narrowed run (--peers, --cells) or a variant prints only, unless --write.
const narrowed =
  variant !== undefined || option('--peers') !== undefined || option('--cells') !== undefined;
const write = argv.includes('--write') || (!quick && !narrowed);
const isolate = !argv.includes('--no-isolation');
const log = (s: string) => process.stderr.write(`${s}\n`);
const PHASE_STEPS = quick ? 500 : 3000;

function esbuildVersion(): string {
  const p = path.join(benchRoot, 'node_modules/esbuild/package.json');
  return (JSON.parse(readFileSync(p, 'utf8')) as { version: string }).version;
}

/** The deep step phase by phase in a Node child (the sources, as the Node bench runs them). */
function nodePhases(): PhaseTimes | undefined {
  try {
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(benchRoot, 'src/profile-phases.ts'),
        'deep',
        String(PHASE_STEPS),
      ],
      { cwd: benchRoot, encoding: 'utf8' },
    );
    return JSON.parse(out.trim().split('\n').pop() as string) as PhaseTimes;
  } catch (e) {
    log(`phases in Node failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** The variant's figures against the working tree's, case by case. */
function variantReport(specs: readonly CellSpec[], result: InterleaveResult, dir: string): string {
  const rows = specs.map((spec) => {
    const base = result.medians.get(`${spec.key}|gradscope-wasm`);
    const v = result.medians.get(`${spec.key}|gradscope-variant`);
    if (base === undefined || v === undefined) return `| ${spec.key} | — | — | — |`;
    return `| ${spec.key} | ${spec.figure(base).toFixed(3)} | ${spec.figure(v).toFixed(3)} | ${(base / v).toFixed(3)}x |`;
  });
  return [
    `Variant ${dir} against the working tree, in Chromium (speed: working-tree time / variant time)`,
    '',
    '| case | working tree | variant | variant speed |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const outDir = mkdtempSync(path.join(tmpdir(), 'gs-browser-bench-'));
  const bundle = await bundlePages({
    outDir,
    source: argv.includes('--source'),
    noBuild: argv.includes('--no-build'),
    variant,
    log,
  });
  log(
    `bundled: gradscope ${bundle.sizes.gradscope} B (core from ${bundle.coreFrom}), tfjs ${bundle.sizes.tfjs} B`,
  );
  const server = await serveBench(outDir, isolate);
  const browser = await launchChromium();
  const pages: PeerPage[] = [];
  const initFailures = new Map<string, string>();
  const infos = new Map<string, PageInfo>();
  try {
    for (const name of peerNames) {
      try {
        const p = await PeerPage.open(browser, server.url, name, quick);
        pages.push(p);
        infos.set(name, p.info);
        log(`${name}: ${JSON.stringify(p.info)}`);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        initFailures.set(name, why);
        log(`${name} did not start: ${why}`);
      }
    }
    const specs = cellSpecs(quick).filter((s) => cellKeys.has(s.key));
    const rounds = option('--rounds');
    const result = await interleave(specs, pages, {
      quick,
      applies: browserApplies,
      log,
      rounds: rounds === undefined ? undefined : Number(rounds),
    });
    for (const spec of specs) {
      for (const p of pages) {
        const ms = result.medians.get(`${spec.key}|${p.name}`);
        if (ms !== undefined) log(`${spec.key} ${p.name}: ${spec.figure(ms).toFixed(3)}`);
      }
    }
    for (const [cell, why] of result.failures) log(`failed: ${cell}: ${why}`);
    if (variant !== undefined) {
      process.stdout.write(variantReport(specs, result, variant));
      return;
    }
    // The phase comparison: Node first, then the gradscope page (each alone on the machine).
    const node = nodePhases();
    const ours = pages.find((p) => p.name === 'gradscope-wasm');
    const chromium = ours
      ? await ours.page.evaluate(
          (n) =>
            (globalThis as unknown as { gsBench: BenchPage }).gsBench.phases?.(
              'deep',
              n,
            ) as PhaseTimes,
          PHASE_STEPS,
        )
      : undefined;
    const file = path.join(repoRoot, 'BENCHMARKS.md');
    let md = '';
    try {
      md = readFileSync(file, 'utf8');
    } catch {}
    const section = renderSection({
      date: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      seconds: (performance.now() - t0) / 1000,
      opts: measureOptions(quick),
      rounds: Math.max(roundsFor(quick), Number(option('--rounds') ?? 0)),
      chromium: `Chromium ${browser.version()}`,
      flags: CHROMIUM_FLAGS,
      isolate,
      bundle: { ...bundle, esbuild: esbuildVersion() },
      command: `pnpm --filter @gradscope/bench bench:browser${quick ? ' --quick' : ''}`,
      specs,
      result,
      infos,
      initFailures,
      console: new Map(pages.map((p) => [p.name, [...new Set(p.console)]])),
      node: nodeTables(md),
      nodeDate: /on (\S+), (full|quick) mode/.exec(md)?.[1],
      phases: { node, chromium },
    });
    process.stdout.write(section);
    if (write) {
      writeFileSync(file, withSection(md, section));
      log(`wrote the browser section of ${file}`);
    }
  } finally {
    for (const p of pages) await p.close();
    await browser.close();
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
