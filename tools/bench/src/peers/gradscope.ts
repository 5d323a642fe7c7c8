/**
 * gradscope, built from core ops directly: linear (x @ wᵀ + b, as nn.Linear), relu as
 * maximum(x, 0), tanh from @gradscope/activations, softmax cross-entropy as
 * -mean(gather(logSoftmax(z), labels)), MSE as mean((z - y)^2); LeNet-5 from conv2d and maxPool2d
 * (NCHW, as PyTorch) with the same dense layers; @gradscope/trainer's SGD updates
 * the parameters in place (as tfjs's `tf.train.sgd`). `@gradscope/*` resolve to the sources
 * (tsconfig `paths`, honoured by tsx), so the figures are for the working tree.
 */

import { tanh } from '@gradscope/activations';
import {
  conv2d,
  type Kernels,
  linear,
  maxPool2d,
  noGrad,
  setKernels,
  type Tensor,
  tensor,
} from '@gradscope/core';
import { SGD } from '@gradscope/trainer';
import { CONV, LENET, LENET_FC, lenetData, type MlpConfig, mlpData, normals } from '../data.js';
import type { Peer } from './peer.js';

/** `rows x cols` row-major to `cols x rows`. */
function transpose(w: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(w.length);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) t[j * rows + i] = w[i * cols + j] as number;
  return t;
}

/** One SGD step on `forward`'s loss, and a probe of the last step's loss. */
function trainingStep(
  forward: () => Tensor,
  optimizer: SGD,
): { step: () => void; loss: () => number } {
  let last = Number.NaN;
  const step = () => {
    const loss = forward();
    loss.backward();
    optimizer.step();
    optimizer.zeroGrad();
    last = loss.item();
  };
  return { step, loss: () => last };
}

/**
 * The MLP of `cfg` built from core ops: its loss at the current parameters (`forward`) and the
 * SGD optimiser over its parameters.
 */
export function buildMlp(cfg: MlpConfig): { forward: () => Tensor; optimizer: SGD } {
  const d = mlpData(cfg);
  const s = cfg.sizes;
  // Weights as a dense layer stores them ([out, in], as PyTorch's nn.Linear): the shared
  // [in, out] arrays transposed.
  const W = d.weights.map((w, l) =>
    tensor(transpose(w, s[l] as number, s[l + 1] as number), {
      shape: [s[l + 1] as number, s[l] as number],
      requiresGrad: true,
    }),
  );
  const B = d.biases.map((b) => tensor(b, { requiresGrad: true }));
  const optimizer = new SGD([...W, ...B], { lr: cfg.lr });
  const x = tensor(d.x, { shape: [cfg.batch, s[0] as number] });
  const out = s[s.length - 1] as number;
  const y = tensor(d.y, { shape: [cfg.batch, out] });
  const idx = tensor(Float32Array.from(d.labels), { shape: [cfg.batch, 1] });
  const forward = (): Tensor => {
    let h = x;
    for (let l = 0; l < W.length; l++) {
      const z = linear(h, W[l] as Tensor, B[l] as Tensor);
      h = l + 1 === W.length ? z : cfg.activation === 'relu' ? z.maximum(0) : tanh(z);
    }
    if (cfg.loss === 'mse') return h.sub(y).square().mean();
    return h.logSoftmax(1).gather(idx, 1).mean().neg();
  };
  return { forward, optimizer };
}

export function gradscopePeer(label: string, kernels: Kernels, version: string): Peer {
  return {
    name: label,
    version,
    async activate() {
      setKernels(kernels);
    },
    matmul(n) {
      if (kernels.name === 'reference' && n > 512) return null;
      const a = tensor(normals(1, n * n), { shape: [n, n] });
      const b = tensor(normals(2, n * n), { shape: [n, n] });
      return () => {
        a.matmul(b);
      };
    },
    add16(recording) {
      const a = tensor(normals(3, 16), { requiresGrad: recording });
      const b = tensor(normals(4, 16), { requiresGrad: recording });
      return {
        run: () => {
          a.add(b);
        },
        ops: 1,
      };
    },
    cleanup() {},
    mlpStep(cfg: MlpConfig) {
      const { forward, optimizer } = buildMlp(cfg);
      return trainingStep(forward, optimizer);
    },
    conv2d() {
      const { batch, channels, size, outChannels, kernel } = CONV;
      const x = tensor(normals(5, batch * channels * size * size), {
        shape: [batch, channels, size, size],
      });
      const w = tensor(normals(6, outChannels * channels * kernel * kernel, 0.1), {
        shape: [outChannels, channels, kernel, kernel],
      });
      return () => {
        noGrad(() => conv2d(x, w, { padding: 1 }));
      };
    },
    lenet(mode) {
      const d = lenetData();
      const param = (data: Float32Array, shape: number[]) =>
        tensor(data, { shape, requiresGrad: true });
      const c1 = param(d.conv1, [6, 1, 5, 5]);
      const c2 = param(d.conv2, [16, 6, 5, 5]);
      const b1 = param(d.conv1Bias, [6]);
      const b2 = param(d.conv2Bias, [16]);
      const F = d.fc.map((w, l) =>
        param(transpose(w, LENET_FC[l] as number, LENET_FC[l + 1] as number), [
          LENET_FC[l + 1] as number,
          LENET_FC[l] as number,
        ]),
      );
      const FB = d.fcBias.map((b) => param(b, [b.length]));
      const optimizer = new SGD([c1, b1, c2, b2, ...F, ...FB], { lr: LENET.lr });
      const x = tensor(d.x, { shape: [LENET.batch, 1, 28, 28] });
      const idx = tensor(Float32Array.from(d.labels), { shape: [LENET.batch, 1] });
      const forward = (): Tensor => {
        let h = maxPool2d(conv2d(x, c1, b1, { padding: 2 }).maximum(0), 2);
        h = maxPool2d(conv2d(h, c2, b2).maximum(0), 2).reshape([LENET.batch, 400]);
        for (let l = 0; l < F.length; l++) {
          const z = linear(h, F[l] as Tensor, FB[l] as Tensor);
          h = l + 1 === F.length ? z : z.maximum(0);
        }
        return h.logSoftmax(1).gather(idx, 1).mean().neg();
      };
      if (mode === 'forward') {
        let last = Number.NaN;
        return { step: () => (last = noGrad(forward).item()), loss: () => last };
      }
      return trainingStep(forward, optimizer);
    },
  };
}
