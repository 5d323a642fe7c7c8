/**
 * Pooling layers, as `torch.nn.MaxPool2d`, `AvgPool2d` and `AdaptiveAvgPool2d`: no parameters,
 * the hyper-parameters checked when the layer is built and printed by `toString()`; the work is
 * core's `maxPool2d`, `avgPool2d` and `adaptiveAvgPool2d`.
 */
import {
  type AdaptiveSize,
  ArgumentError,
  type AvgPool2dOptions,
  adaptiveAvgPool2d,
  avgPool2d,
  describe,
  type IntOrPair,
  type MaxPool2dOptions,
  maxPool2d,
  type Tensor,
} from '@gradscope/core';
import { checkFlag } from '../optim/options.js';
import { Module } from './module.js';
import { allEqual, fmt, pairOf } from './spatial.js';

function checkKeys(where: string, o: unknown, known: readonly string[]): Record<string, unknown> {
  if (o === null || typeof o !== 'object' || Array.isArray(o))
    throw new ArgumentError(`${where}: expected an options object, got ${describe(o)}`);
  for (const k of Object.keys(o))
    if (!known.includes(k))
      throw new ArgumentError(`${where}: unknown option '${k}' (known: ${known.join(', ')})`);
  return o as Record<string, unknown>;
}

/** Window geometry shared by the max and average pooling layers ({@link MaxPool2d}, {@link AvgPool2d}). */
export abstract class Pool2d extends Module {
  static override readonly typeName: string = 'Pool2d';
  /** Window size `[kH, kW]`. */
  readonly kernelSize: readonly [number, number];
  /** Step between windows `[sH, sW]` (default: the kernel size). */
  readonly stride: readonly [number, number];
  /** Implicit padding on each side `[padH, padW]`, at most half the kernel. */
  readonly padding: readonly [number, number];
  /** Round the output size up instead of down. */
  readonly ceilMode: boolean;

  protected constructor(where: string, kernelSize: IntOrPair, o: Record<string, unknown>) {
    super();
    this.kernelSize = pairOf(where, 'kernelSize', kernelSize, 1);
    this.stride = o.stride === undefined ? this.kernelSize : pairOf(where, 'stride', o.stride, 1);
    this.padding = pairOf(where, 'padding', o.padding ?? 0, 0);
    this.padding.forEach((p, i) => {
      if (2 * p > (this.kernelSize[i] as number))
        throw new ArgumentError(
          `${where}: padding must be at most half the kernel size, got padding ${fmt(this.padding)} with kernelSize ${fmt(this.kernelSize)}`,
        );
    });
    this.ceilMode = checkFlag(where, 'ceilMode', o.ceilMode ?? false);
  }

  /** The window hyper-parameters as `toString()` prints them (defaults left out). */
  protected geometryRepr(): string[] {
    const parts = [`kernelSize=${fmt(this.kernelSize)}`, `stride=${fmt(this.stride)}`];
    if (!allEqual(this.padding, 0)) parts.push(`padding=${fmt(this.padding)}`);
    if (this.ceilMode) parts.push('ceilMode=true');
    return parts;
  }
}

/**
 * 2-D max pooling layer, as `torch.nn.MaxPool2d`: each output is the maximum of its window
 * (core's `maxPool2d`: padding counts as −∞; the gradient goes to each window's first maximum).
 * `stride` defaults to the kernel size.
 *
 * @example
 * new MaxPool2d(2); // [N, C, 28, 28] → [N, C, 14, 14]
 */
