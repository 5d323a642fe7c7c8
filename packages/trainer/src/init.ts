/**
 * Weight initialisers, drawn from core's seeded RNG, with fan-in / fan-out computed as PyTorch
 * does (`torch.nn.init._calculate_fan_in_and_fan_out`).
 *
 * Layout convention: a `Linear` weight is stored as `[out, in]` and applied as `y = x W^T + b`
 * (PyTorch's layout). For a weight of shape `[out, in, ...k]`, `fanIn = in * prod(k)` and
 * `fanOut = out * prod(k)`. Pass `layout: 'inOut'` for a `[in, out]` (TensorFlow / Keras style)
 * matrix; fans are then swapped.
 */

import { analyze } from '@gradscope/activations';
import {
  ArgumentError,
  type DType,
  describe,
  getDefaultRng,
  NotFoundError,
  type Rng,
  ShapeError,
  type Tensor,
  tensor,
  unknownName,
} from '@gradscope/core';

/** Options shared by every initialiser. */
export interface InitOptions {
  /** Generator to draw from (default: core's global generator, see `manualSeed`). */
  rng?: Rng;
  /** Multiplier on the standard deviation / bound (see {@link calculateGain}). */
  gain?: number;
  /** He / LeCun: preserve the variance of the forward pass ('fanIn', default) or backward ('fanOut'). */
  mode?: 'fanIn' | 'fanOut';
  /** He init: the negative slope `a` of a leaky ReLU; gain = sqrt(2 / (1 + a^2)) (default 0). */
  negativeSlope?: number;
  /** Element type (default float32). */
  dtype?: DType;
  /** How a 2-D weight is laid out: `[out, in]` (default, PyTorch) or `[in, out]`. */
  layout?: 'outIn' | 'inOut';
  /** `constant`: the fill value (default 0). */
  value?: number;
  /** `uniform`: lower bound (default 0). */
  low?: number;
  /** `uniform`: upper bound (default 1). */
  high?: number;
  /** `normal`: mean (default 0). */
  mean?: number;
  /** `normal`: standard deviation (default 1). */
  std?: number;
}

/** An initialiser: a shape in, a freshly drawn tensor out. */
export type Initializer = (shape: readonly number[], options?: InitOptions) => Tensor;

function checkShape(shape: readonly number[], where: string): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(
      `${where}: expected a shape (array of non-negative integers), got ${describe(shape)}`,
    );
  }
  return shape.slice();
}

function opts(o: InitOptions | undefined, where: string): InitOptions {
  if (o === undefined) return {};
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new ArgumentError(`${where}: expected an options object, got ${describe(o)}`);
  }
  if (
    o.gain !== undefined &&
    (typeof o.gain !== 'number' || !Number.isFinite(o.gain) || o.gain < 0)
  ) {
    throw new ArgumentError(`${where}: gain must be a finite number >= 0, got ${describe(o.gain)}`);
  }
  if (o.mode !== undefined && o.mode !== 'fanIn' && o.mode !== 'fanOut') {
    throw new ArgumentError(`${where}: mode must be 'fanIn' or 'fanOut', got ${describe(o.mode)}`);
  }
  if (o.layout !== undefined && o.layout !== 'outIn' && o.layout !== 'inOut') {
    throw new ArgumentError(
      `${where}: layout must be 'outIn' or 'inOut', got ${describe(o.layout)}`,
    );
  }
  return o;
}

function rngOf(o: InitOptions, where: string): Rng {
  const r = o.rng ?? getDefaultRng();
  if (typeof r?.random !== 'function' || typeof r?.normal !== 'function') {
    throw new ArgumentError(`${where}: rng must come from createRng(seed), got ${describe(r)}`);
  }
  return r;
}

function fill(shape: number[], o: InitOptions, draw: () => number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = o.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = draw();
  return tensor(d, { shape, dtype: o.dtype ?? 'float32' });
}

/**
 * Fan-in and fan-out of a weight, as PyTorch computes them: for `[out, in, ...k]`,
 * `fanIn = in * prod(k)`, `fanOut = out * prod(k)`. Needs at least 2 dimensions.
 */
export function computeFans(
  shape: readonly number[],
  layout: 'outIn' | 'inOut' = 'outIn',
  where = 'computeFans',
): {
  /** Inputs feeding each output unit: `shape[1] * prod(k)` for layout `outIn`, `shape[0] * prod(k)` for `inOut`. */
  fanIn: number;
  /** Output units each input feeds: `shape[0] * prod(k)` for layout `outIn`, `shape[1] * prod(k)` for `inOut`. */
  fanOut: number;
} {
  if (!Array.isArray(shape))
    throw new ShapeError(`${where}: expected a weight shape, got ${describe(shape)}`);
  if (shape.length < 2) {
    throw new ShapeError(
      `${where}: fan in and fan out need a weight with at least 2 dimensions ([out, in]), got shape [${shape.join(',')}]`,
    );
  }
  let receptive = 1;
  for (let i = 2; i < shape.length; i++) receptive *= shape[i] as number;
  const a = (shape[0] as number) * receptive;
  const b = (shape[1] as number) * receptive;
  return layout === 'inOut' ? { fanIn: a, fanOut: b } : { fanIn: b, fanOut: a };
}

