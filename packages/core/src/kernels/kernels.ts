import type { TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';

/** Elementwise one-input kernels every backend provides. */
export type UnaryKind =
  | 'neg'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'abs'
  | 'log1p'
  | 'expm1'
  | 'sign'
  | 'square';

/** Elementwise two-input kernels (NumPy broadcasting) every backend provides. */
export type BinaryKind =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'gt'
  | 'ge'
  | 'lt'
  | 'le'
  | 'eq'
  | 'ne';

/** Reductions over a set of axes. */
export type ReduceKind = 'sum' | 'max' | 'min';

/**
 * The shape of a 2-D convolution, as the conv kernels read it: input `[n, c, h, w]`, weight
 * `[o, c / groups, kh, kw]`, output `[n, o, oh, ow]`, all row-major. Output element
 * `(i, j)` reads input rows `i·sh − ph + p·dh` and columns `j·sw − pw + q·dw` (kernel tap
 * `(p, q)`); taps outside the input read zeros. `ph` / `pw` are the padding before each axis;
 * the padding after it is implied by `oh` / `ow`.
 */
export interface ConvGeometry {
  /** Batch size. */
  readonly n: number;
  /** Input channels. */
  readonly c: number;
  /** Input height. */
  readonly h: number;
  /** Input width. */
  readonly w: number;
  /** Output channels. */
  readonly o: number;
  /** Kernel height. */
  readonly kh: number;
  /** Kernel width. */
  readonly kw: number;
  /** Output height. */
  readonly oh: number;
  /** Output width. */
  readonly ow: number;
  /** Vertical stride. */
  readonly sh: number;
  /** Horizontal stride. */
  readonly sw: number;
  /** Zero rows before the input (top padding). */
  readonly ph: number;
  /** Zero columns before the input (left padding). */
  readonly pw: number;
  /** Vertical dilation. */
  readonly dh: number;
  /** Horizontal dilation. */
  readonly dw: number;
  /** Channel groups (dividing `c` and `o`). */
  readonly groups: number;
}

/** One Adam or AdamW update ({@link Kernels.adam}): the hyperparameters and the step number. */
export interface AdamUpdate {
  /** Learning rate. */
  readonly lr: number;
  /** Decay rate of the first-moment average m. */
  readonly beta1: number;
  /** Decay rate of the second-moment average v. */
  readonly beta2: number;
  /** Added to the denominator. */
  readonly eps: number;
  /** Weight decay: wd·w added to the gradient (Adam), or w ← w·(1 − lr·wd) first (`decoupled`). */
  readonly weightDecay: number;
  /** AdamW's decoupled weight decay instead of Adam's L2 term. */
  readonly decoupled: boolean;
  /** The step number t, 1 for the first update (for the bias corrections 1 − b1^t, 1 − b2^t). */
  readonly step: number;
}

/**
 * The loops over typed arrays, behind one small interface. Op declarations and the engine call
 * only these, so a faster backend (SIMD, WebAssembly) can replace the reference one with
 * {@link setKernels} without touching ops or the engine.
 */
export interface Kernels {
  /** Backend name, e.g. `'reference'`. */
  readonly name: string;
  /**
   * The name of a backend whose op kernels (`registerKernel`) this one also runs, for ops with
   * none registered under {@link Kernels.name}: the fused multiply–add backend `'wasm-fma'` runs
   * the `'wasm-simd'` ones (it shares that backend's module). Absent for most backends.
   */
  readonly baseName?: string;
  /** `out[i] = f(x[i])`. `out` may alias `x`. */
  unary(kind: UnaryKind, x: TypedArray, out: TypedArray): void;
  /**
   * `out = f(a, b)` with NumPy broadcasting of `aShape` and `bShape` to `outShape`. `out` may
   * alias an operand that has the output's shape (in-place updates such as a bias add).
   */
  binary(
    kind: BinaryKind,
    a: TypedArray,
    aShape: Shape,
    b: TypedArray,
    bShape: Shape,
    out: TypedArray,
    outShape: Shape,
  ): void;
  /**
   * Reduces `x` (shape `shape`) over the sorted axes `axes` into `out`, laid out as `shape`
   * without those axes.
   */
  reduce(
    kind: ReduceKind,
    x: TypedArray,
    shape: Shape,
    axes: readonly number[],
    out: TypedArray,
  ): void;
  /**
   * One or many matrix products `out[b] = op(A[b]) @ op(B[b])`, `m x k` times `k x n`.
   * `aOffsets[b]`/`bOffsets[b]` give where each batch's matrix starts; `out` is dense
   * `batch x m x n`. With `transA`, A is stored `k x m` (and likewise `transB`: `n x k`).
   */
  matmul(
    a: TypedArray,
    aOffsets: ArrayLike<number>,
    b: TypedArray,
    bOffsets: ArrayLike<number>,
    out: TypedArray,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): void;
  /**
   * A dense layer's forward, `out = x @ wᵀ + bias`: `x` is `m x k`, `w` `n x k` (as `nn.Linear`
   * stores its weight), `bias` a length-`n` row added to every output row (or null), `out`
   * `m x n`. Within {@link Kernels.matmul}'s accuracy plus one rounding of the bias; a backend may
   * start its sums at the bias instead of adding it last.
   */
  linear(
    x: TypedArray,
    w: TypedArray,
    bias: TypedArray | null,
    out: TypedArray,
    m: number,
    k: number,
    n: number,
  ): void;
  /**
   * The backward of {@link Kernels.linear} for the gradient `g` of its output (`m x n`):
   * `gx = g @ w` (`m x k`), `gw = gᵀ @ x` (`n x k`) and `gb` the column sums of `g` (length `n`).
   * An output that is null is not computed. `gx` may be `g`'s own array (when `k` equals `n`):
   * every output is computed from `g` as it was. Within {@link Kernels.matmul}'s accuracy (and
   * {@link Kernels.reduce}'s for `gb`); a backend may share the work (read `g` once).
   */
  linearBackward(
    g: TypedArray,
    x: TypedArray,
    w: TypedArray,
    gx: TypedArray | null,
    gw: TypedArray | null,
    gb: TypedArray | null,
    m: number,
    k: number,
    n: number,
  ): void;
  /**
   * `out[i] = y[i] + alpha * x[i]` (BLAS axpy; an SGD step is `axpy(-lr, grad, w, w)`), evaluated
   * in float64 and rounded once to `out`'s dtype, so every backend gives the same bits. `x`, `y`
   * and `out` have one length; `out` may alias `y`.
   */
  axpy(alpha: number, x: TypedArray, y: TypedArray, out: TypedArray): void;
  /**
   * One Adam / AdamW update (`torch.optim.Adam`'s order of operations) of the weights `w` in
   * place, for the gradient `g`, with the moment averages `m` and `v` (float64, updated in place)
   * and, for AMSGrad, the running maximum `vmax` of `v` (else null); all of one length:
   * g ← g + wd·w (Adam) or w ← w·(1 − lr·wd) (AdamW); m ← b1·m + (1 − b1)·g;
   * v ← b2·v + ((1 − b2)·g)·g; v̂ = max(vmax, v) with AMSGrad (vmax ← v̂), else v;
   * w ← w − (lr / (1 − b1^t))·(m / (√v̂ / √(1 − b2^t) + eps)).
   * Evaluated in float64 and rounded once to `w`'s dtype, so every backend gives the same bits.
   */
  adam(
    w: TypedArray,
    g: TypedArray,
    m: Float64Array,
    v: Float64Array,
    vmax: Float64Array | null,
    update: AdamUpdate,
  ): void;
  /**
   * A 2-D convolution (cross-correlation, as PyTorch's `conv2d`) of `x` with `w`, plus `bias`
   * (length `o`, or null) on every output channel, into `out` (see {@link ConvGeometry}). Within
   * {@link Kernels.matmul}'s bound for `k = c / groups · kh · kw` plus one rounding of the bias.
   */
  conv2d(
    x: TypedArray,
    w: TypedArray,
    bias: TypedArray | null,
    out: TypedArray,
    geo: ConvGeometry,
  ): void;
  /**
   * The adjoint of {@link Kernels.conv2d} in its input (a transposed convolution): the input
   * gradient `gx` (`[n, c, h, w]`, overwritten) for the output gradient `g` (`[n, o, oh, ow]`).
   * Each element sums at most `o / groups · kh · kw` products: within the matmul bound for that `k`.
   */
  conv2dInputGrad(g: TypedArray, w: TypedArray, gx: TypedArray, geo: ConvGeometry): void;
  /**
   * The adjoint of {@link Kernels.conv2d} in its weight: the weight gradient `gw`
   * (`[o, c / groups, kh, kw]`, overwritten) for the output gradient `g`, summed over the batch.
   * Within the matmul bound for `k = n · oh · ow`.
   */
  conv2dWeightGrad(g: TypedArray, x: TypedArray, gw: TypedArray, geo: ConvGeometry): void;
  /** `out` = `x` (shape `shape`) with axes permuted by `perm`. */
  permute(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void;
  /**
   * Strided gather: for every index `i` of `outShape` (row-major),
   * `out[i] = x[offset + sum(idx[d] * strides[d])]`. Covers slicing and broadcasting (stride 0).
   */
  gatherStrided(
    x: TypedArray,
    offset: number,
    strides: readonly number[],
    out: TypedArray,
    outShape: Shape,
  ): void;
  /**
   * Strided scatter, the adjoint of {@link Kernels.gatherStrided}:
   * `out[offset + sum(idx[d] * strides[d])] += x[i]` for every index of `shape`.
   */
  scatterStrided(
    x: TypedArray,
    shape: Shape,
    out: TypedArray,
    offset: number,
    strides: readonly number[],
  ): void;
}
