/**
 * The n-d array with autograd: typed-array storage (float32 by default, float64 on request),
 * row-major, any rank including 0-d scalars.
 *
 * This module is a leaf: it imports no op and not the engine, so that every op module can import
 * it without an import cycle. The chained methods (`t.add(o)`, `t.sum()`, `t.backward()`) call
 * the functions in `tensor-methods.ts`, which the op modules and the engine fill in when they
 * load (as TensorFlow.js attaches its chained ops from `public/chained_ops`); the package entry
 * loads all of them.
 */
import { allocate, type DType, dtypeOf, recycle, type TypedArray } from './dtype.js';
import { ArgumentError, GraphError, ShapeError } from './errors.js';
import { formatTensor } from './format.js';
import { buildNested, flattenNested, type NestedArray } from './nested.js';
import type { Node } from './node.js';
import type { MatmulOptions } from './ops/matmul.js';
import type { Axis } from './ops/reduce.js';
import {
  copyShape,
  describe,
  formatShape,
  frozenShape,
  type Shape,
  sameShape,
  squeezedShape,
  unsqueezedShape,
} from './shape.js';
import { type BackwardOptions, tensorMethods } from './tensor-methods.js';

const m = tensorMethods;

/** Anything ops accept as an operand: a tensor or a plain number (a scalar of the other's dtype). */
export type TensorLike = Tensor | number;

/** A gradient hook: sees the gradient flowing into a tensor; may return a replacement. */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook may be a block that returns nothing
export type GradHook = (grad: Tensor) => Tensor | undefined | void;

/** Handle returned by {@link Tensor.registerHook}. */
export interface HookHandle {
  /** Stops the hook from being called. */
  remove(): void;
}

let nextTensorId = 1;

/** An n-dimensional array that can record the ops applied to it, for reverse-mode autograd. */
export class Tensor {
  /** Row-major element storage. Treat as read-only unless you own the tensor. */
  readonly data: TypedArray;
  /** Size of each axis. */
  readonly shape: Shape;
  /** Element type. */
  readonly dtype: DType;
  /** Unique id (creation order), used by graph exports. */
  readonly id: number = nextTensorId++;
  /** @internal The gradient behind `.grad` (read without marking it: `borrowGrad`). */
  _grad: Tensor | null = null;
  /** @internal True while nobody read `_grad` through `.grad` (see {@link Tensor.zeroGrad}). */
  _gradUnread = false;
  /** Optional user label shown in graph exports (see {@link Tensor.named}). */
  name: string | undefined = undefined;
  /** True for trainable parameters (set by modules); graph exports show it. */
  isParameter = false;
  private _requiresGrad = false;
  private _node: Node | null = null;
  private _retainGrad = false;
  private _hooks: GradHook[] | null = null;
  /** @internal Only `ownership.ts` uses it: 1 while only the engine holds this gradient (2: fresh). */
  _ownership: 0 | 1 | 2 = 0;

  /** @internal Use {@link tensor} or the factories; this does not validate. */
  constructor(data: TypedArray, shape: Shape) {
    this.data = data;
    this.shape = shape;
    this.dtype = dtypeOf(data);
  }

  /** @internal Wraps a typed array without copying or validating. */
  static _make(data: TypedArray, shape: Shape): Tensor {
    return new Tensor(data, Object.isFrozen(shape) ? shape : frozenShape(shape));
  }

  /** A 0-d tensor holding `v`. */
  static scalar(v: number, dtype: DType = 'float32'): Tensor {
    const d = allocate(dtype, 1);
    d[0] = v;
    return Tensor._make(d, []);
  }

