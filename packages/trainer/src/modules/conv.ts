/**
 * Convolution layers, as `torch.nn.Conv1d` / `Conv2d`: {@link ConvNd} holds what every
 * convolution layer shares (channels, kernel, stride, padding, dilation, groups, the weight and
 * bias and their PyTorch default initialisation); {@link Conv1d} and {@link Conv2d} call core's
 * `conv1d` / `conv2d` (and `pad` for reflection padding). The transposed convolution is in
 * `conv-transpose.ts`.
 */
import {
  ArgumentError,
  type Conv1dOptions,
  type Conv2dOptions,
  className,
  conv1d,
  conv2d,
  type DType,
  describe,
  formatShape,
  pad,
  type Rng,
  ShapeError,
  type Tensor,
} from '@gradscope/core';
import {
  computeFans,
  getInitializer,
  type Initializer,
  type InitOptions,
  uniform,
} from '../init.js';
import { Module } from './module.js';
import { allEqual, fmt, intAtLeast, padAmounts, tupleOf } from './spatial.js';

/** How a convolution layer fills its padding: zeros, or the input mirrored at its edges. */
export type PaddingMode = 'zeros' | 'reflect';

/** Parameter options shared by the convolution layers. */
export interface ConvInitOptions {
  /** Learn a bias per output channel (default true). */
  bias?: boolean;
  /**
   * Weight initialiser, by name or function (default `'standard'`: U[−1/√fanIn, 1/√fanIn], which
   * is PyTorch's `kaiming_uniform_(w, a=√5)`), with fans computed from the weight's shape as
   * PyTorch does (`fanIn = inChannels / groups · kernel area` for a convolution).
   */
  init?: string | Initializer;
  /** Extra options for the weight initialiser (gain, mode, negativeSlope). */
  initOptions?: InitOptions;
  /** Bias initialiser (default PyTorch's: U[−1/√fanIn, 1/√fanIn] with the weight's fanIn). */
  biasInit?: string | Initializer;
  /** Generator for the initialisers (default core's global generator). */
  rng?: Rng;
  /** Element type (default float32). */
  dtype?: DType;
}

/** Options of {@link Conv2d}: core's `conv2d` options, the padding mode and the parameters'. */
export interface Conv2dLayerOptions extends Conv2dOptions, ConvInitOptions {
  /** `'zeros'` (default) or `'reflect'` (core's `pad` in reflect mode, then an unpadded convolution). */
  paddingMode?: PaddingMode;
}

/** Options of {@link Conv1d}: core's `conv1d` options, the padding mode and the parameters'. */
export interface Conv1dLayerOptions extends Conv1dOptions, ConvInitOptions {
  /** `'zeros'` (default) or `'reflect'`. */
  paddingMode?: PaddingMode;
}

/** The geometry a {@link ConvNd} is built with, read from the options. */
export interface ConvGeometryOptions {
  /** Number of spatial axes (1 or 2). */
  readonly dims: number;
  /** True for a transposed convolution (weight `[in, out / groups, ...k]`). */
  readonly transposed: boolean;
  /** The option names the layer accepts (others are refused, so a misspelling fails). */
  readonly known: readonly string[];
}

const INIT_KEYS = ['bias', 'init', 'initOptions', 'biasInit', 'rng', 'dtype'] as const;

/**
 * What every convolution layer shares, as PyTorch's `_ConvNd`: the hyper-parameters (one number
 * per spatial axis), the weight (`[out, in / groups, ...k]`, or `[in, out / groups, ...k]` when
 * transposed) and bias, initialised as PyTorch's `reset_parameters`.
 */
export abstract class ConvNd extends Module {
  static override readonly typeName: string = 'ConvNd';
  /** Channels of the input. */
  readonly inChannels: number;
  /** Channels of the output. */
  readonly outChannels: number;
  /** Kernel size per spatial axis. */
  readonly kernelSize: readonly number[];
  /** Stride per spatial axis. */
  readonly stride: readonly number[];
  /** Zeros (or reflections) per spatial axis on both sides, or `'same'` / `'valid'`. */
  readonly padding: readonly number[] | 'same' | 'valid';
  /** Spacing of the kernel taps per spatial axis. */
  readonly dilation: readonly number[];
  /** Channel groups (`groups = inChannels`: depthwise). */
  readonly groups: number;
  /** How the padding is filled. */
  readonly paddingMode: PaddingMode;
  /** Learnable weight: `[outChannels, inChannels / groups, ...kernelSize]` (transposed: `[inChannels, outChannels / groups, ...kernelSize]`). */
  readonly weight: Tensor;
  /** Learnable bias `[outChannels]`, or `null` with `bias: false`. */
  readonly bias: Tensor | null;

