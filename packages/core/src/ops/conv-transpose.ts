/**
 * `convTranspose2d`: the adjoint of conv2d in its input, run by the same kernel as conv2d's input
 * gradient. Its rule mirrors conv2d's: the input gradient is a convolution of the output gradient
 * with the weight, the weight gradient `conv2dWeightGrad` with input and output gradient in each
 * other's places, the bias gradient a sum.
 */
import { allocate } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import { getKernels } from '../kernels/index.js';
import { opDocs } from '../op-docs.generated.js';
import { defineOp, type OpFn } from '../registry.js';
import { Tensor, type TensorLike } from '../tensor.js';
import {
  type ConvTranspose2dOptions,
  type ConvTransposeAttrs,
  convTranspose2dAttrs,
  isOptions,
} from './conv-args.js';
import { transposeGeometry } from './conv-geometry.js';
import {
  biasGrad,
  conv2dOp,
  conv2dWeightGradOp,
  convMacs,
  convOptions,
  cropTo,
} from './conv-ops.js';

function geometry(inputs: readonly Tensor[], a: ConvTransposeAttrs) {
  if (inputs.length !== 2 && inputs.length !== 3) {
    throw new ArgumentError(
      `convTranspose2d: expected 2 or 3 inputs (x, weight, bias?), got ${inputs.length}`,
    );
  }
  const [x, w, b] = inputs as [Tensor, Tensor, Tensor | undefined];
  return transposeGeometry(
    'convTranspose2d',
    x.shape,
    w.shape,
    b === undefined ? null : b.shape,
    a,
  );
}

const convTranspose2dOp: OpFn<ConvTransposeAttrs> = defineOp<ConvTransposeAttrs>({
  name: 'convTranspose2d',
  arity: 'variadic',
  doc: opDocs.convTranspose2d,
  validate(inputs, a) {
    geometry(inputs, a);
  },
  forward(inputs, a) {
    const [x, w, b] = inputs as [Tensor, Tensor, Tensor | undefined];
    const { outShape, geo } = geometry(inputs, a);
    const out = allocate(x.dtype, geo.n * geo.c * geo.h * geo.w);
    getKernels().conv2dInputGrad(x.data, w.data, out, geo);
    if (b !== undefined) {
      const plane = geo.h * geo.w;
      for (let n = 0; n < geo.n; n++) {
        for (let c = 0; c < geo.c; c++) {
          const v = b.data[c] as number;
          const at = (n * geo.c + c) * plane;
          for (let s = at; s < at + plane; s++) out[s] = (out[s] as number) + v;
        }
      }
    }
    return Tensor._make(out, outShape);
  },
  // y = Aᵀ_w x + b for the convolution A_w whose input has y's shape.
  backward(g, { inputs, attrs, needsInputGrad }) {
    const [x, w, b] = inputs as [Tensor, Tensor, Tensor | undefined];
    const options = convOptions(attrs);
    const gx = needsInputGrad[0] ? cropTo(conv2dOp([g, w], options), x.shape) : null;
    const gw = needsInputGrad[1]
      ? conv2dWeightGradOp([x, g], {
          ...options,
          kernelSize: [w.shape[2] as number, w.shape[3] as number],
        })
      : null;
    if (b === undefined) return [gx, gw];
    return [gx, gw, needsInputGrad[2] ? biasGrad(g) : null];
  },
  macs: (inputs, _out, a) => convMacs(geometry(inputs, a).geo),
});

/**
 * 2-D transposed convolution (as PyTorch's `F.conv_transpose2d`), the adjoint of {@link conv2d}
 * in its input: each input element adds `x[n, c, i, j] · weight[c, o, p, q]` to output
 * `[n, g·O/groups + o, i·sH − padH + p·dilH, j·sW − padW + q·dilW]`, plus `bias[o]`. `x` is
 * `[N, C_in, H, W]` (or `[C_in, H, W]`), `weight` `[C_in, C_out/groups, kH, kW]`, `bias`
 * `[C_out]` or absent; the output is `[N, C_out, H', W']` with
 * `H' = (H − 1)·sH − 2·padH + dilH·(kH − 1) + outputPadH + 1` (output padding, smaller than the
 * stride or the dilation, adds rows / columns at the bottom / right). It is conv2d's input
 * gradient, so its gradients are a conv2d of the output gradient with the weight (x), the
 * weight gradient of that conv2d (weight) and a sum (bias).
 *
 * @example
 * convTranspose2d(x, w, b, { stride: 2, padding: 1, outputPadding: 1 }); // x [1, 16, 8, 8], w [16, 8, 3, 3] → [1, 8, 16, 16]
 */
export function convTranspose2d(
  x: TensorLike,
  weight: TensorLike,
  options?: ConvTranspose2dOptions,
): Tensor;
export function convTranspose2d(
  x: TensorLike,
  weight: TensorLike,
  bias?: TensorLike | null,
  options?: ConvTranspose2dOptions,
): Tensor;
export function convTranspose2d(
  x: TensorLike,
  weight: TensorLike,
  bias?: TensorLike | ConvTranspose2dOptions | null,
  options?: ConvTranspose2dOptions,
): Tensor {
  if (isOptions(bias)) {
    options = bias as ConvTranspose2dOptions;
    bias = null;
  }
  const t = Tensor.from(x, 'convTranspose2d');
  const w = Tensor.from(weight, 'convTranspose2d', t.dtype);
  const attrs = convTranspose2dAttrs(options);
  if (bias === undefined || bias === null) return convTranspose2dOp([t, w], attrs);
  return convTranspose2dOp(
    [t, w, Tensor.from(bias as TensorLike, 'convTranspose2d', t.dtype)],
    attrs,
  );
}