  /** Converts a number or nested array to a tensor (tensors pass through). */
  static from(x: TensorLike | NestedArray, where = 'tensor', dtype: DType = 'float32'): Tensor {
    if (x instanceof Tensor) return x;
    if (typeof x === 'number') return Tensor.scalar(x, dtype);
    if (Array.isArray(x)) {
      const { values, shape } = flattenNested(x, where);
      const d = allocate(dtype, values.length);
      d.set(values);
      return Tensor._make(d, shape);
    }
    throw new ArgumentError(
      `${where}: expected a Tensor, a number or nested arrays of numbers, got ${describe(x)}`,
    );
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }
  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }
  /** The op node that produced this tensor, or null for leaves. */
  get node(): Node | null {
    return this._node;
  }
  /** True when this tensor was not produced by a recorded op. */
  get isLeaf(): boolean {
    return this._node === null;
  }
  /** Whether gradients flow to this tensor. Settable on leaves only. */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  /**
   * Turns gradient tracking on or off. Turning it off on a non-leaf (an op's output) throws a
   * {@link GraphError} (use `.detach()`); a non-boolean throws an {@link ArgumentError}.
   */
  set requiresGrad(v: boolean) {
    if (this._node !== null && !v) {
      throw new GraphError(
        `requiresGrad: cannot turn off gradients of a non-leaf tensor (made by '${this._node.op.name}'); use .detach()`,
      );
    }
    if (typeof v !== 'boolean')
      throw new ArgumentError(`requiresGrad: expected a boolean, got ${describe(v)}`);
    this._requiresGrad = v;
  }
  /** True after {@link Tensor.retainGrad} on a non-leaf. */
  get retainsGrad(): boolean {
    return this._retainGrad;
  }

  /** Sets `requiresGrad` and returns this tensor (chainable). */
  setRequiresGrad(v = true): this {
    this.requiresGrad = v;
    return this;
  }

  /** Sets a label shown in graph exports and returns this tensor. */
  named(name: string): this {
    if (typeof name !== 'string')
      throw new ArgumentError(`named: expected a string, got ${describe(name)}`);
    this.name = name;
    return this;
  }

  /** @internal */
  _setNode(node: Node): void {
    this._node = node;
    this._requiresGrad = true;
  }

  /** Keep this non-leaf tensor's gradient in `.grad` during `backward()`. */
  retainGrad(): this {
    if (!this._requiresGrad) {
      throw new GraphError(
        'retainGrad: this tensor does not require grad, so it will never receive a gradient',
      );
    }
    if (this._node !== null) this._retainGrad = true;
    return this;
  }

  /**
   * Calls `hook(grad)` whenever a gradient flows into this tensor during backward; a returned
   * tensor replaces the gradient. Works on leaves and non-leaves.
   */
  registerHook(hook: GradHook): HookHandle {
    if (typeof hook !== 'function')
      throw new ArgumentError(`registerHook: expected a function, got ${describe(hook)}`);
    if (!this._requiresGrad) {
      throw new GraphError(
        'registerHook: cannot register a hook on a tensor that does not require grad',
      );
    }
    if (this._hooks === null) this._hooks = [];
    this._hooks.push(hook);
    return {
      remove: () => {
        this._hooks = (this._hooks ?? []).filter((h) => h !== hook);
      },
    };
  }

  /** @internal True when gradient hooks are registered on this tensor. */
  get hasHooks(): boolean {
    return this._hooks !== null && this._hooks.length > 0;
  }

  /** @internal */
  _runHooks(g: Tensor): Tensor {
    if (this._hooks === null) return g;
    for (const h of this._hooks) {
      const r = h(g);
      if (r !== undefined && r !== null) {
        if (!(r instanceof Tensor))
          throw new ArgumentError(
            `gradient hook returned ${describe(r)}; expected a Tensor or nothing`,
          );
        if (!sameShape(r.shape, g.shape)) {
          throw new ShapeError(
            `gradient hook returned shape ${formatShape(r.shape)}; expected ${formatShape(g.shape)}`,
          );
        }
        g = r;
      }
    }
    return g;
  }

  /** Gradient accumulated by `backward()` (leaves and `retainGrad()` tensors), or null. */
  get grad(): Tensor | null {
    this._gradUnread = false; // whoever reads it may keep it: its array is never reused
    return this._grad;
  }
  /** Sets the gradient (whoever sets it holds it, so its array is never reused). */
  set grad(g: Tensor | null) {
    this._grad = g;
    this._gradUnread = false;
  }

  /**
   * Clears `.grad` (sets it to null, as PyTorch's `zero_grad()`); returns this tensor. A gradient
   * backward made and nobody read through `.grad` (only `borrowGrad`) gives its array to the
   * next backward (a fresh 64 KiB array costs about 47 µs in Chromium, 5 µs in Node).
   */
  zeroGrad(): this {
    if (this._grad !== null && this._gradUnread) recycle(this._grad.data);
    this._grad = null;
    this._gradUnread = false;
    return this;
  }

  /**
   * Back-propagates from this tensor. A scalar needs no `grad`; a non-scalar needs a gradient of
   * its shape (as in PyTorch). Gradients accumulate into leaves' `.grad`. The graph is released
   * afterwards unless `retainGraph`; `createGraph` records the backward pass for higher order.
   */
  backward(grad?: TensorLike | null, options: BackwardOptions = {}): void {
    let g: Tensor;
    if (grad === undefined || grad === null) {
      if (this.size !== 1) {
        throw new GraphError(
          `backward: output has shape ${formatShape(this.shape)}; a gradient is only implied for scalar outputs, pass one of shape ${formatShape(this.shape)}`,
        );
      }
      g = Tensor._make(allocate(this.dtype, 1).fill(1), this.shape);
    } else {
      g = Tensor.from(grad, 'backward', this.dtype);
      if (g.size === 1 && this.size === 1 && g.ndim !== this.ndim)
        g = g.reshape(copyShape(this.shape));
      if (!sameShape(g.shape, this.shape)) {
        throw new ShapeError(
          `backward: gradient shape ${formatShape(g.shape)} does not match output shape ${formatShape(this.shape)}`,
        );
      }
    }
    m.backward(this, g, options);
  }

  /** A tensor sharing this data with no history and no gradient. */
  detach(): Tensor {
    const t = new Tensor(this.data, this.shape);
    t.name = this.name;
    return t;
  }

  /** A copy of the data with no history. */
  clone(): Tensor {
    const d = allocate(this.dtype, this.data.length);
    d.set(this.data);
    return Tensor._make(d, this.shape);
  }

  /** {@inheritDoc "@gradscope/core"!cast} */
  to(dtype: DType): Tensor {
    return m.cast(this, dtype);
  }

  /** The elements as nested arrays (a number for 0-d). */
  toArray(): NestedArray {
    return buildNested(this.data, this.shape);
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.size !== 1)
      throw new ShapeError(
        `item: expected a tensor with one element, got shape ${formatShape(this.shape)}`,
      );
    return this.data[0] as number;
  }

  /** PyTorch-like text, elided for large tensors. */
  toString(): string {
    return formatTensor(this);
  }

  /** Node's util.inspect uses this (console.log in Node prints like PyTorch). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // --- elementwise -----------------------------------------------------------------------------
  /** {@inheritDoc "@gradscope/core"!add} */
  add(o: TensorLike): Tensor {
    return m.add(this, o);
  }
  /** {@inheritDoc "@gradscope/core"!sub} */
  sub(o: TensorLike): Tensor {
    return m.sub(this, o);
  }
  /** {@inheritDoc "@gradscope/core"!mul} */
  mul(o: TensorLike): Tensor {
    return m.mul(this, o);
  }
  /** {@inheritDoc "@gradscope/core"!div} */
  div(o: TensorLike): Tensor {
    return m.div(this, o);
  }
  /** {@inheritDoc "@gradscope/core"!pow} */
  pow(p: TensorLike): Tensor {
    return m.pow(this, p);
  }
  /** {@inheritDoc "@gradscope/core"!neg} */
  neg(): Tensor {
    return m.neg(this);
  }
  /** {@inheritDoc "@gradscope/core"!exp} */
  exp(): Tensor {
    return m.exp(this);
  }
  /** {@inheritDoc "@gradscope/core"!log} */
  log(): Tensor {
    return m.log(this);
  }
  /** {@inheritDoc "@gradscope/core"!log1p} */
  log1p(): Tensor {
    return m.log1p(this);
  }
  /** {@inheritDoc "@gradscope/core"!expm1} */
  expm1(): Tensor {
    return m.expm1(this);
  }
  /** {@inheritDoc "@gradscope/core"!sqrt} */
  sqrt(): Tensor {
    return m.sqrt(this);
  }
  /** {@inheritDoc "@gradscope/core"!abs} */
  abs(): Tensor {
    return m.abs(this);
  }
  /** {@inheritDoc "@gradscope/core"!square} */
  square(): Tensor {
    return m.square(this);
  }
  /** {@inheritDoc "@gradscope/core"!sign} */
  sign(): Tensor {
    return m.sign(this);
  }
  /** {@inheritDoc "@gradscope/core"!maximum} */
  maximum(o: TensorLike): Tensor {
    return m.maximum(this, o);
  }
  /** {@inheritDoc "@gradscope/core"!minimum} */
  minimum(o: TensorLike): Tensor {
    return m.minimum(this, o);
  }
  /** {@inheritDoc "@gradscope/core"!clamp} */
  clamp(min?: number | null, max?: number | null): Tensor {
    return m.clamp(this, min, max);
  }
  /** {@inheritDoc "@gradscope/core"!greater} */
  gt(o: TensorLike): Tensor {
    return m.greater(this, o);
  }
  /** {@inheritDoc "@gradscope/core"!greaterEqual} */
  ge(o: TensorLike): Tensor {
    return m.greaterEqual(this, o);
  }
  /** {@inheritDoc "@gradscope/core"!less} */
  lt(o: TensorLike): Tensor {
    return m.less(this, o);
  }
  /** {@inheritDoc "@gradscope/core"!lessEqual} */
  le(o: TensorLike): Tensor {
    return m.lessEqual(this, o);
  }
  /** {@inheritDoc "@gradscope/core"!equal} */
  eq(o: TensorLike): Tensor {
    return m.equal(this, o);
  }
  /** {@inheritDoc "@gradscope/core"!notEqual} */
  ne(o: TensorLike): Tensor {
    return m.notEqual(this, o);
  }

  // --- linear algebra --------------------------------------------------------------------------
  /** {@inheritDoc "@gradscope/core"!matmul} */
  matmul(o: TensorLike, options?: MatmulOptions): Tensor {
    return m.matmul(this, o, options);
  }
  /** {@inheritDoc "@gradscope/core"!matrixTranspose} */
  mT(): Tensor {
    return m.matrixTranspose(this);
  }

  // --- reductions ------------------------------------------------------------------------------
  /** {@inheritDoc "@gradscope/core"!sum} */
  sum(axis?: Axis, keepDims = false): Tensor {
    return m.sum(this, axis, keepDims);
  }
  /** {@inheritDoc "@gradscope/core"!mean} */
  mean(axis?: Axis, keepDims = false): Tensor {
    return m.mean(this, axis, keepDims);
  }
  /** {@inheritDoc "@gradscope/core"!max} */
  max(axis?: Axis, keepDims = false): Tensor {
    return m.max(this, axis, keepDims);
  }
  /** {@inheritDoc "@gradscope/core"!min} */
  min(axis?: Axis, keepDims = false): Tensor {
    return m.min(this, axis, keepDims);
  }
  /** {@inheritDoc "@gradscope/core"!logSumExp} */
  logSumExp(axis?: Axis, keepDims = false): Tensor {
    return m.logSumExp(this, axis, keepDims);
  }

  // --- shape -----------------------------------------------------------------------------------
  /** {@inheritDoc "@gradscope/core"!reshape} */
  reshape(shape: readonly number[]): Tensor {
    return m.reshape(this, shape);
  }
  /** Flattens to 1-D. */
  flatten(): Tensor {
    return m.reshape(this, [this.size]);
  }
  /** Inserts an axis of size 1 at `axis`. */
  unsqueeze(axis: number): Tensor {
    return m.reshape(this, unsqueezedShape(this.shape, axis));
  }
  /** Removes axes of size 1 (all of them, or the given one). */
  squeeze(axis?: number): Tensor {
    return m.reshape(this, squeezedShape(this.shape, axis));
  }
  /** {@inheritDoc "@gradscope/core"!transpose} */
  transpose(axes?: readonly number[]): Tensor {
    return m.transpose(this, axes);
  }
  /** {@inheritDoc "@gradscope/core"!permute} */
  permute(perm: readonly number[]): Tensor {
    return m.permute(this, perm);
  }
  /** {@inheritDoc "@gradscope/core"!expand} */
  expand(shape: readonly number[]): Tensor {
    return m.expand(this, shape);
  }
  /** {@inheritDoc "@gradscope/core"!expand} */
  broadcastTo(shape: readonly number[]): Tensor {
    return m.expand(this, shape);
  }
  /** {@inheritDoc "@gradscope/core"!sumToShape} */
  sumToShape(shape: Shape, where?: string): Tensor {
    return m.sumToShape(this, shape, where);
  }
  /** {@inheritDoc "@gradscope/core"!slice} */
  slice(begin: readonly number[], size?: readonly number[]): Tensor {
    return m.slice(this, begin, size);
  }
  /** {@inheritDoc "@gradscope/core"!gather} */
  gather(index: TensorLike | readonly number[] | readonly number[][], axis: number): Tensor {
    return m.gather(this, index, axis);
  }

  // --- normalisation ---------------------------------------------------------------------------
  /** {@inheritDoc "@gradscope/core"!softmax} */
  softmax(axis = -1): Tensor {
    return m.softmax(this, axis);
  }
  /** {@inheritDoc "@gradscope/core"!logSoftmax} */
  logSoftmax(axis = -1): Tensor {
    return m.logSoftmax(this, axis);
  }
}
