/**
 * The TensorFlow.js bench page: `?peer=tfjs-wasm` (XNNPACK with SIMD and, when the page is
 * cross-origin isolated, its threaded build, asked for one thread per logical core with
 * `setThreadsCount(hardwareConcurrency)`: tfjs's own default is half the cores), `tfjs-webgl` or
 * `tfjs-cpu`. The page reports the thread count XNNPACK's pool ended with (`getThreadsCount`):
 * tfjs 4.22 loads the threaded build and starts its 8 pthread workers, yet reports 1 whatever
 * `setThreadsCount` asked (tensorflow/tfjs#8513, open). The `.wasm` files are served by the
 * bench's server under `/tfjs-wasm/`.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { makeTfjsPeer, type TfjsBackend } from '../peers/tfjs-peer.js';
import { installBenchPage } from './page-common.js';

const BACKENDS: Record<string, TfjsBackend> = {
  'tfjs-wasm': 'wasm',
  'tfjs-webgl': 'webgl',
  'tfjs-cpu': 'cpu',
};

/** The renderer string WebGL reports (SwiftShader when Chromium has no GPU). */
function webglRenderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl === null) return 'no WebGL 2 context';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext === null ? gl.RENDERER : ext.UNMASKED_RENDERER_WEBGL));
}

installBenchPage({
  peer: (name) => {
    const backend = BACKENDS[name];
    if (backend === undefined) throw new Error(`tfjs page: unknown peer ${name}`);
    return makeTfjsPeer(backend, {
      prepare:
        backend === 'wasm'
          ? () => {
              setWasmPaths('/tfjs-wasm/');
              setThreadsCount(navigator.hardwareConcurrency);
            }
          : undefined,
    });
  },
  details: async () => {
    const d: Record<string, string | number | boolean> = { backend: tf.getBackend() };
    if (d.backend === 'wasm') {
      d.simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
      d.multithread = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean;
      d.threadsRequested = navigator.hardwareConcurrency;
      d.threads = getThreadsCount();
    }
    if (d.backend === 'webgl') {
      d.webglVersion = tf.env().getNumber('WEBGL_VERSION');
      d.renderer = webglRenderer();
    }
    return d;
  },
});
