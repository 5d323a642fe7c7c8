/**
 * The geometry of the convolution ops: output sizes, padding resolved from `'same'`, and the
 * shape checks (each error names the op, what it expected and what came) that turn an op's
 * inputs and attributes into the {@link ConvGeometry} the kernels read.
 */
import { ShapeError } from '../errors.js';
import type { ConvGeometry } from '../kernels/kernels.js';
import { describe, formatShape, type Shape } from '../shape.js';
import type { ConvAttrs, ConvTransposeAttrs, PaddingAttr } from './conv-args.js';

/**
 * Padding before and after each spatial axis: `[top, bottom, left, right]`. For `'same'` the
 * total `dilation · (k - 1)` is split with the extra zero at the end (as PyTorch).
 */
export function resolvePadding(
  padding: PaddingAttr,
  dilation: readonly [number, number],
  kh: number,
  kw: number,
): [number, number, number, number] {
  if (padding !== 'same') return [padding[0], padding[0], padding[1], padding[1]];
  const th = dilation[0] * (kh - 1);
  const tw = dilation[1] * (kw - 1);
  return [th >> 1, th - (th >> 1), tw >> 1, tw - (tw >> 1)];
}

/** Output length of a convolution along one axis (0 or less when the kernel does not fit). */
export function convOutSize(
  size: number,
  before: number,
  after: number,
  k: number,
  stride: number,
  dilation: number,
): number {
  return Math.floor((size + before + after - dilation * (k - 1) - 1) / stride) + 1;
}

/** Formats the spatial part of a shape for messages: `28x28`. */
function spatial(shape: Shape): string {
  return shape.join('x');
}

/**
 * Checks input `[N, C, H, W]` (or `[C, H, W]`) against weight `[O, C / groups, kH, kW]` and the
 * bias (`[O]` or null) for `op`, and returns the geometry of the convolution. `rank` is the
 * number of spatial axes of the user-facing op (1 for conv1d, whose shapes are reported as given).
 */
export function convGeometry(
  op: string,
  x: Shape,
  w: Shape,
  bias: Shape | null,
  a: ConvAttrs,
  shown: { x: Shape; w: Shape } = { x, w },
): ConvGeometry {
  const sp = shown.x.length === x.length ? 2 : 1;
  const names = sp === 2 ? '[N, C, H, W] or [C, H, W]' : '[N, C, L] or [C, L]';
  const wName =
    sp === 2
      ? '[outChannels, inChannels / groups, kH, kW]'
      : '[outChannels, inChannels / groups, k]';
  if (x.length !== 4 && x.length !== 3)
    throw new ShapeError(`${op}: expected input ${names}, got ${formatShape(shown.x)}`);
  if (w.length !== 4)
    throw new ShapeError(`${op}: expected weight ${wName}, got ${formatShape(shown.w)}`);
  const batched = x.length === 4;
  const n = batched ? (x[0] as number) : 1;
  const [c, h, wd] = batched ? [x[1], x[2], x[3]] : [x[0], x[1], x[2]];
  const [o, cg, kh, kw] = w as [number, number, number, number];
  const groups = a.groups;
  if ((c as number) % groups !== 0) {
    throw new ShapeError(
      `${op}: groups (${groups}) must divide the input channels, got input ${formatShape(shown.x)} with ${c} channels`,
    );
  }
  if (o % groups !== 0) {
    throw new ShapeError(
      `${op}: groups (${groups}) must divide the output channels, got weight ${formatShape(shown.w)} with ${o} output channels`,
    );
  }
  if (cg * groups !== c) {
    throw new ShapeError(
      `${op}: channel mismatch: input ${formatShape(shown.x)} has ${c} channels, so with groups=${groups} weight ${formatShape(shown.w)} needs ${(c as number) / groups} input channels (dimension 1), got ${cg}`,
    );
  }
  if (bias !== null && (bias.length !== 1 || bias[0] !== o)) {
    throw new ShapeError(
      `${op}: expected bias [${o}] for weight ${formatShape(shown.w)}, got ${formatShape(bias)}`,
    );
  }
  const [pt, pb, pl, pr] = resolvePadding(a.padding, a.dilation, kh, kw);
  const oh = convOutSize(h as number, pt, pb, kh, a.stride[0], a.dilation[0]);
  const ow = convOutSize(wd as number, pl, pr, kw, a.stride[1], a.dilation[1]);
  if (oh < 1 || ow < 1) {
    const k = sp === 2 ? `${spatial([kh, kw])}` : `${kw}`;
    const dk =
      sp === 2
        ? spatial([a.dilation[0] * (kh - 1) + 1, a.dilation[1] * (kw - 1) + 1])
        : `${a.dilation[1] * (kw - 1) + 1}`;
    const padded =
      sp === 2
        ? spatial([(h as number) + pt + pb, (wd as number) + pl + pr])
        : `${(wd as number) + pl + pr}`;
    throw new ShapeError(
      `${op}: kernel ${k} (${dk} with dilation) is larger than the padded input ${padded} (input ${formatShape(shown.x)}, padding ${describe(a.padding === 'same' ? 'same' : sp === 2 ? a.padding : a.padding[1])})`,
    );
  }
  return {
    n,
    c: c as number,
    h: h as number,
    w: wd as number,
    o,
    kh,
    kw,
    oh,
    ow,
    sh: a.stride[0],
    sw: a.stride[1],
    ph: pt,
    pw: pl,
    dh: a.dilation[0],
    dw: a.dilation[1],
    groups,
  };
}

