/**
 * Pooling speed: gradscope (WebAssembly backend) before and after its fast pooling kernels,
 * against TensorFlow.js 4.22 on its wasm and cpu backends, in one process with the samples
 * interleaved (one sample of every case per round, so that load from other processes falls on
 * all of them alike). Not part of `pnpm bench`: run it by hand while working on the kernels.
 *
 *   cd tools/bench && node --import tsx src/pool-speed.ts [--rounds 15] [--only text] [--skip text]
 *
 * "before" registers the plain loops of core's `ops/pool-kernels.ts` (what every backend ran
 * before the fast kernels) for the wasm-simd backend; "after" registers `ops/pool-wasm.ts`'s
 * kernels back; nothing else differs. Cases: maxPool2d and avgPool2d (kernel 2, stride 2) on
 * LeNet-5's two shapes: forward without gradient, forward with x requiring a gradient (max:
 * the forward that also finds the positions) and forward + backward (seed gradient of ones);
 * tfjs runs the same pooling on NHWC inputs (`tf.grad` for the backward). Then LeNet-5's forward
 * pass and training step from the bench's own peers. Prints each case's median and fastest time
 * per call (ms) and the ratio of each peer's median to gradscope-after's (above 1: gradscope is
 * faster).
 */
import { avgPool2d, maxPool2d, registerKernel, type Tensor, tensor } from '@gradscope/core';
import * as tf from '@tensorflow/tfjs';
import {
  avgPool2dBackwardLoop,
  avgPool2dLoop,
  maxPool2dArgmax,
  maxPool2dLoop,
  scatterAt,
} from '../../../packages/core/src/ops/pool-kernels.js';
import {
  avgPool2dBackwardWasm,
  avgPool2dWasm,
  maxPool2dArgmaxWasm,
  maxPool2dWasm,
  scatterAtWasm,
} from '../../../packages/core/src/ops/pool-wasm.js';
import { normals } from './data.js';
import { median } from './measure.js';
import { makePeer } from './peers/make.js';
import type { Peer } from './peers/peer.js';

type Loop = Parameters<typeof registerKernel>[2];
const BEFORE: [string, Loop][] = [
  ['maxPool2d', maxPool2dLoop],
  ['maxPool2dIndices', maxPool2dArgmax],
  ['maxPool2dBackward', scatterAt],
  ['avgPool2d', avgPool2dLoop],
  ['avgPool2dBackward', avgPool2dBackwardLoop],
];
const AFTER: [string, Loop][] = [
  ['maxPool2d', maxPool2dWasm],
  ['maxPool2dIndices', maxPool2dArgmaxWasm],
  ['maxPool2dBackward', scatterAtWasm],
  ['avgPool2d', avgPool2dWasm],
  ['avgPool2dBackward', avgPool2dBackwardWasm],
];

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : (process.argv[at + 1] ?? fallback);
}
const rounds = Number(arg('rounds', '15'));
const only = arg('only', '');
const skip = arg('skip', '\u0000');
const SAMPLE_MS = 40;

interface Case {
  readonly name: string;
  readonly who: string;
  readonly activate: () => Promise<void>;
  readonly run: () => void;
  calls: number;
  readonly samples: number[];
}
const cases: Case[] = [];
function add(name: string, who: string, activate: () => Promise<void>, run: () => void): void {
  const key = `${name} ${who}`;
  if (key.includes(only) && !key.includes(skip))
    cases.push({ name, who, activate, run, calls: 0, samples: [] });
}

const SHAPES = [
  [64, 6, 28, 28],
  [64, 16, 10, 10],
] as const;

// gradscope, its pooling kernels before and after, on the bench's WebAssembly peer
const gradscope = makePeer('gradscope-wasm', { core: '', jsPytorch: '' });
const variants: [string, [string, Loop][]][] = [
  ['gradscope-before', BEFORE],
  ['gradscope-after', AFTER],
];
const using = (loops: [string, Loop][]) => async () => {
  await gradscope.activate();
  for (const [op, loop] of loops) registerKernel(op, 'wasm-simd', loop);
};

