/**
 * The browser section of BENCHMARKS.md: the Chromium figures with the Node bench's ratios, the
 * facts each page reported (cross-origin isolation, tfjs-wasm's SIMD and threads, the WebGL
 * renderer), the same figures beside the Node section's, and the deep step phase by phase in
 * both runtimes.
 */
import type { CellSpec } from '../cells.js';
import type { InterleaveResult } from '../interleave.js';
import type { MeasureOptions } from '../measure.js';
import type { PhaseTimes } from '../phases.js';
import type { MdTable } from './benchmarks-md.js';
import type { PageInfo } from './page-api.js';

export const OURS = 'gradscope-wasm';
/** Peers of the browser bench, in column order. */
export const BROWSER_PEERS = [
  'gradscope-wasm',
  'tfjs-wasm',
  'tfjs-wasm-mt',
  'tfjs-webgl',
  'tfjs-cpu',
] as const;
/** Cells of the browser bench (keys of `cells.ts`). */
export const BROWSER_CELLS = new Set([
  'matmul n=256',
  'matmul n=512',
  'matmul n=1024',
  'add16 plain',
  'add16 recorded',
  'mlp wide',
  'mlp deep',
]);
/** tfjs-cpu runs the small-op case only. */
export const browserApplies = (spec: CellSpec, peer: string): boolean =>
  peer !== 'tfjs-cpu' || spec.table === 'add';

export interface SectionInput {
  readonly date: string;
  readonly mode: 'quick' | 'full';
  readonly seconds: number;
  readonly opts: MeasureOptions;
  readonly rounds: number;
  readonly chromium: string;
  readonly flags: readonly string[];
  readonly isolate: boolean;
  readonly bundle: { sizes: Record<string, number>; coreFrom: string; esbuild: string };
  readonly command: string;
  readonly specs: readonly CellSpec[];
  readonly result: InterleaveResult;
  readonly infos: ReadonlyMap<string, PageInfo>;
  /** Peers whose page or backend failed to start, with the reason. */
  readonly initFailures: ReadonlyMap<string, string>;
  /** Console warnings and errors by peer (deduplicated). */
  readonly console: ReadonlyMap<string, readonly string[]>;
  /** The Node section's tables (`nodeTables`), if BENCHMARKS.md had them. */
  readonly node: ReadonlyMap<string, MdTable>;
  readonly nodeDate?: string;
  readonly phases: { node?: PhaseTimes; chromium?: PhaseTimes };
}

const fmt = (v: number | undefined, digits: number): string =>
  v === undefined || !Number.isFinite(v) ? '—' : v >= 1000 ? v.toFixed(0) : v.toFixed(digits);
