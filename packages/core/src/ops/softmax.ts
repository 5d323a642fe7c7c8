/** softmax and logSoftmax along an axis, computed stably (shifted by the maximum). */
import { opDocs } from '../op-docs.generated.js';
import { defineOp } from '../registry.js';
import { normalizeAxis } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { installTensorMethods } from '../tensor-methods.js';

const softmaxOp = defineOp<{ axis: number }>({
  name: 'softmax',
  arity: 1,
  doc: opDocs.softmax,
  forward([x], { axis }) {
    const t = x as Tensor;
    const e = t.sub(t.max(axis, true).detach()).exp();
    return e.div(e.sum(axis, true));
  },
  // dy * y - y * sum(dy * y)
  backward: (g, { output: y, attrs: { axis } }) => [y.mul(g.sub(g.mul(y).sum(axis, true)))],
});

const logSoftmaxOp = defineOp<{ axis: number }>({
  name: 'logSoftmax',
  arity: 1,
  doc: opDocs.logSoftmax,
  forward([x], { axis }) {
    // Shift by the maximum first: in float32, x - logSumExp(x) loses digits for large logits.
    const t = x as Tensor;
    const s = t.sub(t.max(axis, true).detach());
    return s.sub(s.exp().sum(axis, true).log());
  },
  backward: (g, { output: y, attrs: { axis } }) => [g.sub(y.exp().mul(g.sum(axis, true)))],
});

/** Softmax along `axis` (default -1), stable for large inputs. */
export function softmax(x: TensorLike, axis = -1): Tensor {
  const t = Tensor.from(x, 'softmax');
  return softmaxOp([t], { axis: normalizeAxis(axis, t.ndim, 'softmax') });
}

/** log(softmax(x)) along `axis` (default -1), computed as x - logSumExp(x): no log(0). */
export function logSoftmax(x: TensorLike, axis = -1): Tensor {
  const t = Tensor.from(x, 'logSoftmax');
  return logSoftmaxOp([t], { axis: normalizeAxis(axis, t.ndim, 'logSoftmax') });
}

installTensorMethods({ softmax, logSoftmax });
