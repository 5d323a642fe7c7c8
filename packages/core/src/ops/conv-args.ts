/**
 * The options of the convolution ops (stride, padding, dilation, groups, output padding):
 * parsing and checking what users pass, and the normalised attributes the ops record (which the
 * graph export shows). Shapes are checked in `conv-geometry.ts`.
 */
import { ArgumentError } from '../errors.js';
import { describe, formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';

/**
 * True when the third argument of a conv function is its options object (the bias left out:
 * `conv2d(x, w, { stride: 2 })`).
 */
export function isOptions(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !(v instanceof Tensor) && !Array.isArray(v);
}

/** An integer for both spatial axes, or one per axis (`[height, width]`). */
export type IntPair = number | readonly [number, number];

/** Options of {@link conv2d} (PyTorch's `F.conv2d` keywords). */
export interface Conv2dOptions {
  /** Step between kernel applications, per axis. Default 1. */
  readonly stride?: IntPair;
  /**
   * Zeros added on both sides of each spatial axis (default 0), or `'valid'` (none) or `'same'`
   * (output as large as the input; stride 1 only; when the total `dilation · (k - 1)` is odd, the
   * extra zero goes on the bottom / right, as PyTorch does).
   */
  readonly padding?: IntPair | 'same' | 'valid';
  /** Spacing between kernel taps, per axis. Default 1. */
  readonly dilation?: IntPair;
  /** Channel groups: input and output channels split into this many independent convolutions. Default 1. */
  readonly groups?: number;
}

/** Options of {@link conv1d}: as {@link Conv2dOptions} with one spatial axis. */
export interface Conv1dOptions {
  /** Step between kernel applications. Default 1. */
  readonly stride?: number | readonly [number];
  /** Zeros added on both ends (default 0), `'valid'` or `'same'` (stride 1 only, extra zero at the end). */
  readonly padding?: number | readonly [number] | 'same' | 'valid';
  /** Spacing between kernel taps. Default 1. */
  readonly dilation?: number | readonly [number];
  /** Channel groups. Default 1. */
  readonly groups?: number;
}

/** Options of {@link convTranspose2d} (PyTorch's `F.conv_transpose2d` keywords). */
export interface ConvTranspose2dOptions {
  /** The stride of the convolution this transposes. Default 1. */
  readonly stride?: IntPair;
  /** The padding of the convolution this transposes: removed from each side of the output. Default 0. */
  readonly padding?: IntPair;
  /** Rows / columns added on the bottom / right of the output (less than the stride or the dilation). Default 0. */
  readonly outputPadding?: IntPair;
  /** Spacing between kernel taps. Default 1. */
  readonly dilation?: IntPair;
  /** Channel groups. Default 1. */
  readonly groups?: number;
}

/** The padding an op records: a pair, or `'same'` (resolved from the kernel size). */
export type PaddingAttr = readonly [number, number] | 'same';

/** What a 2-D convolution op records (the graph export shows these). */
export interface ConvAttrs {
  readonly stride: readonly [number, number];
  readonly padding: PaddingAttr;
  readonly dilation: readonly [number, number];
  readonly groups: number;
  [key: string]: unknown;
}

/** What `convTranspose2d` records. */
export interface ConvTransposeAttrs extends ConvAttrs {
  readonly padding: readonly [number, number];
  readonly outputPadding: readonly [number, number];
}

/** What `conv1d` records: one number per option. */
export interface Conv1dAttrs {
  readonly stride: number;
  readonly padding: number | 'same';
  readonly dilation: number;
  readonly groups: number;
  [key: string]: unknown;
}

function intOption(op: string, name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    const what = min === 0 ? 'a non-negative integer' : 'a positive integer';
    throw new ArgumentError(`${op}: ${name} must be ${what}, got ${describe(v)}`);
  }
  return v;
}

/** An integer or a pair of integers `>= min`, as a pair. */
function pairOption(
  op: string,
  name: string,
  v: unknown,
  fallback: number,
  min: number,
): [number, number] {
  if (v === undefined) return [fallback, fallback];
  if (Array.isArray(v)) {
    if (v.length !== 2) {
      throw new ArgumentError(
        `${op}: ${name} must be an integer or a pair [height, width], got ${describe(v)}`,
      );
    }
    return [intOption(op, `${name}[0]`, v[0], min), intOption(op, `${name}[1]`, v[1], min)];
  }
  const n = intOption(op, name, v, min);
  return [n, n];
}

/** An integer or a one-element array of an integer `>= min`. */
function singleOption(op: string, name: string, v: unknown, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  if (Array.isArray(v)) {
    if (v.length !== 1)
      throw new ArgumentError(`${op}: ${name} must be an integer or [integer], got ${describe(v)}`);
    return intOption(op, `${name}[0]`, v[0], min);
  }
  return intOption(op, name, v, min);
}

