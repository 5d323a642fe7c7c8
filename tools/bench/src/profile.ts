/**
 * Profiling driver: runs gradscope training steps for a while so `node --cpu-prof` can show where
 * the time goes. Usage (from tools/bench):
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx src/profile.ts <wide|deep|add> [seconds]
 */
import { setKernels, tensor } from '@gradscope/core';
import { createWasmKernels } from '../../../packages/core/src/kernels/wasm/wasm-kernels.js';
import { DEEP, normals, WIDE } from './data.js';
import { gradscopePeer } from './peers/gradscope.js';

const [what = 'deep', secondsArg = '5'] = process.argv.slice(2);
const seconds = Number(secondsArg);
const kernels = createWasmKernels();
if (kernels === null) throw new Error('no WebAssembly SIMD');
setKernels(kernels);
let run: () => void;
if (what === 'add') {
  const a = tensor(normals(3, 16));
  const b = tensor(normals(4, 16));
  run = () => {
    for (let i = 0; i < 1000; i++) a.add(b);
  };
} else {
  const built = gradscopePeer('gradscope-wasm', kernels, '').mlpStep(what === 'wide' ? WIDE : DEEP);
  if (built === null) throw new Error('no step');
  run = built.step;
}
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < seconds * 1000) {
  run();
  n++;
}
const ms = (performance.now() - t0) / n;
process.stdout.write(`${what}: ${n} calls, ${ms.toFixed(4)} ms per call\n`);
