/** Ops that move data without arithmetic: reshape, permute, expand, slice, gather, concat, cast. */
import { allocate, checkDType, type DType } from '../dtype.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { getKernels } from '../kernels/index.js';
import { broadcastStrides } from '../kernels/reference.js';
import { opDocs } from '../op-docs.generated.js';
import { defineOp, type OpFn } from '../registry.js';
import {
  broadcastShapes,
  checkShape,
  copyShape,
  describe,
  formatShape,
  normalizeAxis,
  type Shape,
  sameShape,
  sizeOf,
  stridesOf,
} from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { installTensorMethods } from '../tensor-methods.js';

// --- reshape ---------------------------------------------------------------------------------

const reshapeOp = defineOp<{ shape: readonly number[] }>({
  name: 'reshape',
  arity: 1,
  doc: opDocs.reshape,
  forward: ([x], { shape }) => Tensor._make((x as Tensor).data, shape),
  backward: (g, { inputs: [x] }) => [g.reshape((x as Tensor).shape)],
});

/** Same elements in a new shape; one entry may be -1 (inferred). Shares the data buffer. */
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  const t = Tensor.from(x, 'reshape');
  if (!Array.isArray(shape))
    throw new ShapeError(`reshape: expected a shape array, got ${describe(shape)}`);
  const s = copyShape(shape);
  const infer = s.indexOf(-1);
  if (infer !== -1) {
    if (s.indexOf(-1, infer + 1) !== -1)
      throw new ShapeError(`reshape: only one -1 allowed, got ${formatShape(shape)}`);
    s[infer] = 1;
    const rest = sizeOf(checkShape(s, 'reshape'));
    if (rest === 0 || t.size % rest !== 0) {
      throw new ShapeError(
        `reshape: cannot reshape ${formatShape(t.shape)} (${t.size} elements) into ${formatShape(shape)}`,
      );
    }
    s[infer] = t.size / rest;
  }
  const target = checkShape(s, 'reshape');
  if (sizeOf(target) !== t.size) {
    throw new ShapeError(
      `reshape: cannot reshape ${formatShape(t.shape)} (${t.size} elements) into ${formatShape(shape)} (${sizeOf(target)} elements)`,
    );
  }
  if (sameShape(target, t.shape)) return t;
  return reshapeOp([t], { shape: target });
}

// --- permute ---------------------------------------------------------------------------------

const permuteOp = defineOp<{ perm: readonly number[] }>({
  name: 'permute',
  arity: 1,
  doc: opDocs.permute,
  forward([x], { perm }) {
    const t = x as Tensor;
    const out = allocate(t.dtype, t.size);
    getKernels().permute(t.data, t.shape, perm, out);
    return Tensor._make(
      out,
      perm.map((p) => t.shape[p] as number),
    );
  },
  backward(g, { attrs: { perm } }) {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => {
      inv[p] = i;
    });
    return [g.permute(inv)];
  },
});

/** Reorders axes: output axis i is input axis `perm[i]` (copies the data). */
export function permute(x: TensorLike, perm: readonly number[]): Tensor {
  const t = Tensor.from(x, 'permute');
  if (!Array.isArray(perm) || perm.length !== t.ndim) {
    throw new ShapeError(
      `permute: expected a permutation of ${t.ndim} axes for shape ${formatShape(t.shape)}, got ${describe(perm)}`,
    );
  }
  const p = perm.map((a) => normalizeAxis(a, t.ndim, 'permute'));
  if (new Set(p).size !== p.length)
    throw new ShapeError(`permute: repeated axis in ${describe(perm)}`);
  if (p.every((a, i) => a === i)) return t;
  return permuteOp([t], { perm: p });
}

/**
 * NumPy's transpose: no argument reverses the axes (a matrix's transpose); with `axes`, the same
 * as {@link permute}.
 */
export function transpose(x: TensorLike, axes?: readonly number[]): Tensor {
  const t = Tensor.from(x, 'transpose');
  return permute(t, axes ?? Array.from({ length: t.ndim }, (_, i) => t.ndim - 1 - i));
}

/** Swaps the last two axes (a batch of matrices transposed). */
export function matrixTranspose(x: TensorLike): Tensor {
  const t = Tensor.from(x, 'mT');
  if (t.ndim < 2)
    throw new ShapeError(`mT: expected at least 2 axes, got shape ${formatShape(t.shape)}`);
  const p = Array.from({ length: t.ndim }, (_, i) => i);
  p[t.ndim - 1] = t.ndim - 2;
  p[t.ndim - 2] = t.ndim - 1;
  return permute(t, p);
}

// --- expand ----------------------------------------------------------------------------------

