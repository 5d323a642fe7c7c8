/**
 * TensorFlow.js under Node (see `tfjs-peer.ts`): tfjs-wasm loads its `.wasm` files from the
 * package's directory and runs on one thread (Node has no wasm threads here).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Peer } from './peer.js';
import { makeTfjsPeer } from './tfjs-peer.js';

const require = createRequire(import.meta.url);
let wasmReady = false;

function prepareWasm(): void {
  if (wasmReady) return;
  const dist = `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`;
  setWasmPaths(dist);
  setThreadsCount(1);
  wasmReady = true;
}

export function tfjsPeer(backend: 'cpu' | 'wasm'): Peer {
  return makeTfjsPeer(backend, backend === 'wasm' ? { prepare: prepareWasm } : {});
}
