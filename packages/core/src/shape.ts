import { ArgumentError, ShapeError } from './errors.js';

/** A tensor shape: one non-negative integer per axis, row-major. `[]` is a 0-d scalar. */
export type Shape = readonly number[];

/** `[2,3]` — the way shapes appear in error messages. */
export function formatShape(shape: Shape): string {
  if (!Array.isArray(shape) && !ArrayBuffer.isView(shape))
    throw new ShapeError(`formatShape: expected a shape array, got ${describe(shape)}`);
  return `[${shape.join(',')}]`;
}

/** Validates a user-supplied shape and returns a frozen copy. */
export function checkShape(shape: unknown, where: string): number[] {
  if (!Array.isArray(shape) && !(ArrayBuffer.isView(shape) && !(shape instanceof DataView))) {
    throw new ShapeError(
      `${where}: expected a shape (array of non-negative integers), got ${describe(shape)}`,
    );
  }
  const out: number[] = [];
  for (let i = 0; i < (shape as ArrayLike<unknown>).length; i++) {
    const d = (shape as ArrayLike<unknown>)[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ShapeError(
        `${where}: shape entries must be non-negative integers, got ${describe(d)} at position ${i} of ${describe(shape)}`,
      );
    }
    out.push(d);
  }
  return out;
}

/** Number of elements of a shape. */
export function sizeOf(shape: Shape): number {
  if (!Array.isArray(shape) && !ArrayBuffer.isView(shape))
    throw new ShapeError(`sizeOf: expected a shape array, got ${describe(shape)}`);
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i] as number;
  return n;
}

/** Row-major strides, in elements. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i] as number;
  }
  return s;
}

/**
 * A mutable copy of `shape[start..end)`. A loop, not `slice`: every tensor's shape is frozen,
 * and engines slice frozen arrays on a slow path.
 */
export function copyShape(shape: Shape, start = 0, end = shape.length): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(shape[i] as number);
  return out;
}

/** True when both shapes have the same rank and sizes (false when either is not an array). */
export function sameShape(a: Shape, b: Shape): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Broadcast shape of two operands. When one operand's shape already is the result (same shapes,
 * a bias `[n]` against `[m, n]`, a scalar), returns that shape object itself, so the output can
 * share it (shapes are frozen) instead of allocating and freezing a new array per op.
 */
export function broadcastPair(op: string, a: Shape, b: Shape): Shape {
  if (a === b) return a;
  const ra = a.length;
  const rb = b.length;
  if (rb <= ra && isSuffixBroadcast(b, a)) return a;
  if (ra <= rb && isSuffixBroadcast(a, b)) return b;
  return broadcastShapes(op, a, b);
}

/** True when `small` (right-aligned) broadcasts to `big` without changing it. */
function isSuffixBroadcast(small: Shape, big: Shape): boolean {
  const off = big.length - small.length;
  for (let i = 0; i < small.length; i++) {
    const d = small[i] as number;
    if (d !== 1 && d !== big[off + i]) return false;
  }
  return true;
}

/** NumPy broadcasting of any number of shapes; throws a ShapeError naming `op` and the shapes. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  shapes.forEach((s, i) => {
    if (!Array.isArray(s))
      throw new ShapeError(`${op}: shape ${i} is not an array of sizes: ${describe(s)}`);
  });
  let rank = 0;
  for (const s of shapes) rank = Math.max(rank, s.length);
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    const off = rank - s.length;
    for (let i = 0; i < s.length; i++) {
      const d = s[i] as number;
      const o = out[off + i] as number;
      if (d === o || d === 1) continue;
      if (o === 1) out[off + i] = d;
      else {
        throw new ShapeError(
          `${op}: shapes cannot be broadcast together: ${shapes.map(formatShape).join(' and ')} (axis ${i - s.length} has ${o} vs ${d})`,
        );
      }
    }
  }
  return out;
}

/** Resolves a possibly negative axis against `rank`. */
export function normalizeAxis(axis: unknown, rank: number, where: string): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis)) {
    throw new ArgumentError(`${where}: axis must be an integer, got ${describe(axis)}`);
  }
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) {
    throw new ShapeError(
      `${where}: axis ${axis} is out of range for a tensor of rank ${rank} (valid: ${-rank}..${rank - 1})`,
    );
  }
  return a;
}

