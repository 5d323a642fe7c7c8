/** Tensor factories: from data, constant fills, ranges, identity, and seeded random tensors. */
import { allocate, checkDType, type DType, type TypedArray } from './dtype.js';
import { ArgumentError, ShapeError } from './errors.js';
import { flattenNested, type NestedArray } from './nested.js';
import { getDefaultRng, type Rng } from './rng.js';
import { checkShape, describe, formatShape, sizeOf } from './shape.js';
import { Tensor } from './tensor.js';

/** Options shared by tensor factories. */
export interface TensorOptions {
  /** Element type (default float32; typed arrays default to their own type). */
  dtype?: DType;
  /** Record ops on this tensor for autograd (default false). */
  requiresGrad?: boolean;
  /** Label shown in graph exports. */
  name?: string;
}

/** Options of {@link tensor}: a shape is needed when data is a flat typed array or list. */
export interface TensorFromOptions extends TensorOptions {
  /** Shape for flat data (typed array or flat list); defaults to 1-D. */
  shape?: readonly number[];
  /**
   * `false` wraps a Float32Array / Float64Array of the tensor's dtype without copying it (as
   * `torch.from_numpy`): the tensor and the array then share memory. Anything that would need a
   * copy (nested arrays, a plain list, another dtype) is refused, as NumPy's `copy=False`.
   * Default true: data is copied.
   */
  copy?: boolean;
}

function finish(t: Tensor, o: TensorOptions): Tensor {
  if (o.requiresGrad !== undefined) t.requiresGrad = o.requiresGrad;
  if (o.name !== undefined) t.named(o.name);
  return t;
}

function checkOptions(o: unknown, where: string): TensorFromOptions {
  if (o === undefined) return {};
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new ArgumentError(`${where}: expected an options object, got ${describe(o)}`);
  }
  return o as TensorFromOptions;
}

/**
 * Creates a tensor from a number, nested arrays (must be rectangular), or a typed array / flat
 * list with a `shape`. Data is copied unless `copy: false` (typed arrays of the dtype only).
 *
 * @example
 * tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * tensor(new Float64Array(6), { shape: [2, 3] });
 */
export function tensor(
  data: NestedArray | TypedArray | ArrayLike<number>,
  options?: TensorFromOptions,
): Tensor {
  const o = checkOptions(options, 'tensor');
  const isTyped = ArrayBuffer.isView(data) && !(data instanceof DataView);
  const dtype = checkDType(
    o.dtype ?? (data instanceof Float64Array ? 'float64' : 'float32'),
    'tensor',
  );
  let values: ArrayLike<number>;
  let shape: number[];
  if (isTyped) {
    values = data as ArrayLike<number>;
    shape = o.shape === undefined ? [values.length] : checkShape(o.shape, 'tensor');
  } else if (typeof data === 'number' || Array.isArray(data)) {
    const f = flattenNested(data as NestedArray, 'tensor');
    values = f.values;
    shape = f.shape;
    if (o.shape !== undefined) {
      const s = checkShape(o.shape, 'tensor');
      if (sizeOf(s) !== values.length) {
        throw new ShapeError(
          `tensor: shape ${formatShape(s)} needs ${sizeOf(s)} elements, data has ${values.length}`,
        );
      }
      shape = s;
    }
  } else {
    throw new ArgumentError(
      `tensor: expected a number, nested arrays of numbers or a typed array, got ${describe(data)}`,
    );
  }
  if (sizeOf(shape) !== values.length) {
    throw new ShapeError(
      `tensor: shape ${formatShape(shape)} needs ${sizeOf(shape)} elements, data has ${values.length}`,
    );
  }
  if (o.copy !== undefined && typeof o.copy !== 'boolean')
    throw new ArgumentError(`tensor: copy must be a boolean, got ${describe(o.copy)}`);
  if (o.copy === false) {
    const own = dtype === 'float64' ? data instanceof Float64Array : data instanceof Float32Array;
    if (!own) {
      throw new ArgumentError(
        `tensor: copy: false needs a ${dtype === 'float64' ? 'Float64Array' : 'Float32Array'} for dtype ${dtype}, got ${describe(data)}; a copy would be needed`,
      );
    }
    return finish(Tensor._make(data as TypedArray, shape), o);
  }
  const buf = allocate(dtype, values.length);
  buf.set(values as ArrayLike<number>);
  return finish(Tensor._make(buf, shape), o);
}

/** A tensor filled with `value`. */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  return fillNamed('full', shape, value, options);
}

// Errors name the function the user called (zeros, ones), not the one it delegates to.
function fillNamed(
  where: string,
  shape: readonly number[],
  value: number,
  options: TensorOptions,
): Tensor {
  const o = checkOptions(options, where);
  const s = checkShape(shape, where);
  if (typeof value !== 'number')
    throw new ArgumentError(`${where}: expected a number fill value, got ${describe(value)}`);
  const d = allocate(checkDType(o.dtype ?? 'float32', where), sizeOf(s));
  if (value !== 0) d.fill(value);
  return finish(Tensor._make(d, s), o);
}

/** A tensor of zeros. */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return fillNamed('zeros', shape, 0, options);
}

/** A tensor of ones. */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return fillNamed('ones', shape, 1, options);
}

