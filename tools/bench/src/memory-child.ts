/**
 * Child process for the memory benchmark (run with `node --expose-gc --import tsx`): warms up
 * (2,000 steps: V8 grows its young generation by ~20 MB within the first ~1,000 steps, a one-off
 * sizing step, not a leak), collects garbage, records the resident set, runs N training steps of gradscope on the
 * WebAssembly kernels, collects garbage again and prints the growth as JSON.
 * Usage: memory-child.ts <wide|deep> <steps>
 */
import { setKernels } from '@gradscope/core';
import { createWasmKernels } from '../../../packages/core/src/kernels/wasm/wasm-kernels.js';
import { DEEP, WIDE } from './data.js';
import { gradscopePeer } from './peers/gradscope.js';

const [cfgName, stepsArg] = process.argv.slice(2);
const cfg = cfgName === 'wide' ? WIDE : DEEP;
const steps = Number(stepsArg ?? 5000);
const WARMUP = 2000;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('memory-child: run with --expose-gc');
const kernels = createWasmKernels();
if (kernels === null) throw new Error('memory-child: no WebAssembly SIMD');
setKernels(kernels);
const peer = gradscopePeer('gradscope-wasm', kernels, '');
const built = peer.mlpStep(cfg);
if (built === null) throw new Error('no step');
const collect = () => {
  for (let i = 0; i < 3; i++) gc();
};
/** RSS after full GCs and a pause (V8 returns freed pages to the OS lazily): median of 3 reads. */
async function settledRss(): Promise<number> {
  const reads: number[] = [];
  for (let r = 0; r < 3; r++) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 100));
    reads.push(process.memoryUsage().rss);
  }
  reads.sort((a, b) => a - b);
  return reads[1] as number;
}
// Warm-up: JIT compilation and V8's heap sizing settle in the first few hundred steps.
for (let i = 0; i < WARMUP; i++) built.step();
const rssBefore = await settledRss();
const before = process.memoryUsage();
const firstLoss = built.loss();
// RSS after a GC at every tenth of the run: a leak shows as a steady slope, not a one-off step.
const checkpoints: number[] = [];
for (let i = 1; i <= steps; i++) {
  built.step();
  if (i % Math.max(1, Math.floor(steps / 10)) === 0) {
    collect();
    checkpoints.push(process.memoryUsage().rss);
  }
}
const rssAfter = await settledRss();
const after = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({
    config: cfg.name,
    steps,
    rssBefore,
    rssAfter,
    heapBefore: before.heapUsed,
    heapAfter: after.heapUsed,
    externalBefore: before.external + before.arrayBuffers,
    externalAfter: after.external + after.arrayBuffers,
    firstLoss,
    warmup: WARMUP,
    checkpoints,
    lastLoss: built.loss(),
  })}\n`,
);