const expandOp = defineOp<{ shape: readonly number[] }>({
  name: 'expand',
  arity: 1,
  doc: opDocs.expand,
  forward([x], { shape }) {
    const t = x as Tensor;
    const out = allocate(t.dtype, sizeOf(shape));
    getKernels().gatherStrided(t.data, 0, broadcastStrides(t.shape, shape), out, shape);
    return Tensor._make(out, shape);
  },
  backward: (g, { inputs: [x] }) => [g.sumToShape((x as Tensor).shape, 'expand')],
});

/**
 * Broadcasts `x` to `shape` by NumPy rules (alias: broadcastTo); the gradient is summed over the
 * broadcast axes.
 */
export function expand(x: TensorLike, shape: readonly number[]): Tensor {
  const t = Tensor.from(x, 'expand');
  const target = checkShape(shape, 'expand');
  const b = broadcastShapes('expand', t.shape, target);
  if (!sameShape(b, target)) {
    throw new ShapeError(
      `expand: cannot broadcast ${formatShape(t.shape)} to ${formatShape(target)}`,
    );
  }
  if (sameShape(t.shape, target)) return t;
  return expandOp([t], { shape: target });
}

/**
 * Sums `g` down to `shape` — the adjoint of broadcasting. Used by backward rules of broadcast ops.
 */
export function sumToShape(g: Tensor, shape: Shape, where = 'sumToShape'): Tensor {
  if (!(g instanceof Tensor))
    throw new ArgumentError(`${where}: expected a Tensor, got ${describe(g)}`);
  if (!Array.isArray(shape))
    throw new ShapeError(`${where}: expected a shape, got ${describe(shape)}`);
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  if (lead < 0) {
    throw new ShapeError(
      `${where}: gradient of shape ${formatShape(g.shape)} cannot be summed to ${formatShape(shape)}`,
    );
  }
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] === 1 && g.shape[i] !== 1) axes.push(i);
    else if (shape[i - lead] !== g.shape[i]) {
      throw new ShapeError(
        `${where}: gradient of shape ${formatShape(g.shape)} does not broadcast to ${formatShape(shape)}`,
      );
    }
  }
  const s = axes.length > 0 ? g.sum(axes, true) : g;
  return s.reshape(shape);
}

// --- slice -----------------------------------------------------------------------------------

interface SliceAttrs {
  readonly begin: readonly number[];
  readonly size: readonly number[];
  readonly inputShape: readonly number[];
  [k: string]: unknown;
}

function sliceOffset(shape: Shape, begin: readonly number[]): number {
  const st = stridesOf(shape);
  let off = 0;
  for (let i = 0; i < begin.length; i++) off += (begin[i] as number) * (st[i] as number);
  return off;
}

const sliceOp: OpFn<SliceAttrs> = defineOp<SliceAttrs>({
  name: 'slice',
  arity: 1,
  doc: opDocs.slice,
  forward([x], { begin, size }) {
    const t = x as Tensor;
    const out = allocate(t.dtype, sizeOf(size));
    getKernels().gatherStrided(t.data, sliceOffset(t.shape, begin), stridesOf(t.shape), out, size);
    return Tensor._make(out, size);
  },
  backward: (g, { attrs }) => [sliceGradOp([g], attrs)],
});

const sliceGradOp: OpFn<SliceAttrs> = defineOp<SliceAttrs>({
  name: 'sliceGrad',
  arity: 1,
  doc: "embeds a slice's gradient into zeros of the input's shape (adjoint of slice)",
  forward([g], { begin, inputShape }) {
    const t = g as Tensor;
    const out = allocate(t.dtype, sizeOf(inputShape));
    getKernels().scatterStrided(
      t.data,
      t.shape,
      out,
      sliceOffset(inputShape, begin),
      stridesOf(inputShape),
    );
    return Tensor._make(out, inputShape);
  },
  backward: (gg, { attrs }) => [sliceOp([gg], attrs)],
});

/**
 * The block starting at `begin` with `size` elements per axis (TensorFlow.js's `slice`); a size of
 * -1 means "to the end". Missing trailing axes are taken whole.
 */