function optionsObject(op: string, options: unknown): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options))
    throw new ArgumentError(`${op}: expected an options object, got ${describe(options)}`);
  return options as Record<string, unknown>;
}

function checkKeys(op: string, o: Record<string, unknown>, known: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!known.includes(k) && o[k] !== undefined) {
      throw new ArgumentError(
        `${op}: unknown option '${k}'; expected one of ${known.map((n) => `'${n}'`).join(', ')}`,
      );
    }
  }
}

function groupsOption(op: string, v: unknown): number {
  return v === undefined ? 1 : intOption(op, 'groups', v, 1);
}

function sameStrideCheck(op: string, stride: readonly number[]): void {
  if (stride.some((s) => s !== 1)) {
    throw new ArgumentError(
      `${op}: padding 'same' needs stride 1 (as PyTorch), got stride ${describe(stride.length === 1 ? stride[0] : stride)}`,
    );
  }
}

/** Parses {@link Conv2dOptions} into the attributes `conv2d` records. */
export function conv2dAttrs(options: Conv2dOptions | undefined, op = 'conv2d'): ConvAttrs {
  const o = optionsObject(op, options);
  checkKeys(op, o, ['stride', 'padding', 'dilation', 'groups']);
  const stride = pairOption(op, 'stride', o.stride, 1, 1);
  const dilation = pairOption(op, 'dilation', o.dilation, 1, 1);
  const groups = groupsOption(op, o.groups);
  let padding: PaddingAttr;
  if (o.padding === 'same') {
    sameStrideCheck(op, stride);
    padding = 'same';
  } else if (o.padding === 'valid') padding = [0, 0];
  else if (typeof o.padding === 'string') {
    throw new ArgumentError(
      `${op}: padding must be an integer, a pair, 'same' or 'valid', got ${describe(o.padding)}`,
    );
  } else padding = pairOption(op, 'padding', o.padding, 0, 0);
  return { stride, padding, dilation, groups };
}

/** Parses {@link Conv1dOptions} into the attributes `conv1d` records. */
export function conv1dAttrs(options: Conv1dOptions | undefined): Conv1dAttrs {
  const op = 'conv1d';
  const o = optionsObject(op, options);
  checkKeys(op, o, ['stride', 'padding', 'dilation', 'groups']);
  const stride = singleOption(op, 'stride', o.stride, 1, 1);
  const dilation = singleOption(op, 'dilation', o.dilation, 1, 1);
  const groups = groupsOption(op, o.groups);
  let padding: number | 'same';
  if (o.padding === 'same') {
    sameStrideCheck(op, [stride]);
    padding = 'same';
  } else if (o.padding === 'valid') padding = 0;
  else if (typeof o.padding === 'string') {
    throw new ArgumentError(
      `${op}: padding must be an integer, 'same' or 'valid', got ${describe(o.padding)}`,
    );
  } else padding = singleOption(op, 'padding', o.padding, 0, 0);
  return { stride, padding, dilation, groups };
}

/** The 2-D attributes a `conv1d` runs with (a height of 1). */
export function conv1dAs2d(a: Conv1dAttrs): ConvAttrs {
  return {
    stride: [1, a.stride],
    padding: a.padding === 'same' ? 'same' : [0, a.padding],
    dilation: [1, a.dilation],
    groups: a.groups,
  };
}

/** Parses {@link ConvTranspose2dOptions} into the attributes `convTranspose2d` records. */
export function convTranspose2dAttrs(
  options: ConvTranspose2dOptions | undefined,
): ConvTransposeAttrs {
  const op = 'convTranspose2d';
  const o = optionsObject(op, options);
  checkKeys(op, o, ['stride', 'padding', 'outputPadding', 'dilation', 'groups']);
  const stride = pairOption(op, 'stride', o.stride, 1, 1);
  const dilation = pairOption(op, 'dilation', o.dilation, 1, 1);
  const groups = groupsOption(op, o.groups);
  if (typeof o.padding === 'string') {
    throw new ArgumentError(
      `${op}: padding must be an integer or a pair (no 'same' or 'valid', as PyTorch), got ${describe(o.padding)}`,
    );
  }
  const padding = pairOption(op, 'padding', o.padding, 0, 0);
  const outputPadding = pairOption(op, 'outputPadding', o.outputPadding, 0, 0);
  for (let a = 0; a < 2; a++) {
    const p = outputPadding[a] as number;
    if (p >= Math.max(stride[a] as number, dilation[a] as number)) {
      throw new ArgumentError(
        `${op}: outputPadding must be smaller than the stride or the dilation on each axis, got outputPadding ${formatShape(outputPadding)} with stride ${formatShape(stride)} and dilation ${formatShape(dilation)}`,
      );
    }
  }
  return { stride, padding, outputPadding, dilation, groups };
}
