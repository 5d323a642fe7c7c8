/** Renders the benchmark results as Markdown (BENCHMARKS.md), with ratios against each peer. */
import type { MeasureOptions } from './measure.js';

/** figure[case][peer] */
type Table = Record<string, Record<string, number>>;

export interface Results {
  /** GFLOP/s by n. */
  matmul: Table;
  /** Microseconds per add, 'plain' and 'recorded'. */
  add: Table;
  /** Training steps per second, 'wide' and 'deep'. */
  mlp: Table;
  /** conv2d forward, GFLOP/s. */
  conv: Table;
  /** LeNet-5 training steps and forward passes per second. */
  cnn: Table;
  /** Loss at the shared initial parameters (same inputs check). */
  loss: Table;
}

export interface MemoryResult {
  config: string;
  steps: number;
  rssBefore: number;
  rssAfter: number;
  heapBefore: number;
  heapAfter: number;
  externalBefore: number;
  externalAfter: number;
  firstLoss: number;
  lastLoss: number;
  warmup: number;
  /** RSS after a GC at each tenth of the run. */
  checkpoints: number[];
  /** RSS growth of every child run (this record is the median one). */
  allGrowths?: number[];
}

export interface Meta {
  date: string;
  cpu: string;
  cores: number;
  node: string;
  versions: string[];
  mode: 'quick' | 'full';
  opts: MeasureOptions;
  seconds: number;
}

const OURS = 'gradscope-wasm';
const STEP = 'LeNet-5 training step';
const FORWARD = 'LeNet-5 forward, no gradient';
const COLUMNS = [
  'gradscope-reference',
  'gradscope-fast',
  'gradscope-wasm',
  'tfjs-cpu',
  'tfjs-wasm',
  'js-pytorch',
];
const PEERS = ['tfjs-cpu', 'tfjs-wasm', 'js-pytorch'];

function fmt(v: number | undefined, digits: number): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  return v >= 1000 ? v.toFixed(0) : v.toFixed(digits);
}

/** `higherIsBetter`: ratio = ours / peer, else peer / ours (both read as "x times faster"). */
function table(
  title: string,
  unit: string,
  t: Table,
  keys: string[],
  higherIsBetter: boolean,
  digits: number,
): string {
  const head = `| ${title} (${unit}) | ${COLUMNS.join(' | ')} | ${PEERS.map((p) => `wasm vs ${p}`).join(' | ')} |`;
  const sep = `|${new Array(1 + COLUMNS.length + PEERS.length).fill('---').join('|')}|`;
  const rows = keys.map((k) => {
    const r = t[k] ?? {};
    const ours = r[OURS];
    const ratios = PEERS.map((p) => {
      const v = r[p];
      if (ours === undefined || v === undefined) return '—';
      return `${(higherIsBetter ? ours / v : v / ours).toFixed(2)}x`;
    });
    return `| ${k} | ${COLUMNS.map((c) => fmt(r[c], digits)).join(' | ')} | ${ratios.join(' | ')} |`;
  });
  return [head, sep, ...rows].join('\n');
}

function ratio(t: Table, key: string, peer: string, higherIsBetter: boolean): number {
  const r = t[key] ?? {};
  const o = r[OURS];
  const p = r[peer];
  if (o === undefined || p === undefined) return Number.NaN;
  return higherIsBetter ? o / p : p / o;
}

/** The losses of every peer at the shared initial parameters, a row per case in `keys`. */
function lossTable(loss: Table, keys: readonly string[]): string[] {
  return [
    `| network | ${COLUMNS.join(' | ')} |`,
    `|${new Array(1 + COLUMNS.length).fill('---').join('|')}|`,
    ...keys.map(
      (k) =>
        `| ${k} | ${COLUMNS.map((c) => {
          const v = loss[k]?.[c];
          return v === undefined ? '—' : v.toPrecision(6);
        }).join(' | ')} |`,
    ),
  ];
}

function halfGrowth(m: MemoryResult): string {
  const c = m.checkpoints;
  if (c.length < 2) return '—';
  const mid = c[Math.floor(c.length / 2) - 1] as number;
  return ((m.rssAfter - mid) / 2 ** 20).toFixed(2);
}

