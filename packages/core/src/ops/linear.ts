/**
 * `linear(x, weight, bias)`: the affine map of a dense layer, `x @ weightᵀ + bias`, as one op (as
 * PyTorch's `F.linear`): one output array and one recorded node instead of a matmul and a
 * broadcast add, which is most of a small layer's cost.
 */
import { allocate, type TypedArray } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { getKernels } from '../kernels/index.js';
import { opDocs } from '../op-docs.generated.js';
import { defineOp, type OpFn } from '../registry.js';
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

/**
 * Runs the kernel's linear backward for `g` (`[..., n]`), `x` (`[..., k]`) and `w` (`[n, k]`),
 * computing whichever of `gx`, `gw`, `gb` is not null.
 */
function linearGrads(
  g: Tensor,
  x: Tensor,
  w: Tensor,
  gx: TypedArray | null,
  gw: TypedArray | null,
  gb: TypedArray | null,
): void {
  const n = w.shape[0] as number;
  const k = w.shape[1] as number;
  getKernels().linearBackward(g.data, x.data, w.data, gx, gw, gb, x.size / k, k, n);
}

interface InPlaceAttrs {
  /** Write the result into g's own array (only when the engine lent it: `gradWritable`). */
  readonly inPlace?: boolean;
  [k: string]: unknown;
}

/**
 * linear's input gradient `g @ w` (`[..., out]` by `[out, in]`, shaped as x). An op of its own,
 * as PyTorch's `*_backward` functions are, so the first-order pass runs one kernel call and a
 * recorded pass differentiates it like any op.
 */
const linearInputGradOp: OpFn<InPlaceAttrs> = defineOp<InPlaceAttrs>({
  name: 'linearInputGrad',
  arity: 3,
  doc: "g @ weight, linear's input gradient (inputs g, x, weight; shaped as x)",
  forward([g, x, w], { inPlace }) {
    const [gt, xt, wt] = [g, x, w] as [Tensor, Tensor, Tensor];
    const square = wt.shape[0] === wt.shape[1];
    const out = inPlace === true && square ? gt.data : allocate(xt.dtype, xt.size);
    linearGrads(gt, xt, wt, out, null, null);
    return Tensor._make(out, xt.shape);
  },
  // gx = G W: dG = GX Wᵀ, dW = Gᵀ GX (the weight gradient with GX in x's place).
  backward(gx, { inputs: [g, , w], needsInputGrad }) {
    const wt = w as Tensor;
    return [
      needsInputGrad[0] ? linear(gx, wt) : null,
      null,
      needsInputGrad[2] ? linearWeightGradOp([g as Tensor, gx, wt]) : null,
    ];
  },
  macs: ([, x, w]) => (x as Tensor).size * ((w as Tensor).shape[0] as number),
});

/** linear's weight gradient `gᵀ @ x` (`[out, in]`), its rows summed over every leading axis. */
const linearWeightGradOp: OpFn = defineOp({
  name: 'linearWeightGrad',
  arity: 3,
  doc: "gᵀ @ x, linear's weight gradient (inputs g, x, weight; shaped as weight)",
  forward([g, x, w]) {
    const [gt, xt, wt] = [g, x, w] as [Tensor, Tensor, Tensor];
    const out = allocate(xt.dtype, wt.size);
    linearGrads(gt, xt, wt, null, out, null);
    return Tensor._make(out, wt.shape);
  },
  // gw = Gᵀ X: dG = X GWᵀ, dX = G GW (the input gradient with GW in w's place).
  backward(gw, { inputs: [g, x], needsInputGrad }) {
    const xt = x as Tensor;
    return [
      needsInputGrad[0] ? linear(xt, gw) : null,
      needsInputGrad[1] ? linearInputGradOp([g as Tensor, xt, gw]) : null,
      null,
    ];
  },
  macs: ([, x, w]) => (x as Tensor).size * ((w as Tensor).shape[0] as number),
});

/**
 * linear's bias gradient: `g` summed over every axis but the last (`[out]`). Its own op, beside
 * the other two, so that the kernel's column sums run without a general reduction's set-up.
 */
const linearBiasGradOp: OpFn = defineOp({
  name: 'linearBiasGrad',
  arity: 3,
  doc: "g summed over its rows, linear's bias gradient (inputs g, x, weight; shaped [out])",
  forward([g, x, w]) {
    const [gt, xt, wt] = [g, x, w] as [Tensor, Tensor, Tensor];
    const n = wt.shape[0] as number;
    const out = allocate(xt.dtype, n);
    linearGrads(gt, xt, wt, null, null, out);
    return Tensor._make(out, [n]);
  },
  // Every row of g got the same gb gradient: gb broadcast back to g's shape.
  backward: (ggb, { inputs: [g] }) => [ggb.expand(copyShape((g as Tensor).shape)), null, null],
  macs: ([g]) => (g as Tensor).size,
});

const linearOp = defineOp({
  name: 'linear',
  arity: 3,
  doc: opDocs.linear,
  validate([x, w, b]) {
    check(x as Tensor, w as Tensor, b as Tensor);
  },
  forward([x, w, b]) {
    const t = x as Tensor;
    const n = (w as Tensor).shape[0] as number;
    const k = (w as Tensor).shape[1] as number;
    const m = t.size / k;
    const out = allocate(t.dtype, m * n);
    getKernels().linear(t.data, (w as Tensor).data, (b as Tensor).data, out, m, k, n);
    const shape = copyShape(t.shape, 0, t.ndim - 1);
    shape.push(n);
    return Tensor._make(out, shape);
  },
  // The weight and bias gradients first: the input gradient may then overwrite g.
  backward(g, { inputs: [x, w], needsInputGrad, gradWritable }) {
    const t = x as Tensor;
    const wt = w as Tensor;
    const gw = needsInputGrad[1] ? linearWeightGradOp([g, t, wt]) : null;
    const gb = needsInputGrad[2] ? linearBiasGradOp([g, t, wt]) : null;
    const inPlace = gradWritable && g.dtype === t.dtype;
    const gx = needsInputGrad[0]
      ? linearInputGradOp([g, t, wt], inPlace ? { inPlace: true } : {})
      : null;
    return [gx, gw, gb];
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