export function slice(x: TensorLike, begin: readonly number[], size?: readonly number[]): Tensor {
  const t = Tensor.from(x, 'slice');
  if (!Array.isArray(begin) || begin.length > t.ndim) {
    throw new ShapeError(
      `slice: expected begin with at most ${t.ndim} entries for shape ${formatShape(t.shape)}, got ${describe(begin)}`,
    );
  }
  if (size !== undefined && (!Array.isArray(size) || size.length !== begin.length)) {
    throw new ShapeError(
      `slice: size must have as many entries as begin (${begin.length}), got ${describe(size)}`,
    );
  }
  const b: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < t.ndim; i++) {
    const dim = t.shape[i] as number;
    const bi = i < begin.length ? (begin[i] as number) : 0;
    if (!Number.isInteger(bi) || bi < 0 || bi > dim) {
      throw new ShapeError(
        `slice: begin[${i}] = ${describe(bi)} is out of range for axis of size ${dim} (shape ${formatShape(t.shape)})`,
      );
    }
    let si = size !== undefined && i < size.length ? (size[i] as number) : -1;
    if (si === -1) si = dim - bi;
    if (!Number.isInteger(si) || si < 0 || bi + si > dim) {
      throw new ShapeError(
        `slice: begin ${describe(begin)} + size ${describe(size)} exceeds shape ${formatShape(t.shape)} on axis ${i}`,
      );
    }
    b.push(bi);
    s.push(si);
  }
  if (sameShape(s, t.shape)) return t;
  return sliceOp([t], { begin: b, size: s, inputShape: copyShape(t.shape) });
}

// --- gather / scatterAdd ---------------------------------------------------------------------

function indexValues(where: string, idx: Tensor, dim: number): Int32Array {
  const d = idx.data;
  const out = new Int32Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = d[i] as number;
    if (!Number.isInteger(v) || v < 0 || v >= dim) {
      throw new ArgumentError(
        `${where}: index ${describe(v)} at position ${i} is out of range [0, ${dim})`,
      );
    }
    out[i] = v;
  }
  return out;
}

function gatherLoop(
  x: Tensor['data'],
  xShape: Shape,
  idx: Int32Array,
  idxShape: Shape,
  axis: number,
  out: Tensor['data'],
  scatter: boolean,
): void {
  const xs = stridesOf(xShape);
  const rank = idxShape.length;
  const pos = new Array<number>(rank).fill(0);
  for (let i = 0; i < idx.length; i++) {
    let off = 0;
    for (let d = 0; d < rank; d++)
      off += (d === axis ? (idx[i] as number) : (pos[d] as number)) * (xs[d] as number);
    if (scatter) out[off] = (out[off] as number) + (x[i] as number);
    else out[i] = x[off] as number;
    for (let d = rank - 1; d >= 0; d--) {
      pos[d] = (pos[d] as number) + 1;
      if ((pos[d] as number) < (idxShape[d] as number)) break;
      pos[d] = 0;
    }
  }
}

interface GatherAttrs {
  readonly axis: number;
  readonly inputShape: readonly number[];
  [k: string]: unknown;
}

const gatherOp: OpFn<GatherAttrs> = defineOp<GatherAttrs>({
  name: 'gather',
  arity: 2,
  mixedDTypes: true,
  doc: opDocs.gather,
  forward([x, index], { axis }) {
    const t = x as Tensor;
    const ix = index as Tensor;
    const vals = indexValues('gather', ix, t.shape[axis] as number);
    const out = allocate(t.dtype, ix.size);
    gatherLoop(t.data, t.shape, vals, ix.shape, axis, out, false);
    return Tensor._make(out, ix.shape);
  },
  backward: (g, { inputs: [, index], attrs }) => [scatterAddOp([g, index as Tensor], attrs), null],
});

const scatterAddOp: OpFn<GatherAttrs> = defineOp<GatherAttrs>({
  name: 'scatterAdd',
  arity: 2,
  mixedDTypes: true,
  doc: 'adds src into zeros of inputShape at index along axis (adjoint of gather)',
  forward([src, index], { axis, inputShape }) {
    const s = src as Tensor;
    const ix = index as Tensor;
    const vals = indexValues('scatterAdd', ix, inputShape[axis] as number);
    const out = allocate(s.dtype, sizeOf(inputShape));
    gatherLoop(s.data, inputShape, vals, ix.shape, axis, out, true);
    // gatherLoop reads x[i] sequentially when scattering; src is laid out like index.
    return Tensor._make(out, inputShape);
  },
  backward: (g, { inputs: [, index], attrs }) => [gatherOp([g, index as Tensor], attrs), null],
});

/**
 * Picks values along `axis` by integer `index` (same rank as `x`; other axes no larger than
 * x's), like `torch.gather`: for axis 1, `out[i][j] = x[i][index[i][j]]`. Used for class-label
 * losses: `logp.gather(labels.reshape([-1, 1]), 1)`. The index gets no gradient.
 */