function fanFor(shape: number[], o: InitOptions, where: string): number {
  const { fanIn, fanOut } = computeFans(shape, o.layout, where);
  const fan = o.mode === 'fanOut' ? fanOut : fanIn;
  if (fan === 0)
    throw new ShapeError(`${where}: cannot initialise an empty weight ${describe(shape)}`);
  return fan;
}

/** All zeros. */
export function zeros(shape: readonly number[], options?: InitOptions): Tensor {
  const o = opts(options, 'zeros');
  return fill(checkShape(shape, 'zeros'), o, () => 0);
}

/** Every element equal to `value` (default 0). */
export function constant(shape: readonly number[], options?: InitOptions): Tensor {
  const o = opts(options, 'constant');
  const v = o.value ?? 0;
  if (typeof v !== 'number' || Number.isNaN(v))
    throw new ArgumentError(`constant: value must be a number, got ${describe(v)}`);
  return fill(checkShape(shape, 'constant'), o, () => v);
}

/** U[low, high) (default U[0, 1), as `torch.nn.init.uniform_`). */
export function uniform(shape: readonly number[], options?: InitOptions): Tensor {
  const o = opts(options, 'uniform');
  const lo = o.low ?? 0;
  const hi = o.high ?? 1;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
    throw new ArgumentError(
      `uniform: expected finite low <= high, got low=${describe(lo)}, high=${describe(hi)}`,
    );
  }
  const r = rngOf(o, 'uniform');
  return fill(checkShape(shape, 'uniform'), o, () => lo + (hi - lo) * r.random());
}

/** N(mean, std^2) (default N(0, 1), as `torch.nn.init.normal_`). */
export function normal(shape: readonly number[], options?: InitOptions): Tensor {
  const o = opts(options, 'normal');
  const m = o.mean ?? 0;
  const s = o.std ?? 1;
  if (!Number.isFinite(m) || !Number.isFinite(s) || s < 0) {
    throw new ArgumentError(
      `normal: expected finite mean and std >= 0, got mean=${describe(m)}, std=${describe(s)}`,
    );
  }
  const r = rngOf(o, 'normal');
  return fill(checkShape(shape, 'normal'), o, () => m + s * r.normal());
}

function uniformBound(shape: number[], o: InitOptions, bound: number, where: string): Tensor {
  const r = rngOf(o, where);
  return fill(shape, o, () => (2 * r.random() - 1) * bound);
}

function normalStd(shape: number[], o: InitOptions, std: number, where: string): Tensor {
  const r = rngOf(o, where);
  return fill(shape, o, () => std * r.normal());
}

/**
 * Glorot & Bengio (2010), eq. 16: U[-a, a] with `a = gain * sqrt(6 / (fanIn + fanOut))`,
 * i.e. Var = gain^2 * 2 / (fanIn + fanOut).
 */
export function xavierUniform(shape: readonly number[], options?: InitOptions): Tensor {
  const o = opts(options, 'xavierUniform');
  const s = checkShape(shape, 'xavierUniform');
  const { fanIn, fanOut } = computeFans(s, o.layout, 'xavierUniform');
  const std = (o.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
  return uniformBound(s, o, Math.sqrt(3) * std, 'xavierUniform');
}

/** Glorot normal: N(0, std^2) with `std = gain * sqrt(2 / (fanIn + fanOut))`. */
export function xavierNormal(shape: readonly number[], options?: InitOptions): Tensor {
  const o = opts(options, 'xavierNormal');
  const s = checkShape(shape, 'xavierNormal');
  const { fanIn, fanOut } = computeFans(s, o.layout, 'xavierNormal');
  return normalStd(s, o, (o.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)), 'xavierNormal');
}

function heGain(o: InitOptions, where: string): number {
  if (o.gain !== undefined) return o.gain;
  const a = o.negativeSlope ?? 0;
  if (typeof a !== 'number' || !Number.isFinite(a))
    throw new ArgumentError(`${where}: negativeSlope must be a finite number, got ${describe(a)}`);
  return Math.sqrt(2 / (1 + a * a));
}

/**
 * He et al. (2015), uniform: U[-b, b] with `b = gain * sqrt(3 / fan)`, gain = sqrt(2 / (1 + a^2))
 * for leaky slope `a` (default 0: ReLU), fan = fanIn (default) or fanOut. Var = gain^2 / fan.
 */