/**
 * The geometry of a convolution whose output size is given (the backward ops: `g` is the output
 * gradient `[N, O, oh, ow]` or `[O, oh, ow]`, `x` the input's shape, `w` the weight's). The output
 * may be smaller than the natural one (a transposed convolution's output padding), never larger.
 */
export function gradGeometry(op: string, g: Shape, x: Shape, w: Shape, a: ConvAttrs): ConvGeometry {
  const geo = convGeometry(op, x, w, null, a);
  const batched = g.length === 4;
  const [o, oh, ow] = batched ? [g[1], g[2], g[3]] : [g[0], g[1], g[2]];
  if (
    (g.length !== 4 && g.length !== 3) ||
    g.length !== x.length ||
    (batched && g[0] !== geo.n) ||
    o !== geo.o ||
    (oh as number) > geo.oh ||
    (ow as number) > geo.ow
  ) {
    throw new ShapeError(
      `${op}: expected a gradient of the convolution's output [${batched ? `${geo.n}, ` : ''}${geo.o}, <=${geo.oh}, <=${geo.ow}] for input ${formatShape(x)} and weight ${formatShape(w)}, got ${formatShape(g)}`,
    );
  }
  return { ...geo, oh: oh as number, ow: ow as number };
}

/**
 * Checks input `[N, C_in, H, W]` (or `[C_in, H, W]`), weight `[C_in, C_out / groups, kH, kW]`
 * and bias (`[C_out]` or null) of a transposed convolution, and returns the shape of its output
 * together with the geometry of the convolution it transposes (whose input is that output).
 */
export function transposeGeometry(
  op: string,
  x: Shape,
  w: Shape,
  bias: Shape | null,
  a: ConvTransposeAttrs,
): { readonly outShape: number[]; readonly geo: ConvGeometry } {
  if (x.length !== 4 && x.length !== 3)
    throw new ShapeError(`${op}: expected input [N, C, H, W] or [C, H, W], got ${formatShape(x)}`);
  if (w.length !== 4) {
    throw new ShapeError(
      `${op}: expected weight [inChannels, outChannels / groups, kH, kW], got ${formatShape(w)}`,
    );
  }
  const batched = x.length === 4;
  const [c, h, wd] = (batched ? x.slice(1) : x) as [number, number, number];
  const [ci, cog, kh, kw] = w as [number, number, number, number];
  const groups = a.groups;
  if (c % groups !== 0) {
    throw new ShapeError(
      `${op}: groups (${groups}) must divide the input channels, got input ${formatShape(x)} with ${c} channels`,
    );
  }
  if (ci !== c) {
    throw new ShapeError(
      `${op}: channel mismatch: input ${formatShape(x)} has ${c} channels but weight ${formatShape(w)} expects ${ci} (dimension 0)`,
    );
  }
  const co = cog * groups;
  if (bias !== null && (bias.length !== 1 || bias[0] !== co)) {
    throw new ShapeError(
      `${op}: expected bias [${co}] for weight ${formatShape(w)} and groups=${groups}, got ${formatShape(bias)}`,
    );
  }
  const size = (len: number, ax: 0 | 1, k: number) =>
    (len - 1) * a.stride[ax] -
    2 * a.padding[ax] +
    a.dilation[ax] * (k - 1) +
    a.outputPadding[ax] +
    1;
  const th = size(h, 0, kh);
  const tw = size(wd, 1, kw);
  if (th < 1 || tw < 1 || h < 1 || wd < 1) {
    throw new ShapeError(
      `${op}: the output would be ${th}x${tw} for input ${formatShape(x)}, weight ${formatShape(w)}, stride ${formatShape(a.stride)}, padding ${formatShape(a.padding)} and dilation ${formatShape(a.dilation)}; expected at least 1x1 (less padding)`,
    );
  }
  const n = batched ? (x[0] as number) : 1;
  const outShape = batched ? [n, co, th, tw] : [co, th, tw];
  return {
    outShape,
    geo: {
      n,
      c: co,
      h: th,
      w: tw,
      o: c,
      kh,
      kw,
      oh: h,
      ow: wd,
      sh: a.stride[0],
      sw: a.stride[1],
      ph: a.padding[0],
      pw: a.padding[1],
      dh: a.dilation[0],
      dw: a.dilation[1],
      groups,
    },
  };
}