const times = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)}x` : '—');

/** figure[row][peer] of one table of the browser run. */
function figures(input: SectionInput, table: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const spec of input.specs) {
    if (spec.table !== table) continue;
    const row = new Map<string, number>();
    for (const p of BROWSER_PEERS) {
      const ms = input.result.medians.get(`${spec.key}|${p}`);
      if (ms !== undefined) row.set(p, spec.figure(ms));
    }
    out.set(spec.row, row);
  }
  return out;
}

function ratio(row: Map<string, number> | undefined, peer: string, higher: boolean): number {
  const o = row?.get(OURS);
  const p = row?.get(peer);
  if (o === undefined || p === undefined) return Number.NaN;
  return higher ? o / p : p / o;
}

function table(
  input: SectionInput,
  name: string,
  title: string,
  rows: readonly string[],
  peers: readonly string[],
  higher: boolean,
  digits: number,
): string[] {
  const t = figures(input, name);
  const others = peers.filter((p) => p !== OURS);
  const cellText = (row: string, p: string) => {
    const failed = input.result.failures.has(`${keyOf(input, name, row)}|${p}`);
    if (failed || input.initFailures.has(p)) return 'failed';
    return fmt(t.get(row)?.get(p), digits);
  };
  return [
    `| ${title} | ${peers.join(' | ')} | ${others.map((p) => `vs ${p}`).join(' | ')} |`,
    `|${new Array(1 + peers.length + others.length).fill('---').join('|')}|`,
    ...rows.map(
      (r) =>
        `| ${r} | ${peers.map((p) => cellText(r, p)).join(' | ')} | ${others.map((p) => times(ratio(t.get(r), p, higher))).join(' | ')} |`,
    ),
  ];
}

const keyOf = (input: SectionInput, name: string, row: string): string =>
  input.specs.find((s) => s.table === name && s.row === row)?.key ?? '?';

function pageFacts(input: SectionInput): string[] {
  const lines: string[] = [];
  for (const p of BROWSER_PEERS) {
    const info = input.infos.get(p);
    const failed = input.initFailures.get(p);
    if (failed !== undefined) {
      lines.push(`- ${p}: **did not start**: ${failed}`);
      continue;
    }
    if (info === undefined) continue;
    const d = Object.entries(info.details)
      .map(([k, v]) => `${k} ${typeof v === 'string' ? `"${v}"` : String(v)}`)
      .join(', ');
    lines.push(
      `- ${p} (${info.version}): crossOriginIsolated ${info.crossOriginIsolated}, ${d}${p === OURS ? `; relaxed SIMD (FMA) available ${info.relaxedSimd} (not used: the default kernels are bit-exact)` : ''}.`,
    );
  }
  return lines;
}

/** The browser figures beside the Node section's. */
function besideNode(input: SectionInput): string[] {
  if (input.node.size === 0) return ['(BENCHMARKS.md had no Node figures to compare with.)'];
  const sources: Array<[string, string, string, string, boolean]> = [
    ['matmul n=256 (GFLOP/s)', 'n (GFLOP/s)', 'matmul', '256', true],
    ['matmul n=512 (GFLOP/s)', 'n (GFLOP/s)', 'matmul', '512', true],
    ['matmul n=1024 (GFLOP/s)', 'n (GFLOP/s)', 'matmul', '1024', true],
    ['add16 plain (µs)', 'case (µs per add)', 'add', 'plain', false],
    ['add16 recorded (µs)', 'case (µs per add)', 'add', 'recorded', false],
    ['MLP wide (steps/s)', 'network (steps/s)', 'mlp', 'wide', true],
    ['MLP deep (steps/s)', 'network (steps/s)', 'mlp', 'deep', true],
  ];
  const rows = sources.map(([label, nodeTitle, name, row, higher]) => {
    const n = input.node.get(nodeTitle)?.get(row);
    const b = figures(input, name).get(row);
    const gN = n?.get(OURS);
    const gB = b?.get(OURS);
    const tN = n?.get('tfjs-wasm');
    const tB = b?.get('tfjs-wasm');
    const speed = (x?: number, y?: number) =>
      x === undefined || y === undefined ? Number.NaN : higher ? x / y : y / x;
    return `| ${label} | ${fmt(gN, 2)} | ${fmt(gB, 2)} | ${times(speed(gB, gN))} | ${fmt(tN, 2)} | ${fmt(tB, 2)} | ${times(speed(tB, tN))} | ${times(speed(gN, tN))} | ${times(speed(gB, tB))} |`;
  });
  return [
    `Node figures from the Node section above${input.nodeDate ? ` (run of ${input.nodeDate})` : ''}. "Chromium / Node" reads as times faster in Chromium (below 1: slower); the last two columns are gradscope-wasm against tfjs-wasm in each runtime (both on one thread: Node has no wasm threads here, and \`tfjs-wasm\` in Chromium gets one from tfjs's cap on 2 cores; see \`tfjs-wasm-mt\` above for two). The Node figures come from the Node section's run, which \`pnpm bench\` makes just before this one; a Node section from another time was measured under another load.`,
    '',
    '| case | gradscope-wasm, Node | gradscope-wasm, Chromium | Chromium / Node | tfjs-wasm, Node | tfjs-wasm, Chromium | Chromium / Node | vs tfjs-wasm, Node | vs tfjs-wasm, Chromium |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
}

function phaseTable(input: SectionInput): string[] {
  const { node, chromium } = input.phases;
  if (node === undefined && chromium === undefined) return [];
  const names = Object.keys(node?.phases ?? chromium?.phases ?? {});
  const per = (p: PhaseTimes | undefined, ms: number | undefined) =>
    p === undefined || ms === undefined ? Number.NaN : (ms / p.steps) * 1000;
  const row = (label: string, n: number, c: number) =>
    `| ${label} | ${fmt(n, 1)} | ${fmt(c, 1)} | ${Number.isFinite(n) && Number.isFinite(c) ? `${(c / n).toFixed(2)}x` : '—'} |`;
  return [
    '### Where the deep step goes, phase by phase',
    '',
    `The same code (\`src/phases.ts\`: the bench's deep MLP, gradscope-wasm) with a clock read between phases, ${node?.steps ?? chromium?.steps} steps after 200 untimed ones, in a Node child (the sources, as the Node bench) and in the gradscope page. µs per step:`,
    '',
    '| phase | Node | Chromium | Chromium / Node (time) |',
    '|---|---|---|---|',
    ...names.map((k) => row(k, per(node, node?.phases[k]), per(chromium, chromium?.phases[k]))),
    row('whole step', per(node, node?.total), per(chromium, chromium?.total)),
  ];
}

