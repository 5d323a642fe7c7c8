/**
 * gradscope, built from core ops directly: linear (x @ wᵀ + b, as nn.Linear), relu as maximum(x, 0), tanh from
 * @gradscope/activations (or, with `cfg.tanh === 'kernel'`, an op declared with the public
 * `defineOp` whose forward is core's float32 tanh kernel (`kernels/fast-tanh.ts`, or the f32x4 one of
 * the WebAssembly backend) and whose
 * backward is g - g*y*y), softmax
 * cross-entropy as -mean(gather(logSoftmax(z), labels)), MSE as mean((z - y)^2); SGD updates the
 * parameter arrays in place. `@gradscope/*` resolve to the sources (tsconfig `paths`, honoured
 * by tsx), so the figures are for the working tree.
 */

import { tanh as activationTanh } from '@gradscope/activations';
import {
  defineOp,
  getKernels,
  hasOp,
  type Kernels,
  linear,
  type OpFn,
  setKernels,
  type Tensor,
  tensor,
} from '@gradscope/core';
import { tanhKernel } from '../../../../packages/core/src/kernels/fast-tanh.js';
import type { WasmKernels } from '../../../../packages/core/src/kernels/wasm/wasm-kernels.js';
import { type MlpConfig, mlpData, normals } from '../data.js';
import type { Peer } from './peer.js';

let tanhOp: OpFn | undefined;
function kernelTanh(x: Tensor): Tensor {
  if (tanhOp === undefined) {
    const name = hasOp('tanh') ? 'bench.tanh' : 'tanh';
    tanhOp = defineOp({
      name,
      arity: 1,
      doc: 'tanh(x); d/dx = 1 - tanh(x)^2',
      forward([t]) {
        const v = t as Tensor;
        const out = v.dtype === 'float64' ? new Float64Array(v.size) : new Float32Array(v.size);
        // The WebAssembly backend has an f32x4 tanh (not yet in the Kernels interface).
        const k = getKernels() as Partial<WasmKernels>;
        if (typeof k.tanh === 'function') k.tanh(v.data, out);
        else tanhKernel(v.data, out);
        return tensor(out, { shape: v.shape.slice() });
      },
      backward: (g, { output: y }) => [g.sub(g.mul(y).mul(y))],
    });
  }
  return tanhOp([x]);
}

/** `rows x cols` row-major to `cols x rows`. */
function transpose(w: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(w.length);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) t[j * rows + i] = w[i * cols + j] as number;
  return t;
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
      const params = [...W, ...B];
      const x = tensor(d.x, { shape: [cfg.batch, s[0] as number] });
      const out = s[s.length - 1] as number;
      const y = tensor(d.y, { shape: [cfg.batch, out] });
      const idx = tensor(Float32Array.from(d.labels), { shape: [cfg.batch, 1] });
      let last = Number.NaN;
      const forward = (): Tensor => {
        let h = x;
        for (let l = 0; l < W.length; l++) {
          const z = linear(h, W[l] as Tensor, B[l] as Tensor);
          h =
            l + 1 === W.length
              ? z
              : cfg.activation === 'relu'
                ? z.maximum(0)
                : cfg.tanh === 'kernel'
                  ? kernelTanh(z)
                  : activationTanh(z);
        }
        if (cfg.loss === 'mse') return h.sub(y).square().mean();
        return h.logSoftmax(1).gather(idx, 1).mean().neg();
      };
      const step = () => {
        const loss = forward();
        loss.backward();
        const lr = cfg.lr;
        for (const p of params) {
          const g = (p.grad as Tensor).data;
          const w = p.data;
          for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - lr * (g[i] as number);
          p.grad = null;
        }
        last = loss.item();
      };
      return { step, loss: () => last };
    },
  };
}

/** The kernels active before the bench changed them. */
export const initialKernels: Kernels = getKernels();
