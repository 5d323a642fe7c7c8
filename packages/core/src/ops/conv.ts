/**
 * Convolutions, as PyTorch's `torch.nn.functional`: {@link conv2d}, {@link conv1d} and
 * {@link convTranspose2d}, on channels-first data (`[N, C, H, W]`, weights `[O, C/groups, kH, kW]`).
 * The ops and their backward ops are registered in `conv-ops.ts`, `conv1d.ts` and
 * `conv-transpose.ts`; their options are parsed in `conv-args.ts`.
 */
import { Tensor, type TensorLike } from '../tensor.js';
import { type Conv2dOptions, conv2dAttrs, isOptions } from './conv-args.js';
import { conv2dOp } from './conv-ops.js';

export type {
  Conv1dOptions,
  Conv2dOptions,
  ConvTranspose2dOptions,
  IntPair,
} from './conv-args.js';
export { convTranspose2d } from './conv-transpose.js';
export { conv1d } from './conv1d.js';

/**
 * 2-D convolution (cross-correlation, as PyTorch's `F.conv2d`):
 * `y[n, o, i, j] = bias[o] + Σ_{c, p, q} x[n, g·C/groups + c, i·sH − padH + p·dilH, j·sW − padW + q·dilW] · weight[o, c, p, q]`,
 * summed over the `C/groups` input channels of output channel `o`'s group `g` and the kernel
 * taps; reads outside the input are zeros. `x` is `[N, C, H, W]` (or unbatched `[C, H, W]`),
 * `weight` `[O, C/groups, kH, kW]`, `bias` `[O]` or absent; the output is `[N, O, H', W']` with
 * `H' = ⌊(H + 2·padH − dilH·(kH − 1) − 1) / sH⌋ + 1`. Options: `stride`, `padding` (a number, a
 * pair, `'valid'`, or `'same'`: stride 1, the odd zero of the total `dil·(k − 1)` at the bottom /
 * right), `dilation`, `groups` (`groups = C` is a depthwise convolution). Linear in x and in the
 * weight: the gradients are a transposed convolution of the output gradient with the weight
 * (`conv2dInputGrad`), its correlation with the input summed over the batch (`conv2dWeightGrad`)
 * and its sum over batch and space (the bias).
 *
 * @example
 * conv2d(x, w, b, { stride: 2, padding: 1 }); // x [8, 3, 32, 32], w [16, 3, 3, 3] → [8, 16, 16, 16]
 * conv2d(x, w, { padding: 'same' });          // no bias
 */
export function conv2d(x: TensorLike, weight: TensorLike, options?: Conv2dOptions): Tensor;
export function conv2d(
  x: TensorLike,
  weight: TensorLike,
  bias?: TensorLike | null,
  options?: Conv2dOptions,
): Tensor;
export function conv2d(
  x: TensorLike,
  weight: TensorLike,
  bias?: TensorLike | Conv2dOptions | null,
  options?: Conv2dOptions,
): Tensor {
  if (isOptions(bias)) {
    options = bias as Conv2dOptions;
    bias = null;
  }
  const t = Tensor.from(x, 'conv2d');
  const w = Tensor.from(weight, 'conv2d', t.dtype);
  const attrs = conv2dAttrs(options);
  if (bias === undefined || bias === null) return conv2dOp([t, w], attrs);
  return conv2dOp([t, w, Tensor.from(bias as TensorLike, 'conv2d', t.dtype)], attrs);
}
