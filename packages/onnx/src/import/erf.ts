/**
 * `erf`: the Gauss error function as a differentiable op, which ONNX's `Erf` needs (PyTorch writes
 * exact GELU as `0.5·x·(1 + erf(x/√2))` before opset 20). Registered through core's public op
 * API; `toONNX` writes it back as `Erf`.
 */
import { erf as erfScalar } from '@gradscope/activations';
import { defineOp, Tensor, type TensorLike, zerosLike } from '@gradscope/core';
import { opDocs } from '../op-docs.generated.js';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

const erfOp = defineOp({
  name: 'erf',
  arity: 1,
  doc: opDocs.erf,
  forward([x]) {
    const t = x as Tensor;
    const y = zerosLike(t);
    const d = t.data;
    const out = y.data;
    for (let i = 0; i < d.length; i++) out[i] = erfScalar(d[i] as number);
    return y;
  },
  backward(g, { inputs: [x] }) {
    return [g.mul((x as Tensor).square().neg().exp().mul(TWO_OVER_SQRT_PI))];
  },
});

/**
 * The Gauss error function, elementwise: erf(x) = 2/√π ∫₀ˣ e^(−t²) dt (ONNX `Erf`), with
 * d/dx = 2/√π · e^(−x²); differentiable to any order.
 */
export function erf(x: TensorLike): Tensor {
  return erfOp([Tensor.from(x, 'erf')]);
}