export function renderReport(res: Results, memory: MemoryResult[], meta: Meta): string {
  const mb = (b: number) => (b / 2 ** 20).toFixed(2);
  const targets: Array<[string, number, number]> = [
    ['MLP "wide" step vs tfjs-wasm', ratio(res.mlp, 'wide', 'tfjs-wasm', true), 3],
    ['MLP "deep" step vs tfjs-wasm', ratio(res.mlp, 'deep', 'tfjs-wasm', true), 10],
    ['MLP "deep" step vs tfjs-wasm (issue 18)', ratio(res.mlp, 'deep', 'tfjs-wasm', true), 15],
    ...[256, 512, 1024].map(
      (n) =>
        [`matmul f32 n=${n} vs tfjs-wasm`, ratio(res.matmul, String(n), 'tfjs-wasm', true), 1] as [
          string,
          number,
          number,
        ],
    ),
    ['add, 16 elements, no grad vs tfjs-cpu', ratio(res.add, 'plain', 'tfjs-cpu', false), 10],
    ['LeNet-5 training step (batch 64) vs tfjs-wasm', ratio(res.cnn, STEP, 'tfjs-wasm', true), 2],
    ['LeNet-5 training step (batch 64) vs tfjs-cpu', ratio(res.cnn, STEP, 'tfjs-cpu', true), 2],
    ['LeNet-5 forward (batch 64) vs tfjs-wasm', ratio(res.cnn, FORWARD, 'tfjs-wasm', true), 1],
    [
      'conv2d forward [32, 16, 28, 28] * 3x3x16x16 vs tfjs-wasm',
      ratio(res.conv, Object.keys(res.conv)[0] ?? '', 'tfjs-wasm', true),
      1,
    ],
  ];
  const memRows = memory.map(
    (m) =>
      `| ${m.config} | ${m.steps} | ${mb(m.rssBefore)} | ${mb(m.rssAfter)} | ${mb(m.rssAfter - m.rssBefore)}${m.allGrowths && m.allGrowths.length > 1 ? ` (runs: ${m.allGrowths.map(mb).join(', ')})` : ''} | ${halfGrowth(m)} | ${mb(m.heapAfter - m.heapBefore)} | ${mb(m.externalAfter - m.externalBefore)} | ${m.firstLoss.toPrecision(4)} → ${m.lastLoss.toPrecision(4)} |`,
  );
  const deepMem = memory.find((m) => m.config === 'deep');
  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`pnpm bench${meta.mode === 'quick' ? ' --quick' : ''}\` (tools/bench) on ${meta.date}, ${meta.mode} mode, ${meta.seconds.toFixed(0)} s.`,
    '',
    `- Machine: ${meta.cpu}, ${meta.cores} cores (shared with other jobs while measured; figures are medians).`,
    `- Node ${meta.node}; ${meta.versions.join('; ')}.`,
    `- Method: every framework computes on the same seeded float32 inputs; each framework and backend runs in its own process (its own JIT, as a user with one backend would run it) while the parent process orders the work, one process measuring at a time; every case is visited in ${meta.mode === 'quick' ? '1 round' : '3 rounds'} spread over the run: each peer warms up on it, then the peers take samples of at least ${meta.opts.sampleMs} ms in turn, one each, so that samples compared in a ratio are taken within a few hundred ms of each other (this machine's speed changes from second to second); ${meta.opts.samples} samples per figure in all (fewer for the slowest peers, taken in their warm-up visit); the figure is the median of all its samples. tfjs-wasm runs XNNPACK with SIMD on one thread (Node has no wasm threads here).`,
    '- gradscope columns: `reference` = the pure-TypeScript reference kernels, `fast` = tuned TypeScript kernels, `wasm` = WebAssembly SIMD kernels written in WebAssembly text (`packages/core/src/kernels/wasm/wat`). Ratios are gradscope-wasm against each peer, as "times faster" (above 1 = gradscope faster).',
    '',
    '## Targets',
    '',
    '| target | measured | goal | |',
    '|---|---|---|---|',
    ...targets.map(([name, v, goal]) =>
      Number.isFinite(v)
        ? `| ${name} | ${v.toFixed(2)}x | >= ${goal}x | ${v >= goal ? 'met' : 'missed'} |`
        : `| ${name} | — | >= ${goal}x | not run |`,
    ),
    deepMem
      ? `| RSS growth over ${deepMem.steps} "deep" steps${(deepMem.allGrowths?.length ?? 1) > 1 ? ` (median of ${deepMem.allGrowths?.length} runs)` : ''} | ${mb(deepMem.rssAfter - deepMem.rssBefore)} MB | < 10 MB | ${deepMem.rssAfter - deepMem.rssBefore < 10 * 2 ** 20 ? 'met' : 'missed'} |`
      : '',
    '',
    '## matmul, float32, n x n @ n x n',
    '',
    table('n', 'GFLOP/s', res.matmul, Object.keys(res.matmul), true, 2),
    '',
    '## Small-op overhead: add of two 16-element tensors',
    '',
    'plain: inputs that need no gradient. recorded: inputs that require gradients, so the op is recorded for backward (tfjs records only inside a gradient tape: 200 adds in one `tf.variableGrads`, divided by 200).',
    '',
    table('case', 'µs per add', res.add, ['plain', 'recorded'], false, 3),
    '',
    '## MLP training step (forward, loss, backward, SGD update)',
    '',
    '"wide": 784-128-128-10, batch 64, ReLU, softmax cross-entropy. "deep": 32 → 20 hidden layers of 32 → 1, batch 32, tanh, MSE. gradscope builds both from core ops (linear, maximum(x, 0), logSoftmax + gather) with tanh from @gradscope/activations, and steps `SGD` from @gradscope/trainer (in place); tfjs uses `optimizer.minimize` with `tf.train.sgd`; js-pytorch its own ops and losses with a manual SGD update (it ships only Adam; its MSELoss divides by the batch size once more, so its loss reads 1/32 of the others).',
    '',
    table('network', 'steps/s', res.mlp, ['wide', 'deep'], true, 1),
    '',
    'Loss at the shared initial parameters (all frameworks start from the same weights and data, so these agree):',
    '',
    ...lossTable(res.loss, ['wide', 'deep']),
    '',
    '## Convolutional networks',
    '',
    'conv2d: one forward (no gradient) of a batch of 32 16-channel 28 x 28 images with 16 3 x 3 filters, padding 1 (tfjs: NHWC input, HWIO filters, `same`). LeNet-5: conv 1→6 5x5 padding 2, ReLU, max-pool 2, conv 6→16 5x5, ReLU, max-pool 2, dense 400→120→84→10 with ReLU, softmax cross-entropy, one SGD step (or one forward pass without gradients) on a batch of 64 28 x 28 images; gradscope from core ops (conv2d, maxPool2d, linear, NCHW as PyTorch), tfjs with `tf.conv2d` / `tf.maxPool` in NHWC and `optimizer.minimize` (the same weights converted, fc1 rows permuted to its flatten order). js-pytorch has no convolution.',
    '',
    table('conv2d', 'GFLOP/s', res.conv, Object.keys(res.conv), true, 2),
    '',
    table('LeNet-5', 'per s', res.cnn, [STEP, FORWARD], true, 1),
    '',
    "tfjs-wasm 4.22 cannot take a LeNet-5 training step written with `tf.conv2d`: its wasm backend registers no `Conv2DBackpropFilter` kernel, so `minimize` fails with \"Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'\" (tensorflow/tfjs#8474, open). Its 3-D convolution has both backward kernels, so its training figure runs every 2-D convolution as `tf.conv3d` of depth 1 (the same arithmetic; a user would have to find that out). Its forward figure uses `tf.conv2d`.",
    '',
    "LeNet-5 loss at the shared initial parameters (the first training step's, and the forward pass's; these agree):",
    '',
    ...lossTable(res.loss, [STEP, FORWARD]),
    '',
    '## Memory: resident-set growth of gradscope-wasm training (child process, --expose-gc, young generation pinned at 16 MB)',
    '',
    `After ${memory[0]?.warmup ?? 0} warm-up steps and a full GC, RSS is recorded; then after every tenth of the N steps (with a full GC) and at the end. "second half" is the growth between the checkpoints at N/2 and N: a leak grows there as much as in the first half. The warm-up is long because V8 enlarges its young generation (semi-spaces) by about 20 MB during the first ~1,000 steps of any allocation-heavy loop, a one-off sizing step that the checkpoints show as flat afterwards; the RSS before the warm-up is not part of the figure. The children run with --min-semi-space-size=16 --max-semi-space-size=16 so that V8 cannot resize its young generation mid-run either (tools/reliability/soak.ts does the same). Each RSS read is the median of three reads after full GCs and a 100 ms pause. RSS can still move by a few MB from run to run (the C allocator keeping or returning freed backing stores) while the JS heap and live ArrayBuffers stay flat, so the full run starts three child processes and reports the median one (all three listed).`,
    '',
    '| network | steps | RSS before (MB) | RSS after (MB) | RSS growth (MB), median run | growth in second half (MB) | JS heap growth (MB) | external + ArrayBuffers growth (MB) | loss |',
    '|---|---|---|---|---|---|---|---|---|',
    ...memRows,
    '',
  ];
  return lines.join('\n');
}