export class MaxPool2d extends Pool2d {
  static override readonly typeName: string = 'MaxPool2d';
  /** Spacing of the elements a window reads `[dH, dW]`. */
  readonly dilation: readonly [number, number];
  constructor(kernelSize: IntOrPair, options: MaxPool2dOptions = {}) {
    const o = checkKeys('MaxPool2d', options, ['stride', 'padding', 'dilation', 'ceilMode']);
    super('MaxPool2d', kernelSize, o);
    this.dilation = pairOf('MaxPool2d', 'dilation', o.dilation ?? 1, 1);
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceilMode: this.ceilMode,
    });
  }

  override extraRepr(): string {
    const parts = this.geometryRepr();
    if (!allEqual(this.dilation, 1)) parts.push(`dilation=${fmt(this.dilation)}`);
    return parts.join(', ');
  }
}

/**
 * 2-D average pooling layer, as `torch.nn.AvgPool2d`: each output is its window's mean (core's
 * `avgPool2d`; with padding, `countIncludePad` (default true) counts the padding in the divisor).
 * `stride` defaults to the kernel size.
 *
 * @example
 * new AvgPool2d(2); // [N, C, 28, 28] → [N, C, 14, 14]
 */
export class AvgPool2d extends Pool2d {
  static override readonly typeName: string = 'AvgPool2d';
  /** Divide by the whole window, padding included (default true), or by its input elements only. */
  readonly countIncludePad: boolean;
  /** Divide every window's sum by this instead (or `null`). */
  readonly divisorOverride: number | null;
  constructor(kernelSize: IntOrPair, options: AvgPool2dOptions = {}) {
    const where = 'AvgPool2d';
    const o = checkKeys(where, options, [
      'stride',
      'padding',
      'ceilMode',
      'countIncludePad',
      'divisorOverride',
    ]);
    super(where, kernelSize, o);
    this.countIncludePad = checkFlag(where, 'countIncludePad', o.countIncludePad ?? true);
    const d = o.divisorOverride;
    if (d !== undefined && !(typeof d === 'number' && Number.isInteger(d) && d !== 0))
      throw new ArgumentError(
        `${where}: divisorOverride must be a non-zero integer, got ${describe(d)}`,
      );
    this.divisorOverride = d ?? null;
  }

  forward(x: Tensor): Tensor {
    const o: AvgPool2dOptions = {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
    };
    return avgPool2d(
      x,
      this.kernelSize,
      this.divisorOverride === null ? o : { ...o, divisorOverride: this.divisorOverride },
    );
  }

  override extraRepr(): string {
    const parts = this.geometryRepr();
    if (!this.countIncludePad) parts.push('countIncludePad=false');
    if (this.divisorOverride !== null) parts.push(`divisorOverride=${this.divisorOverride}`);
    return parts.join(', ');
  }
}

/**
 * Adaptive 2-D average pooling layer, as `torch.nn.AdaptiveAvgPool2d`: pools any `[N, C, H, W]`
 * to `outputSize` (one size for both axes, a pair, `null` keeping an axis), the windows computed
 * from the sizes (core's `adaptiveAvgPool2d`). `new AdaptiveAvgPool2d(1)` is global average pooling.
 *
 * @example
 * new AdaptiveAvgPool2d(1); // [N, C, H, W] → [N, C, 1, 1]
 */
export class AdaptiveAvgPool2d extends Module {
  static override readonly typeName: string = 'AdaptiveAvgPool2d';
  /** The output size per axis (`null`: the input's size). */
  readonly outputSize: readonly [number | null, number | null];
  constructor(outputSize: AdaptiveSize) {
    super();
    const ok = (v: unknown) =>
      v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 1);
    const pair = Array.isArray(outputSize) ? outputSize : [outputSize, outputSize];
    if (pair.length !== 2 || !ok(pair[0]) || !ok(pair[1]))
      throw new ArgumentError(
        `AdaptiveAvgPool2d: outputSize must be a positive integer, null or a pair of them, got ${describe(outputSize)}`,
      );
    this.outputSize = [pair[0] as number | null, pair[1] as number | null];
  }

  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }

  override extraRepr(): string {
    const [h, w] = this.outputSize;
    return h === w ? `outputSize=${h}` : `outputSize=[${h},${w}]`;
  }
}
