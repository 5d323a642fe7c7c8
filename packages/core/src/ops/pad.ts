/**
 * `pad`, as PyTorch's `F.pad` in its 'constant' and 'reflect' modes. Both are the same loop: each
 * output index along an axis reads one input index (or, in constant mode, none: the fill value),
 * so the backward is that map's adjoint (`padBackward`: a crop in constant mode; in reflect mode
 * the reflected parts are added back onto what they copy). The adjoint of `padBackward` is the
 * padding with value 0, so gradients of any order work.
 */
import { allocate, type TypedArray } from '../dtype.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { ANY_BACKEND, getKernel, registerKernel } from '../kernels/op-kernels.js';
import { opDocs } from '../op-docs.generated.js';
import { defineOp, type OpFn } from '../registry.js';
import { describe, formatShape, type Shape, sizeOf } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { checkOptionKeys } from './pool-geometry.js';

/** How {@link pad} fills: a constant, or the input mirrored at its edges (edge not repeated). */
export type PadMode = 'constant' | 'reflect';

interface PadAttrs {
  /** (left, right) pairs from the last axis backwards, as given. */
  readonly pads: readonly number[];
  readonly mode: PadMode;
  /** The fill value (constant mode). */
  readonly value?: number;
  [k: string]: unknown;
}
interface PadBackwardAttrs extends PadAttrs {
  readonly inputShape: Shape;
}

/**
 * Where the output of `pad` reads, from the first padded axis on: `lead` is the product of the
 * axes before it (copied whole); for each later axis its input and output sizes and, per output
 * index, the input index it reads (-1: the fill value).
 */
interface PadPlan {
  readonly lead: number;
  readonly inDims: readonly number[];
  readonly outDims: readonly number[];
  readonly maps: readonly Int32Array[];
}

/** The padded shape of `shape`, after the checks (PyTorch's rules and messages, in its terms). */
function paddedShape(shape: Shape, pads: readonly number[], mode: PadMode): number[] {
  const r = shape.length;
  if (pads.length / 2 > r) {
    throw new ShapeError(
      `pad: pads ${describe(pads)} cover ${pads.length / 2} axes, but the input ${formatShape(shape)} has ${r}`,
    );
  }
  const out = Array.from(shape);
  for (let p = 0; p < pads.length; p += 2) {
    const d = r - 1 - p / 2;
    const n = shape[d] as number;
    const left = pads[p] as number;
    const right = pads[p + 1] as number;
    if (mode === 'reflect' && (left < 0 || right < 0)) {
      throw new ArgumentError(
        `pad: reflect padding must be non-negative (negative pads crop in constant mode only), got (${left}, ${right}) for axis ${d}`,
      );
    }
    if (mode === 'reflect' && (left >= n || right >= n)) {
      throw new ShapeError(
        `pad: reflect padding must be less than the size of its axis: axis ${d} of ${formatShape(shape)} has size ${n}, got (${left}, ${right})`,
      );
    }
    out[d] = n + left + right;
    if ((out[d] as number) < 0) {
      throw new ShapeError(
        `pad: pads (${left}, ${right}) on axis ${d} of ${formatShape(shape)} (size ${n}) leave a negative size ${out[d]}`,
      );
    }
  }
  return out;
}

function plan(shape: Shape, pads: readonly number[], mode: PadMode): PadPlan {
  const r = shape.length;
  const first = r - pads.length / 2;
  let lead = 1;
  for (let d = 0; d < first; d++) lead *= shape[d] as number;
  const inDims: number[] = [];
  const outDims: number[] = [];
  const maps: Int32Array[] = [];
  for (let d = first; d < r; d++) {
    const n = shape[d] as number;
    const p = 2 * (r - 1 - d);
    const left = pads[p] as number;
    const m = n + left + (pads[p + 1] as number);
    const map = new Int32Array(m);
    for (let j = 0; j < m; j++) {
      let i = j - left;
      if (mode === 'reflect') {
        if (i < 0) i = -i;
        else if (i >= n) i = 2 * (n - 1) - i;
      } else if (i < 0 || i >= n) i = -1;
      map[j] = i;
    }
    inDims.push(n);
    outDims.push(m);
    maps.push(map);
  }
  return { lead, inDims, outDims, maps };
}

/**
 * `out` = `x` read through the plan's maps (`value` where a map says -1); with `adjoint`, the
 * reverse: `x` (shaped as the input, starting at zero) receives each element of `out` at the
 * index it was read from.
 */
function padLoop(
  x: TypedArray,
  p: PadPlan,
  value: number,
  out: TypedArray,
  adjoint: boolean,
): void {
  const k = p.maps.length;
  const inStride = new Array<number>(k + 1).fill(1);
  const outStride = new Array<number>(k + 1).fill(1);
  for (let d = k - 1; d >= 0; d--) {
    inStride[d] = (inStride[d + 1] as number) * (p.inDims[d] as number);
    outStride[d] = (outStride[d + 1] as number) * (p.outDims[d] as number);
  }
  const last = p.maps[k - 1] as Int32Array;
  const walk = (d: number, xo: number, oo: number): void => {
    if (d === k - 1) {
      for (let j = 0; j < last.length; j++) {
        const s = last[j] as number;
        if (adjoint) {
          if (s >= 0) x[xo + s] = (x[xo + s] as number) + (out[oo + j] as number);
        } else out[oo + j] = s >= 0 ? (x[xo + s] as number) : value;
      }
      return;
    }
    const map = p.maps[d] as Int32Array;
    const is = inStride[d + 1] as number;
    const os = outStride[d + 1] as number;
    for (let j = 0; j < map.length; j++) {
      const s = map[j] as number;
      if (s >= 0) walk(d + 1, xo + s * is, oo + j * os);
      else if (!adjoint) out.fill(value, oo + j * os, oo + (j + 1) * os);
    }
  };
  for (let b = 0; b < p.lead; b++)
    walk(0, b * (inStride[0] as number), b * (outStride[0] as number));
}

