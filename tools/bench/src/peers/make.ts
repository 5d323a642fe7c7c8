/** The peers under test, by name: each runs in its own process (see `peer-process.ts`). */
import { fastKernels } from '../../../../packages/core/src/kernels/fast.js';
import { referenceKernels } from '../../../../packages/core/src/kernels/reference.js';
import { createWasmKernels } from '../../../../packages/core/src/kernels/wasm/wasm-kernels.js';
import { gradscopePeer } from './gradscope.js';
import { jsPytorchPeer } from './jspytorch.js';
import type { Peer } from './peer.js';
import { tfjsPeer } from './tfjs.js';

export const PEER_NAMES = [
  'gradscope-wasm',
  'gradscope-fast',
  'gradscope-reference',
  'tfjs-cpu',
  'tfjs-wasm',
  'js-pytorch',
] as const;
export type PeerName = (typeof PEER_NAMES)[number];

export function makePeer(name: PeerName, versions: { core: string; jsPytorch: string }): Peer {
  const core = `@gradscope/core ${versions.core}`;
  switch (name) {
    case 'gradscope-wasm': {
      const wasm = createWasmKernels();
      if (wasm === null) throw new Error('bench: this runtime has no WebAssembly SIMD');
      return gradscopePeer(name, wasm, core);
    }
    case 'gradscope-fast':
      return gradscopePeer(name, fastKernels, core);
    case 'gradscope-reference':
      return gradscopePeer(name, referenceKernels, core);
    case 'tfjs-cpu':
      return tfjsPeer('cpu');
    case 'tfjs-wasm':
      return tfjsPeer('wasm');
    case 'js-pytorch':
      return jsPytorchPeer(versions.jsPytorch);
  }
}