function checkTensor(t: unknown, where: string): Tensor {
  if (!(t instanceof Tensor))
    throw new ArgumentError(`${where}: expected a Tensor, got ${describe(t)}`);
  return t;
}

/** Zeros with `t`'s shape and dtype. */
export function zerosLike(t: Tensor, options?: TensorOptions): Tensor {
  const x = checkTensor(t, 'zerosLike');
  // Without options (as ops call it) there is nothing to check: a tensor's shape is valid.
  if (options === undefined) return Tensor._make(allocate(x.dtype, x.size), x.shape);
  return fillNamed('zerosLike', x.shape, 0, {
    dtype: x.dtype,
    ...checkOptions(options, 'zerosLike'),
  });
}

/** Ones with `t`'s shape and dtype. */
export function onesLike(t: Tensor, options: TensorOptions = {}): Tensor {
  const x = checkTensor(t, 'onesLike');
  return fillNamed('onesLike', x.shape, 1, {
    dtype: x.dtype,
    ...checkOptions(options, 'onesLike'),
  });
}

/** `[start, start + step, ...)` up to `stop` (exclusive), like NumPy's arange. */
export function arange(
  start: number,
  stop?: number,
  step = 1,
  options: TensorOptions = {},
): Tensor {
  let a = start;
  let b = stop;
  if (b === undefined) {
    b = a;
    a = 0;
  }
  for (const [k, v] of [
    ['start', a],
    ['stop', b],
    ['step', step],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ArgumentError(`arange: ${k} must be a finite number, got ${describe(v)}`);
  }
  if (step === 0) throw new ArgumentError('arange: step must not be 0');
  const n = Math.max(0, Math.ceil((b - a) / step));
  const d = allocate(checkDType(options.dtype ?? 'float32', 'arange'), n);
  for (let i = 0; i < n; i++) d[i] = a + i * step;
  return finish(Tensor._make(d, [n]), options);
}

/** `num` evenly spaced values from `start` to `stop` inclusive. */
export function linspace(
  start: number,
  stop: number,
  num: number,
  options: TensorOptions = {},
): Tensor {
  if (!Number.isInteger(num) || num < 0)
    throw new ArgumentError(`linspace: num must be a non-negative integer, got ${describe(num)}`);
  if (!Number.isFinite(start) || !Number.isFinite(stop)) {
    throw new ArgumentError(
      `linspace: start and stop must be finite numbers, got ${describe(start)} and ${describe(stop)}`,
    );
  }
  const d = allocate(checkDType(options.dtype ?? 'float32', 'linspace'), num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) d[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return finish(Tensor._make(d, [num]), options);
}

/** Identity matrix `n x m` (m defaults to n). */
export function eye(n: number, m: number = n, options: TensorOptions = {}): Tensor {
  const s = checkShape([n, m], 'eye');
  const d = allocate(checkDType(options.dtype ?? 'float32', 'eye'), sizeOf(s));
  for (let i = 0; i < Math.min(n, m); i++) d[i * m + i] = 1;
  return finish(Tensor._make(d, s), options);
}

/** Options of random factories. */
export interface RandomOptions extends TensorOptions {
  /** Generator to draw from (default: the global one, see `manualSeed`). */
  rng?: Rng;
}

function fillRandom(
  where: string,
  shape: readonly number[],
  o: RandomOptions,
  draw: (r: Rng) => number,
): Tensor {
  const opts = checkOptions(o, where) as RandomOptions;
  const s = checkShape(shape, where);
  const r = opts.rng ?? getDefaultRng();
  if (typeof r?.random !== 'function')
    throw new ArgumentError(`${where}: rng must come from createRng(seed), got ${describe(r)}`);
  const d = allocate(checkDType(opts.dtype ?? 'float32', where), sizeOf(s));
  for (let i = 0; i < d.length; i++) d[i] = draw(r);
  return finish(Tensor._make(d, s), opts);
}

/** Uniform samples in [0, 1). */
export function rand(shape: readonly number[], options: RandomOptions = {}): Tensor {
  return fillRandom('rand', shape, options, (r) => r.random());
}

/** Uniform samples in [low, high). */
export function uniform(
  shape: readonly number[],
  low = 0,
  high = 1,
  options: RandomOptions = {},
): Tensor {
  if (!Number.isFinite(low) || !Number.isFinite(high) || low > high) {
    throw new ArgumentError(
      `uniform: expected finite low <= high, got low=${describe(low)}, high=${describe(high)}`,
    );
  }
  return fillRandom('uniform', shape, options, (r) => low + (high - low) * r.random());
}

/** Normal samples with `mean` (default 0) and `std` (default 1). */
export function randn(
  shape: readonly number[],
  options: RandomOptions & { mean?: number; std?: number } = {},
): Tensor {
  checkOptions(options, 'randn');
  const mean = options.mean ?? 0;
  const std = options.std ?? 1;
  if (!Number.isFinite(mean) || !Number.isFinite(std) || std < 0) {
    throw new ArgumentError(
      `randn: expected finite mean and std >= 0, got mean=${describe(mean)}, std=${describe(std)}`,
    );
  }
  return fillRandom('randn', shape, options, (r) => mean + std * r.normal());
}