export function gather(
  x: TensorLike,
  index: TensorLike | readonly number[] | readonly number[][],
  axis: number,
): Tensor {
  const t = Tensor.from(x, 'gather');
  const ix = index instanceof Tensor ? index : Tensor.from(index as never, 'gather');
  const a = normalizeAxis(axis, t.ndim, 'gather');
  if (ix.ndim !== t.ndim) {
    throw new ShapeError(
      `gather: index must have the same rank as x: x ${formatShape(t.shape)}, index ${formatShape(ix.shape)}`,
    );
  }
  for (let d = 0; d < t.ndim; d++) {
    if (d !== a && (ix.shape[d] as number) > (t.shape[d] as number)) {
      throw new ShapeError(
        `gather: index shape ${formatShape(ix.shape)} exceeds x shape ${formatShape(t.shape)} on axis ${d}`,
      );
    }
  }
  return gatherOp([t, ix.detach()], { axis: a, inputShape: copyShape(t.shape) });
}

// --- concat / stack --------------------------------------------------------------------------

const concatOp = defineOp<{ axis: number }>({
  name: 'concat',
  arity: 'variadic',
  doc: opDocs.concat,
  forward(inputs, { axis }) {
    const first = inputs[0] as Tensor;
    const shape = copyShape(first.shape);
    shape[axis] = inputs.reduce((s, t) => s + (t.shape[axis] as number), 0);
    // Scatter adds into -0, not 0: -0 + x is x for every x, so -0 inputs stay -0.
    const out = allocate(first.dtype, sizeOf(shape)).fill(-0);
    const st = stridesOf(shape);
    let start = 0;
    for (const t of inputs) {
      getKernels().scatterStrided(t.data, t.shape, out, start * (st[axis] as number), st);
      start += t.shape[axis] as number;
    }
    return Tensor._make(out, shape);
  },
  backward(g, { inputs, attrs: { axis }, needsInputGrad }) {
    let start = 0;
    return inputs.map((t, i) => {
      const begin = new Array<number>(t.ndim).fill(0);
      begin[axis] = start;
      start += t.shape[axis] as number;
      return needsInputGrad[i] ? g.slice(begin, copyShape(t.shape)) : null;
    });
  },
});

/** Joins tensors along an existing `axis` (default 0); other axes must match. */
export function concat(tensors: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ArgumentError(
      `concat: expected a non-empty array of tensors, got ${describe(tensors)}`,
    );
  }
  const ts = tensors.map((t) => Tensor.from(t, 'concat'));
  const first = ts[0] as Tensor;
  if (first.ndim === 0) throw new ShapeError('concat: cannot concatenate 0-d tensors; use stack');
  const a = normalizeAxis(axis, first.ndim, 'concat');
  for (let i = 1; i < ts.length; i++) {
    const t = ts[i] as Tensor;
    const ok = t.ndim === first.ndim && t.shape.every((d, j) => j === a || d === first.shape[j]);
    if (!ok) {
      throw new ShapeError(
        `concat: shapes must match except on axis ${a}: input 0 is ${formatShape(first.shape)}, input ${i} is ${formatShape(t.shape)}`,
      );
    }
  }
  if (ts.length === 1) return first;
  return concatOp(ts, { axis: a });
}

/** Joins same-shaped tensors along a new `axis` (default 0). */
export function stack(tensors: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ArgumentError(
      `stack: expected a non-empty array of tensors, got ${describe(tensors)}`,
    );
  }
  const ts = tensors.map((t) => Tensor.from(t, 'stack'));
  const first = ts[0] as Tensor;
  const a = normalizeAxis(axis, first.ndim + 1, 'stack');
  ts.forEach((t, i) => {
    if (!sameShape(t.shape, first.shape)) {
      throw new ShapeError(
        `stack: all tensors must have one shape: input 0 is ${formatShape(first.shape)}, input ${i} is ${formatShape(t.shape)}`,
      );
    }
  });
  const s = copyShape(first.shape);
  s.splice(a, 0, 1);
  const parts = ts.map((t) => t.reshape(s));
  return parts.length === 1 ? (parts[0] as Tensor) : concatOp(parts, { axis: a });
}

// --- cast ------------------------------------------------------------------------------------

const castOp = defineOp<{ dtype: DType }>({
  name: 'cast',
  arity: 1,
  doc: opDocs.cast,
  forward([x], { dtype }) {
    const t = x as Tensor;
    const out = allocate(dtype, t.size);
    out.set(t.data);
    return Tensor._make(out, t.shape);
  },
  backward: (g, { inputs: [x] }) => [g.to((x as Tensor).dtype)],
});

/**
 * `x` converted to `dtype` (returns `x` itself when it already has that dtype); the gradient is
 * cast back to x's dtype.
 */
export function cast(x: TensorLike, dtype: DType): Tensor {
  const t = Tensor.from(x, 'to');
  const d = checkDType(dtype, 'to');
  return t.dtype === d ? t : castOp([t], { dtype: d });
}

installTensorMethods({
  reshape,
  transpose,
  permute,
  matrixTranspose,
  expand,
  sumToShape,
  slice,
  gather,
  cast,
});
