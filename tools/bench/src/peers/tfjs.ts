/**
 * TensorFlow.js 4.22 on its CPU backend (pure JS) or its WebAssembly backend (XNNPACK, SIMD; one
 * thread under Node). The MLP step is `optimizer.minimize` with `tf.train.sgd`, softmax
 * cross-entropy / MSE from `tf.losses`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type MlpConfig, mlpData, normals } from '../data.js';
import type { Peer } from './peer.js';

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
  let owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  return {
    name: `tfjs-${backend}`,
    version: `@tensorflow/tfjs ${tf.version.tfjs}, backend ${backend}`,
    async activate() {
      if (backend === 'wasm') prepareWasm();
      if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed`);
      await tf.ready();
      if (backend === 'wasm' && !tf.env().getBool('WASM_HAS_SIMD_SUPPORT'))
        throw new Error('tfjs wasm: no SIMD');
    },
    cleanup() {
      for (const t of owned) t.dispose();
      owned = [];
    },
    matmul(n) {
      if (backend === 'cpu' && n > 512) return null;
      const a = keep(tf.tensor2d(normals(1, n * n), [n, n]));
      const b = keep(tf.tensor2d(normals(2, n * n), [n, n]));
      return () => {
        tf.matMul(a, b).dispose();
      };
    },
    add16(recording) {
      if (!recording) {
        const a = keep(tf.tensor1d(normals(3, 16)));
        const b = keep(tf.tensor1d(normals(4, 16)));
        return { run: () => tf.add(a, b).dispose(), ops: 1 };
      }
      const a = keep(tf.variable(tf.tensor1d(normals(3, 16))));
      const b = keep(tf.variable(tf.tensor1d(normals(4, 16))));
      const ops = 200;
      return {
        run: () => {
          const { value, grads } = tf.variableGrads(() => {
            let c = tf.add(a, b);
            for (let i = 1; i < ops; i++) c = tf.add(a, b);
            return tf.sum(c) as tf.Scalar;
          }, [a as tf.Variable]);
          value.dispose();
          for (const g of Object.values(grads)) g.dispose();
        },
        ops,
      };
    },
    mlpStep(cfg: MlpConfig) {
      const d = mlpData(cfg);
      const s = cfg.sizes;
      const W = d.weights.map((w, l) =>
        keep(tf.variable(tf.tensor2d(w, [s[l] as number, s[l + 1] as number]))),
      );
      const B = d.biases.map((b) => keep(tf.variable(tf.tensor1d(b))));
      const x = keep(tf.tensor2d(d.x, [cfg.batch, s[0] as number]));
      const y = keep(tf.tensor2d(d.y, [cfg.batch, s[s.length - 1] as number]));
      const opt = tf.train.sgd(cfg.lr);
      let last = Number.NaN;
      const step = () => {
        const cost = opt.minimize(
          () => {
            let h: tf.Tensor2D = x as tf.Tensor2D;
            for (let l = 0; l < W.length; l++) {
              const z = tf.add(
                tf.matMul(h, W[l] as tf.Variable),
                B[l] as tf.Variable,
              ) as tf.Tensor2D;
              h = l + 1 === W.length ? z : cfg.activation === 'relu' ? tf.relu(z) : tf.tanh(z);
            }
            return (
              cfg.loss === 'mse'
                ? tf.losses.meanSquaredError(y, h)
                : tf.losses.softmaxCrossEntropy(y, h)
            ) as tf.Scalar;
          },
          true,
          [...W, ...B] as tf.Variable[],
        );
        if (cost !== null) {
          last = cost.dataSync()[0] as number;
          cost.dispose();
        }
      };
      return { step, loss: () => last };
    },
  };
}
