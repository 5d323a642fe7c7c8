/** Reductions over any set of axes, with keepDims: sum, mean, max, min, logSumExp. */
import { allocate } from '../dtype.js';
import { getKernels, type ReduceKind } from '../kernels/index.js';
import { opDocs } from '../op-docs.generated.js';
import { type BackwardContext, defineOp } from '../registry.js';
import { normalizeAxes, reducedShape, sizeOf } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { installTensorMethods } from '../tensor-methods.js';

interface ReduceAttrs {
  readonly axes: readonly number[];
  readonly keepDims: boolean;
  [k: string]: unknown;
}

/** Axis argument of reductions: one axis, several, or all (undefined). Negative counts from the end. */
export type Axis = number | readonly number[] | undefined;

function raw(kind: ReduceKind, x: Tensor, axes: readonly number[], keepDims: boolean): Tensor {
  const out = allocate(x.dtype, sizeOf(reducedShape(x.shape, axes, false)));
  if (x.size > 0) getKernels().reduce(kind, x.data, x.shape, axes, out);
  else if (kind !== 'sum') out.fill(Number.NaN);
  return Tensor._make(out, reducedShape(x.shape, axes, keepDims));
}

/** The gradient `g` of a reduction, reshaped with kept axes so it broadcasts against the input. */
function keep(g: Tensor, x: Tensor, attrs: ReduceAttrs): Tensor {
  return attrs.keepDims ? g : g.reshape(reducedShape(x.shape, attrs.axes, true));
}

const sumOp = defineOp<ReduceAttrs>({
  name: 'sum',
  arity: 1,
  doc: opDocs.sum,
  forward: ([x], { axes, keepDims }) => raw('sum', x as Tensor, axes, keepDims),
  backward: (g, { inputs: [x], attrs }) => [
    keep(g, x as Tensor, attrs).expand((x as Tensor).shape),
  ],
});

const meanOp = defineOp<ReduceAttrs>({
  name: 'mean',
  arity: 1,
  doc: opDocs.mean,
  forward([x], { axes, keepDims }) {
    const t = x as Tensor;
    const s = raw('sum', t, axes, keepDims);
    const n = axes.reduce((p, a) => p * (t.shape[a] as number), 1);
    const d = s.data;
    for (let i = 0; i < d.length; i++) d[i] = (d[i] as number) / n;
    return s;
  },
  backward(g, { inputs: [x], attrs }) {
    const t = x as Tensor;
    const n = attrs.axes.reduce((p, a) => p * (t.shape[a] as number), 1);
    return [keep(g, t, attrs).div(n).expand(t.shape)];
  },
});

/** max/min: the gradient goes to the elements equal to the extreme, shared evenly among ties. */
function extremeBackward(g: Tensor, ctx: BackwardContext<ReduceAttrs>): Tensor[] {
  const x = (ctx.inputs[0] as Tensor).detach();
  const y = keep(ctx.output.detach(), x, ctx.attrs);
  const mask = x.eq(y);
  const count = mask.sum(ctx.attrs.axes as number[], true);
  return [keep(g, x, ctx.attrs).mul(mask.div(count))];
}

const maxOp = defineOp<ReduceAttrs>({
  name: 'max',
  arity: 1,
  doc: opDocs.max,
  forward: ([x], { axes, keepDims }) => raw('max', x as Tensor, axes, keepDims),
  backward: extremeBackward,
});

const minOp = defineOp<ReduceAttrs>({
  name: 'min',
  arity: 1,
  doc: opDocs.min,
  forward: ([x], { axes, keepDims }) => raw('min', x as Tensor, axes, keepDims),
  backward: extremeBackward,
});

const logSumExpOp = defineOp<ReduceAttrs>({
  name: 'logSumExp',
  arity: 1,
  doc: opDocs.logSumExp,
  forward([x], { axes, keepDims }) {
    const t = x as Tensor;
    const m = raw('max', t, axes, true);
    const md = m.data;
    for (let i = 0; i < md.length; i++) if (!Number.isFinite(md[i] as number)) md[i] = 0;
    const e = t.sub(m).exp();
    const s = raw('sum', e, axes, keepDims);
    const d = s.data;
    for (let i = 0; i < d.length; i++) d[i] = Math.log(d[i] as number) + (md[i] as number);
    return s;
  },
  backward(g, { inputs: [x], output, attrs }) {
    const t = x as Tensor;
    return [keep(g, t, attrs).mul(t.sub(keep(output, t, attrs)).exp())];
  },
});

function reduceWith(
  op: typeof sumOp,
  where: string,
  x: TensorLike,
  axis: Axis,
  keepDims: boolean,
): Tensor {
  const t = Tensor.from(x, where);
  const axes = normalizeAxes(axis, t.ndim, where);
  return op([t], { axes, keepDims: keepDims === true });
}

/** Sum over `axis` (all axes when omitted). */
export const sum = (x: TensorLike, axis?: Axis, keepDims = false): Tensor =>
  reduceWith(sumOp, 'sum', x, axis, keepDims);
/** Mean over `axis` (all axes when omitted). */
export const mean = (x: TensorLike, axis?: Axis, keepDims = false): Tensor =>
  reduceWith(meanOp, 'mean', x, axis, keepDims);
/** Maximum over `axis`; the gradient is shared evenly among tied maxima. */
export const max = (x: TensorLike, axis?: Axis, keepDims = false): Tensor =>
  reduceWith(maxOp, 'max', x, axis, keepDims);
/** Minimum over `axis`; the gradient is shared evenly among tied minima. */
export const min = (x: TensorLike, axis?: Axis, keepDims = false): Tensor =>
  reduceWith(minOp, 'min', x, axis, keepDims);
/** `log(sum(exp(x)))` over `axis`, computed as `m + log(sum(exp(x - m)))`: stable for large |x|. */
export const logSumExp = (x: TensorLike, axis?: Axis, keepDims = false): Tensor =>
  reduceWith(logSumExpOp, 'logSumExp', x, axis, keepDims);

installTensorMethods({ sum, mean, max, min, logSumExp });
