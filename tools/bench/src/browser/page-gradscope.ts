/**
 * The gradscope bench page (bundled by `bundle.ts` from the packages' entry points, as an
 * application would bundle them): the WebAssembly SIMD kernels, as the Node bench's
 * `gradscope-wasm`. The same page bundled from a scratch copy's sources is `gradscope-variant`.
 */
import { createWasmKernels, getKernels, setKernels } from '@gradscope/core';
import { DEEP, WIDE } from '../data.js';
import { gradscopePeer } from '../peers/gradscope.js';
import { timePhases } from '../phases.js';
import { installBenchPage } from './page-common.js';

/** @gradscope/core's version, set by the bundler (`bundle.ts`). */
declare const __GRADSCOPE_VERSION__: string;

installBenchPage({
  peer: (name) => {
    if (name !== 'gradscope-wasm' && name !== 'gradscope-variant')
      throw new Error(`gradscope page: unknown peer ${name}`);
    const kernels = createWasmKernels();
    if (kernels === null) throw new Error('gradscope page: this browser has no WebAssembly SIMD');
    return gradscopePeer(name, kernels, `@gradscope/core ${__GRADSCOPE_VERSION__}`);
  },
  details: () => ({ kernels: getKernels().name }),
  extra: {
    phases: (config, steps) => {
      const prev = getKernels();
      const kernels = createWasmKernels();
      if (kernels === null) throw new Error('gradscope page: no WebAssembly SIMD');
      setKernels(kernels);
      try {
        return timePhases(config === 'deep' ? DEEP : WIDE, steps);
      } finally {
        setKernels(prev);
      }
    },
  },
});
