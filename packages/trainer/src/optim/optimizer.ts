/**
 * The optimiser base class: holds parameters and per-parameter state, and applies updates in
 * place to parameter data (so every reference to a parameter stays valid), outside autograd.
 */
import {
  ArgumentError,
  borrowGrad,
  className,
  describe,
  ShapeError,
  sameShape,
  type Tensor,
  type TypedArray,
} from '@gradscope/core';

/** Per-parameter optimiser state: named float64 buffers (`step`, `expAvg`, ...). */
export type ParamState = Record<string, Float64Array>;

/** A serialisable snapshot of an optimiser (see {@link Optimizer.stateDict}). */
export interface OptimizerState {
  /** Optimiser class name. */
  type: string;
  /** Hyper-parameters including the current `lr`. */
  hyper: Record<string, number | boolean>;
  /** One entry per parameter (same order as the constructor's list); empty before its first step. */
  state: ParamState[];
}

/** Throws an ArgumentError unless `v` is a finite number in the range. */
export function checkHyper(
  where: string,
  name: string,
  v: unknown,
  lo: number,
  hi = Number.POSITIVE_INFINITY,
  hiInclusive = true,
): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || (hiInclusive ? v > hi : v >= hi)) {
    const range =
      hi === Number.POSITIVE_INFINITY ? `>= ${lo}` : `in [${lo}, ${hi}${hiInclusive ? ']' : ')'}`;
    throw new ArgumentError(`${where}: ${name} must be a number ${range}, got ${describe(v)}`);
  }
  return v;
}

/** Base of SGD, Adam, AdamW, RMSProp and Adagrad. Subclasses implement {@link Optimizer.update}. */
export abstract class Optimizer {
  /** The class name, kept through minification (core's `className`). */
  static readonly typeName: string = 'Optimizer';
  /** The parameters updated, in order. */
  readonly params: readonly Tensor[];
  private _lr: number;
  /** Per-parameter state buffers, index-aligned with {@link Optimizer.params}; `{}` until a parameter's first step. */
  protected state: ParamState[];

  constructor(params: Iterable<Tensor>, lr: number) {
    const name = className(this.constructor);
    // A common slip is `model.parameters` (the method) instead of `model.parameters()`.
    if (
      params === null ||
      typeof (params as Partial<Iterable<Tensor>>)?.[Symbol.iterator] !== 'function'
    )
      throw new ArgumentError(
        `${name}: expected an iterable of parameters (e.g. model.parameters()), got ${typeof params === 'function' ? 'a function (did you forget to call it?)' : describe(params)}`,
      );
    const ps = [...(params as Iterable<Tensor>)];
    if (ps.length === 0) throw new ArgumentError(`${name}: got an empty parameter list`);
    ps.forEach((p, i) => {
      if (p === null || typeof p !== 'object' || !('data' in p) || !('shape' in p))
        throw new ArgumentError(`${name}: parameter ${i} is not a Tensor`);
      if (!p.requiresGrad)
        throw new ArgumentError(
          `${name}: parameter ${i}${p.name ? ` '${p.name}'` : ''} does not require grad`,
        );
    });
    if (new Set(ps).size !== ps.length)
      throw new ArgumentError(`${name}: a parameter appears more than once in the list`);
    this.params = ps;
    this._lr = checkHyper(name, 'lr', lr, 0);
    this.state = ps.map(() => ({}));
  }

  /** Learning rate (schedules change it). */
  get lr(): number {
    return this._lr;
  }
  /** Sets the learning rate: a finite number >= 0 (ArgumentError otherwise); used from the next {@link Optimizer.step}. */
  set lr(v: number) {
    this._lr = checkHyper(className(this.constructor), 'lr', v, 0);
  }

  /** Hyper-parameters other than lr, for state dicts and printing. */
  protected abstract hyper(): Record<string, number | boolean>;
  /** Restores hyper-parameters from {@link Optimizer.hyper}'s output. */
  protected abstract setHyper(h: Record<string, number | boolean>): void;

