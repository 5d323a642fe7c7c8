/**
 * TensorFlow.js 4.22 on its CPU backend (pure JS), its WebAssembly backend (XNNPACK, SIMD; one
 * thread under Node, a thread per core in a cross-origin-isolated page) or, in a browser, WebGL.
 * Runtime-neutral (the browser bench bundles it); `tfjs.ts` adds the Node setup. The MLP step is
 * `optimizer.minimize` with `tf.train.sgd`, softmax cross-entropy / MSE from `tf.losses`.
 * Convolutions run in tfjs's own layout (NHWC inputs, HWIO filters): the shared NCHW / OIHW arrays
 * are converted once, and fc1's rows are permuted so that flattening NHWC activations meets the
 * same weights as flattening NCHW ones. tfjs-wasm trains LeNet-5 through depth-1 conv3d (see
 * `lenet`).
 */

/** OIHW filter data to HWIO. */
function toHwio(w: Float32Array, o: number, i: number, k: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++)
      for (let p = 0; p < k; p++)
        for (let q = 0; q < k; q++)
          out[((p * k + q) * i + b) * o + a] = w[((a * i + b) * k + p) * k + q] as number;
  return out;
}

/** NCHW data to NHWC. */
function toNhwc(x: Float32Array, n: number, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < c; b++)
      for (let p = 0; p < h; p++)
        for (let q = 0; q < w; q++)
          out[((a * h + p) * w + q) * c + b] = x[((a * c + b) * h + p) * w + q] as number;
  return out;
}

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { CONV, LENET, LENET_FC, lenetData, type MlpConfig, mlpData, normals } from '../data.js';
import type { Peer } from './peer.js';

export type TfjsBackend = 'cpu' | 'wasm' | 'webgl';

export interface TfjsPeerOptions {
  /** Runs before the backend is set (tfjs-wasm's file location and thread count). */
  readonly prepare?: () => void;
}

/**
 * The tfjs peer on `backend`. On WebGL every timed matmul and add reads its result back
 * (`dataSync`): its kernels run asynchronously on the GPU (or SwiftShader), so without the read
 * the time would be the time to queue them. The training steps read their loss on every backend.
 */
export function makeTfjsPeer(backend: TfjsBackend, options: TfjsPeerOptions = {}): Peer {
  const sync = backend === 'webgl';
  let owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  return {
    name: `tfjs-${backend}`,
    version: `@tensorflow/tfjs ${tf.version.tfjs}, backend ${backend}`,
    async activate() {
      options.prepare?.();
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
        const c = tf.matMul(a, b);
        if (sync) c.dataSync();
        c.dispose();
      };
    },
    add16(recording) {
      if (!recording) {
        const a = keep(tf.tensor1d(normals(3, 16)));
        const b = keep(tf.tensor1d(normals(4, 16)));
        return {
          run: () => {
            const c = tf.add(a, b);
            if (sync) c.dataSync();
            c.dispose();
          },
          ops: 1,
        };
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
          if (sync) value.dataSync();
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
    conv2d() {
      const { batch, channels, size, outChannels, kernel } = CONV;
      const x = keep(
        tf.tensor4d(
          toNhwc(normals(5, batch * channels * size * size), batch, channels, size, size),
          [batch, size, size, channels],
        ),
      );
      const w = keep(
        tf.tensor4d(
          toHwio(
            normals(6, outChannels * channels * kernel * kernel, 0.1),
            outChannels,
            channels,
            kernel,
          ),
          [kernel, kernel, channels, outChannels],
        ),
      );
      return () => {
        tf.conv2d(x, w, 1, 'same').dispose();
      };
    },
    lenet(mode) {
      // tfjs-wasm 4.22 has no Conv2DBackpropFilter kernel: training a conv net written with
      // tf.conv2d fails with "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"
      // (tensorflow/tfjs#8474). Its 3-D convolution has both backward kernels, so the training
      // step runs each 2-D convolution as a conv3d of depth 1 there (the same arithmetic).
      const via3d = mode === 'step' && backend === 'wasm';
      const conv = (h: tf.Tensor4D, f: tf.Tensor4D, pad: 'same' | 'valid'): tf.Tensor4D => {
        if (!via3d) return tf.conv2d(h, f, 1, pad);
        const [n, hh, ww, c] = h.shape;
        const [kh, kw, ci, co] = f.shape;
        const y = tf.conv3d(
          tf.reshape(h, [n, 1, hh, ww, c]) as tf.Tensor5D,
          tf.reshape(f, [1, kh, kw, ci, co]) as tf.Tensor5D,
          1,
          pad,
        );
        return tf.squeeze(y, [1]) as tf.Tensor4D;
      };
      const d = lenetData();
      const c1 = keep(tf.variable(tf.tensor4d(toHwio(d.conv1, 6, 1, 5), [5, 5, 1, 6])));
      const c2 = keep(tf.variable(tf.tensor4d(toHwio(d.conv2, 16, 6, 5), [5, 5, 6, 16])));
      const b1 = keep(tf.variable(tf.tensor1d(d.conv1Bias)));
      const b2 = keep(tf.variable(tf.tensor1d(d.conv2Bias)));
      // fc1 input index c·25 + h·5 + w (NCHW flatten) becomes (h·5 + w)·16 + c (NHWC flatten).
      const fc1 = new Float32Array(d.fc[0] as Float32Array);
      const out1 = LENET_FC[1];
      for (let c = 0; c < 16; c++)
        for (let p = 0; p < 25; p++)
          for (let o = 0; o < out1; o++)
            fc1[(p * 16 + c) * out1 + o] = (d.fc[0] as Float32Array)[
              (c * 25 + p) * out1 + o
            ] as number;
      const F = [fc1, ...d.fc.slice(1)].map((w, l) =>
        keep(tf.variable(tf.tensor2d(w, [LENET_FC[l] as number, LENET_FC[l + 1] as number]))),
      );
      const FB = d.fcBias.map((b) => keep(tf.variable(tf.tensor1d(b))));
      const x = keep(tf.tensor4d(d.x, [LENET.batch, 28, 28, 1])); // one channel: NCHW = NHWC
      const y = keep(tf.tensor2d(d.y, [LENET.batch, LENET.classes]));
      const opt = tf.train.sgd(LENET.lr);
      let last = Number.NaN;
      const forward = (): tf.Scalar => {
        let h: tf.Tensor4D = tf.relu(tf.add(conv(x, c1 as tf.Tensor4D, 'same'), b1));
        h = tf.maxPool(h, 2, 2, 'valid');
        h = tf.relu(tf.add(conv(h, c2 as tf.Tensor4D, 'valid'), b2));
        h = tf.maxPool(h, 2, 2, 'valid');
        let z: tf.Tensor2D = tf.reshape(h, [LENET.batch, 400]);
        for (let l = 0; l < F.length; l++) {
          z = tf.add(tf.matMul(z, F[l] as tf.Variable), FB[l] as tf.Variable);
          if (l + 1 < F.length) z = tf.relu(z);
        }
        return tf.losses.softmaxCrossEntropy(y, z) as tf.Scalar;
      };
      if (mode === 'forward') {
        const run = () => {
          const cost = tf.tidy(forward);
          last = cost.dataSync()[0] as number;
          cost.dispose();
        };
        return { step: run, loss: () => last };
      }
      const step = () => {
        const cost = opt.minimize(forward, true, [c1, b1, c2, b2, ...F, ...FB] as tf.Variable[]);
        if (cost !== null) {
          last = cost.dataSync()[0] as number;
          cost.dispose();
        }
      };
      return { step, loss: () => last };
    },
  };
}