for (const [n, c, h, w] of SHAPES) {
  const shape = [n, c, h, w];
  const data = normals(11, n * c * h * w);
  const x = tensor(data, { shape });
  const xg = tensor(data, { shape, requiresGrad: true });
  const ones = tensor(new Float32Array((n * c * h * w) / 4).fill(1), {
    shape: [n, c, h / 2, w / 2],
  });
  const tag = `[${shape.join(',')}]`;
  for (const [op, f] of [
    ['maxPool', (t: Tensor) => maxPool2d(t, 2)],
    ['avgPool', (t: Tensor) => avgPool2d(t, 2)],
  ] as const) {
    for (const [who, loops] of variants) {
      const activate = using(loops);
      add(`${op} fwd ${tag}`, who, activate, () => {
        f(x);
      });
      if (op === 'maxPool') {
        add(`${op} fwd, x needs grad ${tag}`, who, activate, () => {
          f(xg);
        });
      }
      add(`${op} fwd+bwd ${tag}`, who, activate, () => {
        f(xg).backward(ones);
        xg.grad = null;
      });
    }
  }
}

// tfjs pooling, NHWC
for (const backend of ['wasm', 'cpu'] as const) {
  const peer = makePeer(`tfjs-${backend}`, { core: '', jsPytorch: '' });
  const inputs: tf.Tensor4D[] = [];
  const activate = async () => {
    await peer.activate();
    if (inputs.length === 0)
      for (const [n, c, h, w] of SHAPES)
        inputs.push(tf.tensor4d(normals(11, n * c * h * w), [n, h, w, c]));
  };
  SHAPES.forEach(([n, c, h, w], s) => {
    const tag = `[${[n, c, h, w].join(',')}]`;
    const input = () => inputs[s] as tf.Tensor4D;
    for (const [op, f] of [
      ['maxPool', (t: tf.Tensor4D) => tf.maxPool(t, 2, 2, 'valid')],
      ['avgPool', (t: tf.Tensor4D) => tf.avgPool(t, 2, 2, 'valid')],
    ] as const) {
      add(`${op} fwd ${tag}`, `tfjs-${backend}`, activate, () => {
        f(input()).dispose();
      });
      const g = tf.grad((t: tf.Tensor) => f(t as tf.Tensor4D));
      add(`${op} fwd+bwd ${tag}`, `tfjs-${backend}`, activate, () => {
        g(input()).dispose();
      });
    }
  });
}

// LeNet-5 from the bench's peers
const tfjsPeers: [string, Peer][] = (['tfjs-wasm', 'tfjs-cpu'] as const).map((p) => [
  p,
  makePeer(p, { core: '', jsPytorch: '' }),
]);
for (const mode of ['forward', 'step'] as const) {
  const peers: [string, Peer, () => Promise<void>][] = [
    ...variants.map(([who, loops]): [string, Peer, () => Promise<void>] => [
      who,
      gradscope,
      using(loops),
    ]),
    ...tfjsPeers.map(([who, peer]): [string, Peer, () => Promise<void>] => [
      who,
      peer,
      () => peer.activate(),
    ]),
  ];
  for (const [who, peer, activatePeer] of peers) {
    let run: (() => void) | null = null;
    const activate = async () => {
      await activatePeer();
      if (run === null) {
        const made = peer.lenet(mode);
        if (made === null) throw new Error(`${who} cannot run LeNet-5 ${mode}`);
        run = made.step;
      }
    };
    add(`LeNet-5 ${mode}`, who, activate, () => run?.());
  }
}

async function main(): Promise<void> {
  for (const k of cases) {
    await k.activate();
    const t0 = performance.now();
    let warm = 0;
    while (performance.now() - t0 < 300 || warm < 2) {
      k.run();
      warm++;
    }
    k.calls = Math.max(1, Math.round((SAMPLE_MS * warm) / (performance.now() - t0)));
  }
  for (let r = 0; r < rounds; r++) {
    for (const k of cases) {
      await k.activate();
      const t0 = performance.now();
      for (let i = 0; i < k.calls; i++) k.run();
      k.samples.push((performance.now() - t0) / k.calls);
    }
  }
  const byName = new Map<string, Case[]>();
  for (const k of cases) byName.set(k.name, [...(byName.get(k.name) ?? []), k]);
  console.log(
    `ms per call: median (fastest) of ${rounds} interleaved samples of ~${SAMPLE_MS} ms; ` +
      '(ratio: that median / gradscope-after median)',
  );
  for (const [name, ks] of byName) {
    const after = ks.find((k) => k.who === 'gradscope-after');
    const base = after === undefined ? Number.NaN : median(after.samples);
    console.log(name);
    for (const k of ks) {
      const m = median(k.samples);
      const fastest = Math.min(...k.samples);
      const ratio = k === after ? '' : `  (${(m / base).toFixed(2)}x)`;
      console.log(`  ${k.who.padEnd(17)} ${m.toFixed(3)} (${fastest.toFixed(3)})${ratio}`);
    }
  }
}

await main();