  /**
   * Updates one parameter in place. `w` is the parameter's data: read each `w[i]` before writing
   * it and write it once (the new value, computed in float64 and rounded to the data's type by
   * the store, exactly as a float64 copy written back with `set` would be); `g` is the gradient's
   * data (read only); `s` the parameter's state buffers (update them in place; `buf` creates a
   * missing one). It must not throw once it has written anything: {@link Optimizer.step} checks
   * every gradient before any update.
   */
  protected abstract update(w: TypedArray, g: TypedArray, s: ParamState, lr: number): void;

  /**
   * Sets every parameter's gradient to null (`Tensor.zeroGrad`: a gradient only this optimiser
   * borrowed gives its array to the next backward).
   */
  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /**
   * One update of every parameter that has a gradient, in place (parameter data and state
   * buffers, no copies). Every gradient's shape is checked before any parameter changes, so an
   * error leaves parameters and state as they were.
   */
  step(): void {
    const grads = this.params.map((p, i) => this.gradOf(p, i));
    grads.forEach((grad, i) => {
      if (grad === null) return;
      this.update(
        (this.params[i] as Tensor).data,
        grad.data,
        this.state[i] as ParamState,
        this._lr,
      );
    });
  }

  /** Parameter `i`'s gradient (null if it has none); a ShapeError if its shape is not the parameter's. */
  protected gradOf(p: Tensor, i: number): Tensor | null {
    // Borrowed (core's borrowGrad): the step reads it and keeps nothing, so the array can be
    // reused by the next backward after zeroGrad.
    const grad = borrowGrad(p);
    if (grad !== null && !sameShape(grad.shape, p.shape))
      throw new ShapeError(
        `${className(this.constructor)}.step: gradient of parameter ${i}${p.name ? ` '${p.name}'` : ''} has shape [${grad.shape.join(',')}], parameter has [${p.shape.join(',')}]`,
      );
    return grad;
  }

  /** Hyper-parameters and per-parameter state (copies). */
  stateDict(): OptimizerState {
    return {
      type: className(this.constructor),
      hyper: { lr: this._lr, ...this.hyper() },
      state: this.state.map((s) =>
        Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.slice()])),
      ),
    };
  }

  /** Restores {@link Optimizer.stateDict} output (checked fully before anything changes). */
  loadStateDict(sd: OptimizerState): void {
    const name = className(this.constructor);
    if (sd === null || typeof sd !== 'object' || !Array.isArray(sd.state))
      throw new ArgumentError(`${name}.loadStateDict: expected the object from stateDict()`);
    if (sd.hyper === null || typeof sd.hyper !== 'object' || Array.isArray(sd.hyper))
      throw new ArgumentError(`${name}.loadStateDict: hyper must be an object of hyper-parameters`);
    if (sd.type !== name)
      throw new ArgumentError(`${name}.loadStateDict: state comes from a ${String(sd.type)}`);
    if (sd.state.length !== this.params.length)
      throw new ArgumentError(
        `${name}.loadStateDict: state has ${sd.state.length} parameters, optimiser has ${this.params.length}`,
      );
    sd.state.forEach((s, i) => {
      const n = (this.params[i] as Tensor).size;
      for (const [k, v] of Object.entries(s)) {
        if (!(v instanceof Float64Array))
          throw new ArgumentError(`${name}.loadStateDict: state ${i}.${k} must be a Float64Array`);
        if (k !== 'step' && v.length !== n)
          throw new ShapeError(
            `${name}.loadStateDict: state ${i}.${k} has ${v.length} values, parameter ${i} has ${n}`,
          );
      }
    });
    const { lr, ...rest } = sd.hyper;
    // lr is checked first and set last: setHyper checks all of its values before setting any.
    const newLr = checkHyper(`${name}.loadStateDict`, 'lr', lr, 0);
    this.setHyper(rest);
    this._lr = newLr;
    this.state = sd.state.map((s) =>
      Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.slice()])),
    );
  }
}

/** Reads a state buffer, creating it filled with `init` on first use. */
export function buf(s: ParamState, key: string, n: number, init = 0): Float64Array {
  let b = s[key];
  if (b === undefined) {
    b = new Float64Array(n);
    if (init !== 0) b.fill(init);
    s[key] = b;
  }
  return b;
}

/** Increments and returns the per-parameter step counter. */
export function nextStep(s: ParamState): number {
  const b = buf(s, 'step', 1);
  b[0] = (b[0] as number) + 1;
  return b[0] as number;
}
