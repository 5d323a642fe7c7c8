import {
  ArgumentError,
  type ConvTranspose2dOptions,
  convTranspose2d,
  type Tensor,
} from '@gradscope/core';
import { type ConvInitOptions, ConvNd } from './conv.js';
import { allEqual, fmt, tupleOf } from './spatial.js';

/** Options of {@link ConvTranspose2d}: core's `convTranspose2d` options and the parameters'. */
export interface ConvTranspose2dLayerOptions extends ConvTranspose2dOptions, ConvInitOptions {}

/**
 * 2-D transposed convolution layer, as `torch.nn.ConvTranspose2d` (the adjoint of a
 * {@link Conv2d} in its input; "deconvolution" in decoders and GANs): on `[N, C_in, H, W]` (or
 * `[C_in, H, W]`) with weight `[C_in, C_out / groups, kH, kW]`, output `[N, C_out, H', W']` with
 * `H' = (H − 1)·sH − 2·padH + dilH·(kH − 1) + outputPadH + 1`. `outputPadding` (less than the
 * stride or the dilation) picks among the input sizes a strided convolution maps to the same
 * output size. Initialised as PyTorch: weight and bias U[−1/√fanIn, 1/√fanIn] with fanIn computed
 * on the weight's own layout, `C_out / groups · kH · kW` (PyTorch's `_calculate_fan_in_and_fan_out`
 * reads dimension 1 as the input).
 *
 * @example
 * new ConvTranspose2d(16, 8, 3, { stride: 2, padding: 1, outputPadding: 1 }); // [N, 16, 8, 8] → [N, 8, 16, 16]
 */
export class ConvTranspose2d extends ConvNd {
  static override readonly typeName: string = 'ConvTranspose2d';
  /** Extra rows / columns at the bottom / right of the output, per axis. */
  readonly outputPadding: readonly number[];
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly [number, number],
    options: ConvTranspose2dLayerOptions = {},
  ) {
    super(
      'ConvTranspose2d',
      inChannels,
      outChannels,
      kernelSize,
      options as Record<string, unknown>,
      {
        dims: 2,
        transposed: true,
        known: ['stride', 'padding', 'outputPadding', 'dilation', 'groups'],
      },
    );
    this.outputPadding = tupleOf(
      'ConvTranspose2d',
      'outputPadding',
      options.outputPadding ?? 0,
      0,
      2,
    );
    this.outputPadding.forEach((op, i) => {
      const s = this.stride[i] as number;
      const d = this.dilation[i] as number;
      if (op >= s && op >= d)
        throw new ArgumentError(
          `ConvTranspose2d: outputPadding must be smaller than the stride or the dilation, got outputPadding ${fmt(this.outputPadding)} with stride ${fmt(this.stride)} and dilation ${fmt(this.dilation)}`,
        );
    });
  }

  forward(x: Tensor): Tensor {
    this.checkInput(x, '[N, C, H, W] or [C, H, W]');
    const pair = (v: readonly number[]) => [v[0], v[1]] as [number, number];
    return convTranspose2d(x, this.weight, this.bias, {
      stride: pair(this.stride),
      padding: pair(this.padding as readonly number[]),
      outputPadding: pair(this.outputPadding),
      dilation: pair(this.dilation),
      groups: this.groups,
    });
  }

  protected override extraHyper(): string[] {
    return allEqual(this.outputPadding, 0) ? [] : [`outputPadding=${fmt(this.outputPadding)}`];
  }
}