export function renderSection(input: SectionInput): string {
  const t = (
    name: string,
    title: string,
    rows: string[],
    peers: string[],
    higher: boolean,
    d: number,
  ) => table(input, name, title, rows, peers, higher, d);
  const mlp = figures(input, 'mlp');
  const add = figures(input, 'add');
  const targets: Array<[string, number, number]> = [
    [
      'MLP "deep" step vs tfjs-wasm, one thread per core (tfjs-wasm-mt)',
      ratio(mlp.get('deep'), 'tfjs-wasm-mt', true),
      10,
    ],
    [
      'MLP "wide" step vs tfjs-wasm, one thread per core (tfjs-wasm-mt)',
      ratio(mlp.get('wide'), 'tfjs-wasm-mt', true),
      3,
    ],
    [
      'MLP "deep" step vs tfjs-wasm as configured by default',
      ratio(mlp.get('deep'), 'tfjs-wasm', true),
      10,
    ],
    [
      'MLP "wide" step vs tfjs-wasm as configured by default',
      ratio(mlp.get('wide'), 'tfjs-wasm', true),
      3,
    ],
    ['add, 16 elements, no grad vs tfjs-cpu', ratio(add.get('plain'), 'tfjs-cpu', false), 10],
  ];
  const losses = ['wide', 'deep'].map(
    (r) =>
      `| ${r} | ${BROWSER_PEERS.filter((p) => p !== 'tfjs-cpu')
        .map((p) => {
          const v = input.result.losses.get(`mlp ${r}|${p}`);
          return v === undefined ? '—' : v.toPrecision(6);
        })
        .join(' | ')} |`,
  );
  const failures = [...input.result.failures].map(
    ([cell, why]) => `- ${cell.replace('|', ' on ')}: ${why}`,
  );
  const consoleLines = [...input.console].flatMap(([p, lines]) =>
    lines.slice(0, 5).map((l) => `- ${p}: ${l.length > 300 ? `${l.slice(0, 300)}…` : l}`),
  );
  const peersAll = [...BROWSER_PEERS];
  const noCpu = peersAll.filter((p) => p !== 'tfjs-cpu');
  return [
    '## In the browser: headless Chromium',
    '',
    `Generated by \`${input.command}\` (tools/bench/src/browser) on ${input.date}, ${input.mode} mode, ${input.seconds.toFixed(0)} s.`,
    '',
    `- ${input.chromium} (Debian), headless, driven by playwright-core, flags \`${input.flags.join(' ')}\`. The pages are served from 127.0.0.1 ${input.isolate ? 'with `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp` (cross-origin isolation, which SharedArrayBuffer and so tfjs-wasm threads need)' : '**without** cross-origin isolation headers (`--no-isolation`)'}.`,
    `- Each peer runs in its own page in its own browser context (its own renderer process and JIT, as each Node peer runs in its own process). gradscope is bundled with esbuild ${input.bundle.esbuild} as an application would bundle it, from the packages' entry points (\`@gradscope/core\` resolved to \`${input.bundle.coreFrom}\`; ${(input.bundle.sizes.gradscope ?? 0) / 1000} kB page bundle, identifiers kept); tfjs 4.22 from its browser builds (${((input.bundle.sizes.tfjs ?? 0) / 1e6).toFixed(2)} MB, with the wasm and WebGL backends).`,
    `- Method: the Node bench's own cases (\`cells.ts\`), timing (\`measure.ts\`) and interleaving (\`interleave.ts\`): ${input.rounds} round(s), samples of at least ${input.opts.sampleMs} ms taken in turn by the peers, ${Math.ceil(input.opts.samples / (input.mode === 'quick' ? 1 : 3)) * input.rounds} samples per figure, the median reported; on WebGL each timed matmul and add reads its result back (\`dataSync\`), as the training steps read their loss.`,
    "- tfjs-wasm threads: asked for one thread per core (`setThreadsCount`), tfjs 4.22 caps XNNPACK's pool at half of `navigator.hardwareConcurrency` (tensorflow/tfjs#8513), so `tfjs-wasm` computes on one thread on a 2-core machine although its threaded build and workers are loaded; `tfjs-wasm-mt` is the same page with `hardwareConcurrency` reported twice as large to tfjs, which gives XNNPACK one thread per core (the thread counts each page reported are below). The targets are taken against `tfjs-wasm-mt`, the stronger of the two.",
    ...pageFacts(input),
    '',
    '### Targets (issue 18, in Chromium)',
    '',
    '| target | measured | goal | |',
    '|---|---|---|---|',
    ...targets.map(([name, v, goal]) =>
      Number.isFinite(v)
        ? `| ${name} | ${v.toFixed(2)}x | >= ${goal}x | ${v >= goal ? 'met' : 'missed'} |`
        : `| ${name} | — | >= ${goal}x | not run |`,
    ),
    '',
    '### matmul, float32, n x n @ n x n',
    '',
    ...t('matmul', 'n (GFLOP/s)', ['256', '512', '1024'], noCpu, true, 2),
    '',
    '### add of two 16-element tensors',
    '',
    ...t('add', 'case (µs per add)', ['plain', 'recorded'], peersAll, false, 3),
    '',
    '### MLP training step',
    '',
    ...t('mlp', 'network (steps/s)', ['wide', 'deep'], noCpu, true, 1),
    '',
    'Loss after the first step at the shared initial parameters (the same-inputs check):',
    '',
    `| network | ${noCpu.join(' | ')} |`,
    `|${new Array(1 + noCpu.length).fill('---').join('|')}|`,
    ...losses,
    '',
    '### Chromium beside Node',
    '',
    ...besideNode(input),
    '',
    ...phaseTable(input),
    ...(failures.length > 0 ? ['', '### Cases that failed', '', ...failures] : []),
    ...(consoleLines.length > 0
      ? ['', '### Page console (warnings and errors, first five per page)', '', ...consoleLines]
      : []),
    '',
  ].join('\n');
}
