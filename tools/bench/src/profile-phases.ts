/**
 * Node side of the phase comparison: times the gradscope-wasm MLP step phase by phase (see
 * `phases.ts`) and prints the result as one JSON line. The browser bench runs it beside the same
 * timing in Chromium. Usage (from tools/bench):
 *   node --import tsx src/profile-phases.ts <deep|wide> [steps]
 */
import { setKernels } from '@gradscope/core';
import { createWasmKernels } from '../../../packages/core/src/kernels/wasm/wasm-kernels.js';
import { DEEP, WIDE } from './data.js';
import { timePhases } from './phases.js';

const [what = 'deep', stepsArg = '2000'] = process.argv.slice(2);
const kernels = createWasmKernels();
if (kernels === null) throw new Error('profile-phases: no WebAssembly SIMD');
setKernels(kernels);
const result = timePhases(what === 'wide' ? WIDE : DEEP, Number(stepsArg));
process.stdout.write(`${JSON.stringify(result)}\n`);