  protected constructor(
    where: string,
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly number[],
    options: Record<string, unknown> & ConvInitOptions,
    geometry: ConvGeometryOptions,
  ) {
    super();
    if (options === null || typeof options !== 'object' || Array.isArray(options))
      throw new ArgumentError(`${where}: expected an options object, got ${describe(options)}`);
    const known = [...geometry.known, ...INIT_KEYS];
    for (const k of Object.keys(options))
      if (!known.includes(k) && options[k] !== undefined)
        throw new ArgumentError(
          `${where}: unknown option '${k}'; expected one of ${known.map((n) => `'${n}'`).join(', ')}`,
        );
    const n = geometry.dims;
    this.inChannels = intAtLeast(where, 'inChannels', inChannels, 1);
    this.outChannels = intAtLeast(where, 'outChannels', outChannels, 1);
    this.kernelSize = tupleOf(where, 'kernelSize', kernelSize, 1, n);
    this.stride = tupleOf(where, 'stride', options.stride ?? 1, 1, n);
    this.dilation = tupleOf(where, 'dilation', options.dilation ?? 1, 1, n);
    this.groups = intAtLeast(where, 'groups', options.groups ?? 1, 1);
    const p = options.padding ?? 0;
    if (p === 'same' || p === 'valid') {
      if (geometry.transposed)
        throw new ArgumentError(`${where}: padding must be numbers, got ${describe(p)}`);
      if (p === 'same' && this.stride.some((s) => s !== 1))
        throw new ArgumentError(
          `${where}: padding 'same' needs stride 1 (as PyTorch), got stride ${fmt(this.stride)}`,
        );
      this.padding = p;
    } else this.padding = tupleOf(where, 'padding', p, 0, n);
    const mode = options.paddingMode ?? 'zeros';
    if (mode !== 'zeros' && mode !== 'reflect')
      throw new ArgumentError(
        `${where}: paddingMode must be 'zeros' or 'reflect', got ${describe(mode)}`,
      );
    this.paddingMode = mode;
    for (const [name, c] of [
      ['inChannels', this.inChannels],
      ['outChannels', this.outChannels],
    ] as const)
      if (c % this.groups !== 0)
        throw new ArgumentError(
          `${where}: groups (${this.groups}) must divide ${name} (${c}), as each group convolves ${name} / groups channels`,
        );
    const shape = geometry.transposed
      ? [this.inChannels, this.outChannels / this.groups, ...this.kernelSize]
      : [this.outChannels, this.inChannels / this.groups, ...this.kernelSize];
    const common: InitOptions = { dtype: options.dtype ?? 'float32' };
    if (options.rng !== undefined) common.rng = options.rng;
    const init =
      typeof options.init === 'function'
        ? options.init
        : getInitializer(options.init ?? 'standard');
    this.weight = this.registerParameter(
      'weight',
      init(shape, { ...common, ...options.initOptions }),
    );
    if (options.bias === false) this.bias = null;
    else if (options.biasInit !== undefined) {
      const bi =
        typeof options.biasInit === 'function'
          ? options.biasInit
          : getInitializer(options.biasInit);
      this.bias = this.registerParameter('bias', bi([this.outChannels], common));
    } else {
      // PyTorch: bound = 1 / sqrt(fan_in) with fan_in from _calculate_fan_in_and_fan_out(weight).
      const b = 1 / Math.sqrt(computeFans(shape).fanIn);
      this.bias = this.registerParameter(
        'bias',
        uniform([this.outChannels], { ...common, low: -b, high: b }),
      );
    }
  }

  /** Throws a ShapeError naming the layer unless `x` is batched or unbatched with `inChannels` channels. */
  protected checkInput(x: Tensor, names: string): void {
    const n = this.kernelSize.length;
    const ch = x.ndim - n - 1;
    if ((ch !== 0 && ch !== 1) || x.shape[ch] !== this.inChannels)
      throw new ShapeError(
        `${className(this.constructor)}(${this.inChannels}, ${this.outChannels}): expected input ${names} with C = ${this.inChannels}, got ${formatShape(x.shape)}`,
      );
  }

  /** `x` padded by reflection when `paddingMode` is `'reflect'` (then the convolution pads nothing). */
  protected reflect(x: Tensor): Tensor {
    const amounts = padAmounts(this.padding, this.kernelSize, this.dilation);
    return pad(x, amounts.reverse().flat(), { mode: 'reflect' });
  }