export function heUniform(shape: readonly number[], options?: InitOptions): Tensor {
  const o = opts(options, 'heUniform');
  const s = checkShape(shape, 'heUniform');
  const std = heGain(o, 'heUniform') / Math.sqrt(fanFor(s, o, 'heUniform'));
  return uniformBound(s, o, Math.sqrt(3) * std, 'heUniform');
}

/** He et al. (2015), normal: N(0, std^2) with `std = gain / sqrt(fan)`, gain as {@link heUniform}. */
export function heNormal(shape: readonly number[], options?: InitOptions): Tensor {
  const o = opts(options, 'heNormal');
  const s = checkShape(shape, 'heNormal');
  return normalStd(s, o, heGain(o, 'heNormal') / Math.sqrt(fanFor(s, o, 'heNormal')), 'heNormal');
}

/** LeCun uniform: U[-b, b], `b = gain * sqrt(3 / fan)` (Var = gain^2 / fan, gain 1 by default). */
export function lecunUniform(shape: readonly number[], options?: InitOptions): Tensor {
  const o = opts(options, 'lecunUniform');
  const s = checkShape(shape, 'lecunUniform');
  const std = (o.gain ?? 1) / Math.sqrt(fanFor(s, o, 'lecunUniform'));
  return uniformBound(s, o, Math.sqrt(3) * std, 'lecunUniform');
}

/**
 * LeCun normal: N(0, std^2), `std = gain / sqrt(fan)` (gain 1 by default; the right init for
 * SELU). Untruncated normal (Keras truncates at 2 std and rescales; PyTorch does not).
 */
export function lecunNormal(shape: readonly number[], options?: InitOptions): Tensor {
  const o = opts(options, 'lecunNormal');
  const s = checkShape(shape, 'lecunNormal');
  return normalStd(s, o, (o.gain ?? 1) / Math.sqrt(fanFor(s, o, 'lecunNormal')), 'lecunNormal');
}

/**
 * Saxe et al. (2014): a (semi-)orthogonal matrix times `gain`, as `torch.nn.init.orthogonal_`:
 * the weight is viewed as `[shape[0], rest]`, a normal matrix is QR-factorised (modified
 * Gram–Schmidt here), and Q's columns are sign-corrected so that diag(R) > 0.
 * Rows are orthonormal when rows <= cols, columns otherwise.
 */
export function orthogonal(shape: readonly number[], options?: InitOptions): Tensor {
  const o = opts(options, 'orthogonal');
  const s = checkShape(shape, 'orthogonal');
  if (s.length < 2) {
    throw new ShapeError(
      `orthogonal: needs a weight with at least 2 dimensions, got shape ${describe(s)}`,
    );
  }
  const rows = s[0] as number;
  const cols = s.slice(1).reduce((a, b) => a * b, 1);
  const r = rngOf(o, 'orthogonal');
  const gain = o.gain ?? 1;
  // Factor the tall matrix A (m x n, m >= n); Q is m x n with orthonormal columns.
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const a: Float64Array[] = [];
  // a[j] is column j of A, drawn row-major as PyTorch's flattened.new(rows, cols).normal_()
  const flat = new Float64Array(rows * cols);
  for (let i = 0; i < flat.length; i++) flat[i] = r.normal();
  for (let j = 0; j < n; j++) {
    const col = new Float64Array(m);
    for (let i = 0; i < m; i++)
      col[i] = rows < cols ? (flat[j * cols + i] as number) : (flat[i * cols + j] as number);
    a.push(col);
  }
  const q: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const v = a[j] as Float64Array;
    for (let k = 0; k < j; k++) {
      const qk = q[k] as Float64Array;
      let dot = 0;
      for (let i = 0; i < m; i++) dot += (qk[i] as number) * (v[i] as number);
      for (let i = 0; i < m; i++) v[i] = (v[i] as number) - dot * (qk[i] as number);
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += (v[i] as number) ** 2;
    norm = Math.sqrt(norm);
    // Gram–Schmidt gives R with a positive diagonal, so the sign correction is already applied.
    for (let i = 0; i < m; i++) v[i] = (v[i] as number) / (norm === 0 ? 1 : norm);
    q.push(v);
  }
  const out = o.dtype === 'float64' ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      // rows >= cols: W = Q (m x n); rows < cols: W = Q^T.
      out[i * cols + j] =
        gain *
        (rows >= cols
          ? ((q[j] as Float64Array)[i] as number)
          : ((q[i] as Float64Array)[j] as number));
    }
  }
  return tensor(out, { shape: s, dtype: o.dtype ?? 'float32' });
}

/**
 * The "standard" heuristic Glorot & Bengio (2010, eq. 1) compared against:
 * U[-1/sqrt(n), 1/sqrt(n)] with n = fan-in (times `gain`, default 1). Var = 1 / (3 n).
 */