type PadKernel = (
  x: TypedArray,
  p: PadPlan,
  value: number,
  out: TypedArray,
  adjoint: boolean,
) => void;
registerKernel('pad', ANY_BACKEND, padLoop);
const padKernel = (): PadKernel => (getKernel('pad') as PadKernel | undefined) ?? padLoop;

const padOp: OpFn<PadAttrs> = defineOp<PadAttrs>({
  name: 'pad',
  arity: 1,
  doc: opDocs.pad,
  validate([x], { pads, mode }) {
    paddedShape((x as Tensor).shape, pads, mode);
  },
  forward([x], { pads, mode, value }) {
    const t = x as Tensor;
    const shape = paddedShape(t.shape, pads, mode);
    const out = allocate(t.dtype, sizeOf(shape));
    if (out.length > 0) padKernel()(t.data, plan(t.shape, pads, mode), value ?? 0, out, false);
    return Tensor._make(out, shape);
  },
  backward: (g, { inputs: [x], attrs: { pads, mode } }) => [
    padBackwardOp([g], { pads, mode, inputShape: (x as Tensor).shape }),
  ],
});

/** pad's input gradient: the adjoint of the padding (crop; reflect adds the mirrored parts back). */
const padBackwardOp: OpFn<PadBackwardAttrs> = defineOp<PadBackwardAttrs>({
  name: 'padBackward',
  arity: 1,
  doc: "the adjoint of pad: g cropped to the input (reflect: mirrored parts added back), pad's input gradient (input g; shaped as pad's input)",
  validate([g], { pads, mode, inputShape }) {
    const want = paddedShape(inputShape, pads, mode);
    const got = (g as Tensor).shape;
    if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
      throw new ShapeError(
        `padBackward: expected g of shape ${formatShape(want)}, got ${formatShape(got)}`,
      );
    }
  },
  forward([g], { pads, mode, inputShape }) {
    const t = g as Tensor;
    const gx = allocate(t.dtype, sizeOf(inputShape));
    if (t.size > 0 && gx.length > 0) padKernel()(gx, plan(inputShape, pads, mode), 0, t.data, true);
    return Tensor._make(gx, inputShape);
  },
  // Linear: the adjoint of the adjoint is the padding itself, with 0 as the fill.
  backward: (gg, { attrs: { pads, mode } }) => [
    padOp([gg], mode === 'constant' ? { pads, mode, value: 0 } : { pads, mode }),
  ],
});

/** Options of {@link pad}. */
export interface PadOptions {
  /** 'constant' (default) fills with `value`; 'reflect' mirrors the input at its edges. */
  readonly mode?: PadMode;
  /** The fill value of constant mode (default 0). */
  readonly value?: number;
}

/**
 * Pads `x` as PyTorch's `F.pad`: `pads` lists (left, right) pairs from the last axis backwards
 * (`[l, r]` pads the last axis, `[l, r, t, b]` the last two). 'constant' fills with `value`;
 * negative pads crop. 'reflect' mirrors the input without repeating the edge (`[1,2,3]` padded
 * by (2, 1) is `[3,2,1,2,3,2]`); each pad must be less than its axis's size, on any number of
 * trailing axes (PyTorch: the last 1 to 3 axes of a 2-D to 5-D input). The gradient is the
 * adjoint: the crop of g in constant mode; in reflect mode each mirrored element's gradient is
 * added to the element it copies.
 *
 * @example
 * pad(x, [1, 1, 1, 1]); // [N, C, H, W] → [N, C, H + 2, W + 2], zeros around
 * pad(x, [2, 2], { mode: 'reflect' });
 */
export function pad(x: TensorLike, pads: readonly number[], options: PadOptions = {}): Tensor {
  const t = Tensor.from(x, 'pad');
  checkOptionKeys('pad', options, ['mode', 'value']);
  if (!Array.isArray(pads) || pads.length % 2 !== 0) {
    throw new ArgumentError(
      `pad: expected pads as an array of (left, right) pairs (even length), got ${describe(pads)}`,
    );
  }
  pads.forEach((p, i) => {
    if (typeof p !== 'number' || !Number.isInteger(p)) {
      throw new ArgumentError(`pad: pads must be integers, got ${describe(p)} at position ${i}`);
    }
  });
  const mode = options.mode ?? 'constant';
  if (mode !== 'constant' && mode !== 'reflect') {
    throw new ArgumentError(`pad: mode must be 'constant' or 'reflect', got ${describe(mode)}`);
  }
  const value = options.value ?? 0;
  if (typeof value !== 'number') {
    throw new ArgumentError(`pad: value must be a number, got ${describe(value)}`);
  }
  if (mode === 'reflect' && value !== 0) {
    throw new ArgumentError(`pad: mode 'reflect' takes no value, got value ${describe(value)}`);
  }
  const p = Array.from(pads);
  paddedShape(t.shape, p, mode);
  if (p.every((v) => v === 0)) return t;
  return padOp([t], mode === 'constant' ? { pads: p, mode, value } : { pads: p, mode });
}