  override extraRepr(): string {
    const parts = [
      String(this.inChannels),
      String(this.outChannels),
      `kernelSize=${fmt(this.kernelSize)}`,
      `stride=${fmt(this.stride)}`,
    ];
    if (!allEqual(this.padding, 0)) parts.push(`padding=${fmt(this.padding)}`);
    parts.push(...this.extraHyper());
    if (!allEqual(this.dilation, 1)) parts.push(`dilation=${fmt(this.dilation)}`);
    if (this.groups !== 1) parts.push(`groups=${this.groups}`);
    if (this.bias === null) parts.push('bias=false');
    if (this.paddingMode !== 'zeros') parts.push(`paddingMode='${this.paddingMode}'`);
    return parts.join(', ');
  }

  /** Hyper-parameters a subclass adds to the printout after the padding. */
  protected extraHyper(): string[] {
    return [];
  }
}

const CONV_KEYS = ['stride', 'padding', 'dilation', 'groups', 'paddingMode'];

/**
 * 2-D convolution layer, as `torch.nn.Conv2d`: `y = conv2d(x, weight, bias, { stride, padding,
 * dilation, groups })` on `[N, C_in, H, W]` (or `[C_in, H, W]`) inputs, weight
 * `[C_out, C_in / groups, kH, kW]`, output `[N, C_out, H', W']` with
 * `H' = ⌊(H + 2·padH − dilH·(kH − 1) − 1) / sH⌋ + 1`. Defaults as PyTorch: stride 1, padding 0,
 * weight and bias U[−1/√fanIn, 1/√fanIn] with `fanIn = C_in / groups · kH · kW`.
 * `paddingMode: 'reflect'` mirrors the input at its edges instead of adding zeros.
 *
 * @example
 * new Conv2d(1, 6, 5, { padding: 2 }); // [N, 1, 28, 28] → [N, 6, 28, 28], 156 parameters
 */
export class Conv2d extends ConvNd {
  static override readonly typeName: string = 'Conv2d';
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly [number, number],
    options: Conv2dLayerOptions = {},
  ) {
    super('Conv2d', inChannels, outChannels, kernelSize, options as Record<string, unknown>, {
      dims: 2,
      transposed: false,
      known: CONV_KEYS,
    });
  }

  forward(x: Tensor): Tensor {
    this.checkInput(x, '[N, C, H, W] or [C, H, W]');
    const [sh, sw] = this.stride as [number, number];
    const [dh, dw] = this.dilation as [number, number];
    const o = { stride: [sh, sw], dilation: [dh, dw], groups: this.groups } as const;
    if (this.paddingMode === 'reflect') return conv2d(this.reflect(x), this.weight, this.bias, o);
    const p = this.padding;
    const padding = typeof p === 'string' ? p : ([p[0], p[1]] as [number, number]);
    return conv2d(x, this.weight, this.bias, { ...o, padding });
  }
}

/**
 * 1-D convolution layer, as `torch.nn.Conv1d`: `y = conv1d(x, weight, bias, options)` on
 * `[N, C_in, L]` (or `[C_in, L]`) inputs, weight `[C_out, C_in / groups, k]`, output
 * `[N, C_out, L']` with `L' = ⌊(L + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1`. Defaults
 * and initialisation as {@link Conv2d} (`fanIn = C_in / groups · k`).
 *
 * @example
 * new Conv1d(2, 8, 5, { padding: 'same' }); // [N, 2, 100] → [N, 8, 100]
 */
export class Conv1d extends ConvNd {
  static override readonly typeName: string = 'Conv1d';
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly [number],
    options: Conv1dLayerOptions = {},
  ) {
    super('Conv1d', inChannels, outChannels, kernelSize, options as Record<string, unknown>, {
      dims: 1,
      transposed: false,
      known: CONV_KEYS,
    });
  }

  forward(x: Tensor): Tensor {
    this.checkInput(x, '[N, C, L] or [C, L]');
    const o = {
      stride: this.stride[0] as number,
      dilation: this.dilation[0] as number,
      groups: this.groups,
    };
    if (this.paddingMode === 'reflect') return conv1d(this.reflect(x), this.weight, this.bias, o);
    const p = this.padding;
    return conv1d(x, this.weight, this.bias, {
      ...o,
      padding: typeof p === 'string' ? p : (p[0] as number),
    });
  }
}
