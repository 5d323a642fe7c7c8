/**
 * `conv1d`: its own op (graphs show `conv1d` nodes), computed by the 2-D kernels with a height of
 * one; its rule reshapes to 2-D and calls the 2-D backward ops.
 */
import { allocate } from '../dtype.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { getKernels } from '../kernels/index.js';
import type { ConvGeometry } from '../kernels/kernels.js';
import { opDocs } from '../op-docs.generated.js';
import { defineOp, type OpFn } from '../registry.js';
import { formatShape } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import {
  type Conv1dAttrs,
  type Conv1dOptions,
  conv1dAs2d,
  conv1dAttrs,
  isOptions,
} from './conv-args.js';
import { convGeometry } from './conv-geometry.js';
import { conv2dInputGradOp, conv2dWeightGradOp, convMacs, convOptions } from './conv-ops.js';
import { sum } from './reduce.js';
import { reshape } from './shape-ops.js';

/** `[N, C, L]` → `[N, C, 1, L]` (or `[C, L]` → `[C, 1, L]`). */
function as2d(shape: readonly number[]): number[] {
  const s = shape.slice();
  s.splice(s.length - 1, 0, 1);
  return s;
}

function geometry(inputs: readonly Tensor[], a: Conv1dAttrs): ConvGeometry {
  const [x, w, b] = inputs as [Tensor, Tensor, Tensor | undefined];
  if (inputs.length !== 2 && inputs.length !== 3)
    throw new ArgumentError(
      `conv1d: expected 2 or 3 inputs (x, weight, bias?), got ${inputs.length}`,
    );
  if (x.ndim !== 3 && x.ndim !== 2)
    throw new ShapeError(`conv1d: expected input [N, C, L] or [C, L], got ${formatShape(x.shape)}`);
  if (w.ndim !== 3) {
    throw new ShapeError(
      `conv1d: expected weight [outChannels, inChannels / groups, k], got ${formatShape(w.shape)}`,
    );
  }
  return convGeometry(
    'conv1d',
    as2d(x.shape),
    as2d(w.shape),
    b === undefined ? null : b.shape,
    conv1dAs2d(a),
    { x: x.shape, w: w.shape },
  );
}

const conv1dOp: OpFn<Conv1dAttrs> = defineOp<Conv1dAttrs>({
  name: 'conv1d',
  arity: 'variadic',
  doc: opDocs.conv1d,
  validate(inputs, a) {
    geometry(inputs, a);
  },
  forward(inputs, a) {
    const [x, w, b] = inputs as [Tensor, Tensor, Tensor | undefined];
    const geo = geometry(inputs, a);
    const out = allocate(x.dtype, geo.n * geo.o * geo.ow);
    getKernels().conv2d(x.data, w.data, b === undefined ? null : b.data, out, geo);
    return Tensor._make(out, x.ndim === 3 ? [geo.n, geo.o, geo.ow] : [geo.o, geo.ow]);
  },
  // The 2-D rule on views with a height of one.
  backward(g, { inputs, attrs, needsInputGrad }) {
    const [x, w, b] = inputs as [Tensor, Tensor, Tensor | undefined];
    const options = convOptions(conv1dAs2d(attrs));
    const g2 = reshape(g, as2d(g.shape));
    const gx = needsInputGrad[0]
      ? reshape(
          conv2dInputGradOp([g2, reshape(w, as2d(w.shape))], {
            ...options,
            inputSize: [1, x.shape[x.ndim - 1] as number],
          }),
          x.shape,
        )
      : null;
    const gw = needsInputGrad[1]
      ? reshape(
          conv2dWeightGradOp([g2, reshape(x, as2d(x.shape))], {
            ...options,
            kernelSize: [1, w.shape[2] as number],
          }),
          w.shape,
        )
      : null;
    if (b === undefined) return [gx, gw];
    if (!needsInputGrad[2]) return [gx, gw, null];
    // Over the length, then the batch: two contiguous sums (see biasGrad).
    return [gx, gw, g.ndim === 3 ? sum(sum(g, [2]), [0]) : sum(g, [1])];
  },
  macs: (inputs, _out, a) => convMacs(geometry(inputs, a)),
});

/**
 * 1-D convolution (cross-correlation, as PyTorch's `F.conv1d`):
 * `y[n, o, i] = bias[o] + Σ_{c, q} x[n, g·C/groups + c, i·stride − padding + q·dilation] · weight[o, c, q]`
 * with zeros outside the input. `x` is `[N, C, L]` (or `[C, L]`), `weight` `[O, C/groups, k]`,
 * `bias` `[O]` or absent; the output is `[N, O, L']`, `L' = ⌊(L + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1`.
 * Options as {@link conv2d}'s with one number each (`padding: 'same'` puts the odd zero at the
 * end). Gradients: those of conv2d with a height of one.
 *
 * @example
 * conv1d(x, w, b, { padding: 'same' }); // x [4, 2, 100], w [8, 2, 5] → [4, 8, 100]
 */
export function conv1d(x: TensorLike, weight: TensorLike, options?: Conv1dOptions): Tensor;
export function conv1d(
  x: TensorLike,
  weight: TensorLike,
  bias?: TensorLike | null,
  options?: Conv1dOptions,
): Tensor;
export function conv1d(
  x: TensorLike,
  weight: TensorLike,
  bias?: TensorLike | Conv1dOptions | null,
  options?: Conv1dOptions,
): Tensor {
  if (isOptions(bias)) {
    options = bias as Conv1dOptions;
    bias = null;
  }
  const t = Tensor.from(x, 'conv1d');
  const w = Tensor.from(weight, 'conv1d', t.dtype);
  const attrs = conv1dAttrs(options);
  if (bias === undefined || bias === null) return conv1dOp([t, w], attrs);
  return conv1dOp([t, w, Tensor.from(bias as TensorLike, 'conv1d', t.dtype)], attrs);
}
