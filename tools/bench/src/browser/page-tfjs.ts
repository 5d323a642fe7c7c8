/**
 * The TensorFlow.js bench page, one peer per page (`?peer=`):
 * - `tfjs-wasm`: XNNPACK with SIMD; cross-origin isolated, tfjs loads its threaded build (and
 *   starts 8 pthread workers), asked with `setThreadsCount(hardwareConcurrency)` for one thread
 *   per logical core. tfjs 4.22 still caps XNNPACK's pool at half of `hardwareConcurrency`
 *   (tensorflow/tfjs#8513, open), so on a 2-core machine it computes on one thread.
 * - `tfjs-wasm-mt`: the same, with `navigator.hardwareConcurrency` reported twice as large to tfjs
 *   so that the cap lets it have one thread per core (`getThreadsCount()` then says so): tfjs-wasm
 *   at its best on this machine.
 * - `tfjs-wasm-nothreads` (not in the default run): `WASM_HAS_MULTITHREAD_SUPPORT` off, its
 *   single-threaded SIMD build.
 * - `tfjs-webgl`, `tfjs-cpu`.
 * The page reports the thread count XNNPACK's pool ended with. The `.wasm` files are served by
 * the bench's server under `/tfjs-wasm/`.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { makeTfjsPeer, type TfjsBackend } from '../peers/tfjs-peer.js';
import { installBenchPage } from './page-common.js';

const BACKENDS: Record<string, TfjsBackend> = {
  'tfjs-wasm': 'wasm',
  'tfjs-wasm-mt': 'wasm',
  'tfjs-wasm-nothreads': 'wasm',
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

/** The machine's logical cores, read before `tfjs-wasm-mt` changes what the page reports. */
const cores = navigator.hardwareConcurrency;

installBenchPage({
  peer: (name) => {
    const backend = BACKENDS[name];
    if (backend === undefined) throw new Error(`tfjs page: unknown peer ${name}`);
    return makeTfjsPeer(backend, {
      prepare:
        backend === 'wasm'
          ? () => {
              setWasmPaths('/tfjs-wasm/');
              if (name === 'tfjs-wasm-nothreads')
                tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
              else setThreadsCount(cores);
              if (name === 'tfjs-wasm-mt') {
                // tfjs's threaded build reads the core count through emscripten's
                // navigator.hardwareConcurrency and gives XNNPACK at most half of it.
                Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', {
                  get: () => 2 * cores,
                  configurable: true,
                });
              }
            }
          : undefined,
    });
  },
  details: async () => {
    const d: Record<string, string | number | boolean> = { backend: tf.getBackend() };
    if (d.backend === 'wasm') {
      d.simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
      d.multithread = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean;
      d.threadsRequested = cores;
      d.threads = getThreadsCount();
    }
    if (d.backend === 'webgl') {
      d.webglVersion = tf.env().getNumber('WEBGL_VERSION');
      d.renderer = webglRenderer();
    }
    return d;
  },
});