/** Resolves `axis` (undefined = all axes, a number, or a list) to sorted unique non-negative axes. */
export function normalizeAxes(
  axis: number | readonly number[] | undefined | null,
  rank: number,
  where: string,
): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = Array.isArray(axis) ? axis : [axis];
  const out = list.map((a) => normalizeAxis(a, rank, where));
  const uniq = [...new Set(out)].sort((x, y) => x - y);
  if (uniq.length !== out.length)
    throw new ShapeError(`${where}: repeated axis in ${JSON.stringify(axis)}`);
  return uniq;
}

/** Output shape of a reduction over `axes`. */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepDims) out.push(1);
    } else out.push(shape[i] as number);
  }
  return out;
}

/** Short human description of any value, for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) {
    // JSON would print NaN and Infinity as null: spell out flat arrays of numbers.
    const s = v.every((x) => typeof x === 'number')
      ? `[${v.map((x) => describe(x)).join(',')}]`
      : JSON.stringify(v);
    return s !== undefined && s.length <= 60 ? s : `an array of length ${v.length}`;
  }
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  if (typeof v === 'object') {
    const c = (v as { constructor?: { name?: string } }).constructor?.name;
    return c && c !== 'Object' ? `a ${c}` : 'an object';
  }
  return `a ${typeof v}`;
}

// Frozen shapes of rank 0 to 2, shared between tensors: freezing a fresh array costs more than
// the rest of making a tensor (tensors share shapes safely since shapes are immutable).
const SCALAR_SHAPE: Shape = Object.freeze([]);
const internedShapes = new Map<number, Shape>();
const INTERNED_MAX = 4096;
const DIM_LIMIT = 2 ** 15; // keys stay small integers

/** A frozen copy of `shape`, shared for common small shapes. */
export function frozenShape(shape: Shape): Shape {
  const r = shape.length;
  if (r === 0) return SCALAR_SHAPE;
  if (r <= 2) {
    const a = shape[0] as number;
    const b = r === 2 ? (shape[1] as number) : -1;
    const ok = a >= 0 && a < DIM_LIMIT && b < DIM_LIMIT && (r === 1 || b >= 0);
    if (ok && (a | 0) === a && (b | 0) === b) {
      // rank 1: key a; rank 2: distinct keys from 2^15 up.
      const key = r === 1 ? a : (a + 1) * DIM_LIMIT + b;
      const hit = internedShapes.get(key);
      if (hit !== undefined) return hit;
      const s = Object.freeze(shape.slice());
      if (internedShapes.size < INTERNED_MAX) internedShapes.set(key, s);
      return s;
    }
  }
  return Object.freeze(shape.slice());
}

/** `shape` with an axis of size 1 inserted at `axis` (negative counts from the end + 1). */
export function unsqueezedShape(shape: Shape, axis: number): number[] {
  const a = axis < 0 ? axis + shape.length + 1 : axis;
  if (!Number.isInteger(a) || a < 0 || a > shape.length)
    throw new ShapeError(
      `unsqueeze: axis ${describe(axis)} is out of range for rank ${shape.length}`,
    );
  const s = copyShape(shape);
  s.splice(a, 0, 1);
  return s;
}

/** `shape` without its axes of size 1, or without axis `axis` (which must have size 1). */
export function squeezedShape(shape: Shape, axis?: number): number[] {
  if (axis === undefined) return shape.filter((d) => d !== 1);
  const a = normalizeAxis(axis, shape.length, 'squeeze');
  if (shape[a] !== 1)
    throw new ShapeError(
      `squeeze: axis ${axis} has size ${describe(shape[a])}, expected 1 (shape ${formatShape(shape)})`,
    );
  const s = copyShape(shape);
  s.splice(a, 1);
  return s;
}
