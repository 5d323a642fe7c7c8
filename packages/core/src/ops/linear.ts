/**
 * `linear(x, weight, bias)`: the affine map of a dense layer, `x @ weightᵀ + bias`, as one op (as
 * PyTorch's `F.linear`): one output array and one recorded node instead of a matmul and a
 * broadcast add, which is most of a small layer's cost.
 */
import { allocate } from '../dtype.js';
import { isGradEnabled } from '../engine.js';
import { ShapeError } from '../errors.js';
import { getKernels } from '../kernels/index.js';
import { defineOp } from '../registry.js';
import { copyShape, formatShape } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { matmul } from './matmul.js';

function check(x: Tensor, w: Tensor, b: Tensor | null): void {
  if (x.ndim < 1 || w.ndim !== 2 || x.shape[x.ndim - 1] !== w.shape[1]) {
    throw new ShapeError(
      `linear: expected input [..., in] and weight [out, in], got input ${formatShape(x.shape)} and weight ${formatShape(w.shape)}`,
    );
  }
  if (b !== null && (b.ndim !== 1 || b.shape[0] !== w.shape[0])) {
    throw new ShapeError(
      `linear: expected bias [${w.shape[0]}] for weight ${formatShape(w.shape)}, got ${formatShape(b.shape)}`,
    );
  }
}

/** `x` as a matrix: its leading axes flattened into rows. */
function rows(x: Tensor): Tensor {
  const k = x.shape[x.ndim - 1] as number;
  return x.ndim === 2 ? x : x.reshape([x.size / k, k]);
}

/**
 * First-order backward straight on the kernels (the backward pass is not being recorded): the
 * same three products as the differentiable rule below, without an op application each.
 */
function fusedBackward(
  g: Tensor,
  x: Tensor,
  w: Tensor,
  needs: readonly boolean[],
  gWritable: boolean,
): Array<Tensor | null> {
  const n = w.shape[0] as number;
  const k = w.shape[1] as number;
  const m = x.size / k;
  // A square layer's input gradient can go into g's own array when nobody else sees g.
  const inPlace = gWritable && k === n && g.dtype === x.dtype;
  const dx = needs[0] ? (inPlace ? g.data : allocate(x.dtype, m * k)) : null;
  const dw = needs[1] ? allocate(x.dtype, n * k) : null;
  const db = needs[2] ? allocate(x.dtype, n) : null;
  getKernels().linearBackward(g.data, x.data, w.data, dx, dw, db, m, k, n);
  const gx = dx === null ? null : Tensor._make(dx, x.shape);
  const gw = dw === null ? null : Tensor._make(dw, w.shape);
  const gb = db === null ? null : Tensor._make(db, [n]);
  // Fresh arrays no one else has seen: a leaf may keep them as its .grad without a copy.
  for (const t of [gx, gw, gb]) if (t !== null) t._unshared = true;
  return [gx, gw, gb];
}

const linearOp = defineOp({
  name: 'linear',
  arity: 3,
  doc: 'x @ weightᵀ + bias (weight [out, in], bias [out]); backward: g @ weight, gᵀ @ x, sum of g over rows',
  validate([x, w, b]) {
    check(x as Tensor, w as Tensor, b as Tensor);
  },
  forward([x, w, b]) {
    const t = x as Tensor;
    const wt = w as Tensor;
    const bd = (b as Tensor).data;
    const k = wt.shape[1] as number;
    const n = wt.shape[0] as number;
    const m = t.size / k;
    const out = allocate(t.dtype, m * n);
    getKernels().linear(t.data, wt.data, bd, out, m, k, n);
    const shape = copyShape(t.shape, 0, t.ndim - 1);
    shape.push(n);
    return Tensor._make(out, shape);
  },
  // The differentiable rule is the truth (and runs when the backward pass is recorded, for
  // higher order); the fused path computes the same products on the kernels.
  backward(g, { inputs: [x, w], needsInputGrad, gradWritable }) {
    const t = x as Tensor;
    const wt = w as Tensor;
    if (!isGradEnabled()) return fusedBackward(g, t, wt, needsInputGrad, gradWritable);
    const g2 = rows(g);
    const x2 = rows(t);
    return [
      needsInputGrad[0] ? g2.matmul(wt).reshape(t.shape) : null,
      needsInputGrad[1] ? g2.matmul(x2, { transA: true }) : null,
      needsInputGrad[2] ? g2.sum(0) : null,
    ];
  },
  macs: ([x, w]) => (x as Tensor).size * ((w as Tensor).shape[0] as number),
});

/**
 * The dense-layer map `y = x @ weightᵀ + bias` (PyTorch's `F.linear`): `x` is `[..., in]`,
 * `weight` `[out, in]`, `bias` `[out]` (optional), `y` `[..., out]`. One op with one output array;
 * its backward is `g @ weight` for x, `gᵀ @ x` for the weight and the row sum of `g` for the bias.
 *
 * @example
 * linear(x, w, b); // same values as x.matmul(w, { transB: true }).add(b)
 */
export function linear(x: TensorLike, weight: TensorLike, bias?: TensorLike | null): Tensor {
  const t = Tensor.from(x, 'linear');
  const w = Tensor.from(weight, 'linear', t.dtype);
  if (bias === undefined || bias === null) {
    check(t, w, null);
    return matmul(t, w, { transB: true });
  }
  // The op's validate() checks the shapes.
  return linearOp([t, w, Tensor.from(bias, 'linear', t.dtype)]);
}