export function standard(shape: readonly number[], options?: InitOptions): Tensor {
  const o = opts(options, 'standard');
  const s = checkShape(shape, 'standard');
  const n = fanFor(s, { ...o, mode: o.mode ?? 'fanIn' }, 'standard');
  return uniformBound(s, o, (o.gain ?? 1) / Math.sqrt(n), 'standard');
}

const INITIALIZERS: Readonly<Record<string, Initializer>> = Object.freeze({
  zeros,
  constant,
  uniform,
  normal,
  xavierUniform,
  xavierNormal,
  heUniform,
  heNormal,
  lecunUniform,
  lecunNormal,
  orthogonal,
  standard,
});

/** Names accepted by {@link getInitializer}. */
export function listInitializers(): string[] {
  return Object.keys(INITIALIZERS);
}

/** The initialiser called `name` (e.g. `'heNormal'`); unknown names throw a NotFoundError with suggestions. */
export function getInitializer(name: string): Initializer {
  if (typeof name === 'string' && Object.hasOwn(INITIALIZERS, name))
    return INITIALIZERS[name] as Initializer;
  throw unknownName('initializer', String(name), listInitializers());
}

/** Options of {@link calculateGain} computed from an activation's moments. */
export interface GainFromMomentsOptions {
  /** Compute gain = 1 / sqrt(E[f(z)^2]), z ~ N(0, q), from `analyze` (any registered activation). */
  fromMoments: true;
  /** Variance of the pre-activation (default 1). */
  q?: number;
  /** The activation's fixed parameters (e.g. `{ alpha: 0.2 }` for leakyRelu; default its defaults). */
  params?: Readonly<Record<string, number>>;
}

const GAIN_TABLE: Readonly<Record<string, (p: number | undefined) => number>> = {
  linear: () => 1,
  identity: () => 1,
  conv1d: () => 1,
  conv2d: () => 1,
  conv3d: () => 1,
  sigmoid: () => 1,
  tanh: () => 5 / 3,
  relu: () => Math.SQRT2,
  leakyRelu: (a) => Math.sqrt(2 / (1 + (a ?? 0.01) ** 2)),
  selu: () => 3 / 4,
};

const GAIN_ALIASES: Readonly<Record<string, string>> = {
  leaky_relu: 'leakyRelu',
  'leaky-relu': 'leakyRelu',
  leakyrelu: 'leakyRelu',
};

/**
 * The recommended gain for an activation, as `torch.nn.init.calculate_gain`: linear / identity /
 * sigmoid 1, tanh 5/3, relu sqrt(2), leakyRelu sqrt(2 / (1 + a^2)) (a defaults to 0.01), selu 3/4.
 *
 * With `{ fromMoments: true }`, works for any registered activation f: gain = 1 / sqrt(E[f(z)^2])
 * for z ~ N(0, q) (q = 1 by default) and the activation's `params`, the factor that keeps the
 * second moment of the pre-activations fixed through a layer (He et al.'s argument; it gives
 * sqrt(2) for ReLU, and sqrt(2 / (1 + a^2)) for leakyRelu with `params: { alpha: a }`).
 */
export function calculateGain(activation: string, param?: number | GainFromMomentsOptions): number {
  if (typeof activation !== 'string') {
    throw new ArgumentError(
      `calculateGain: expected an activation name, got ${describe(activation)}`,
    );
  }
  if (typeof param === 'object' && param !== null) {
    if (param.fromMoments !== true) {
      throw new ArgumentError(
        `calculateGain: expected a number or { fromMoments: true }, got ${describe(param)}`,
      );
    }
    const q = param.q ?? 1;
    if (!Number.isFinite(q) || q <= 0)
      throw new ArgumentError(`calculateGain: q must be a positive number, got ${describe(q)}`);
    const m = analyze(activation, {
      q,
      ...(param.params === undefined ? {} : { params: param.params }),
    }).secondMoment;
    if (!(m > 0)) {
      throw new ArgumentError(
        `calculateGain: activation '${activation}' has second moment ${m} under N(0, ${q}); no finite gain`,
      );
    }
    return 1 / Math.sqrt(m);
  }
  if (param !== undefined && (typeof param !== 'number' || !Number.isFinite(param))) {
    throw new ArgumentError(`calculateGain: param must be a finite number, got ${describe(param)}`);
  }
  const key = GAIN_ALIASES[activation] ?? GAIN_ALIASES[activation.toLowerCase()] ?? activation;
  const f = GAIN_TABLE[key];
  if (f === undefined) {
    const e = unknownName('activation for calculateGain', activation, Object.keys(GAIN_TABLE));
    throw new NotFoundError(
      `${e.message}; for any registered activation use calculateGain('${activation}', { fromMoments: true })`,
      e.suggestions,
    );
  }
  return f(param);
}
