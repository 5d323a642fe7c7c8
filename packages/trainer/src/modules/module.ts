/**
 * The `Module` base class: a tree of layers that owns parameters (trainable tensors), buffers
 * (state such as BatchNorm's running statistics) and seeded generators, like `torch.nn.Module`.
 */
import {
  ArgumentError,
  className,
  describe,
  GradscopeError,
  type Rng,
  ShapeError,
  sameShape,
  scope,
  Tensor,
} from '@gradscope/core';

/** A hook called after a module's forward: sees the input and output (may not replace them). */
export type ForwardHook = (module: Module, input: Tensor, output: Tensor) => void;

/** A state dict: dotted names to tensors (parameters and buffers). */
export type StateDict = Record<string, Tensor>;

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /** Require exactly the module's keys (default true). Shape mismatches always throw. */
  strict?: boolean;
}

/** What {@link Module.loadStateDict} found (thrown inside {@link StateDictError} on failure). */
export interface LoadReport {
  /** The module's state keys absent from the given state dict (an error when strict). */
  missingKeys: string[];
  /** Keys of the given state dict the module does not have (an error when strict). */
  unexpectedKeys: string[];
  /** Entries whose shape differs from the module's tensor (always an error). */
  shapeMismatches: Array<{
    /** Dotted state-dict key, e.g. `0.weight`. */
    key: string;
    /** Shape of the module's tensor. */
    expected: number[];
    /** Shape of the given tensor. */
    got: number[];
  }>;
  /** Entries with the right shape but another dtype (always an error). */
  dtypeMismatches: Array<{
    /** Dotted state-dict key, e.g. `0.weight`. */
    key: string;
    /** Dtype of the module's tensor. */
    expected: string;
    /** Dtype of the given tensor. */
    got: string;
  }>;
}

/** A state dict that does not fit the module; nothing was loaded. `report` has the details. */
export class StateDictError extends GradscopeError {
  static override readonly typeName: string = 'StateDictError';
  /** What did not fit: missing / unexpected keys, shape and dtype mismatches. */
  readonly report: LoadReport;
  constructor(message: string, report: LoadReport) {
    super(message);
    this.report = report;
  }
}

/**
 * Base class of every layer. Subclasses register parameters, buffers and children in their
 * constructor and implement {@link Module.forward}; callers use {@link Module.call}, which runs
 * forward inside a graph `scope` named after the module's path (so graph exports read layer by
 * layer) and then runs forward hooks.
 */
export abstract class Module {
  /** The class name, kept through minification (core's `className`). */
  static readonly typeName: string = 'Module';
  /** True in training mode (Dropout drops, BatchNorm uses batch statistics). */
  training = true;
  /** Name of the graph scope of a root module (children use their attribute name). */
  scopeName: string | undefined = undefined;
  private readonly _params = new Map<string, Tensor>();
  private readonly _buffers = new Map<string, Tensor>();
  private readonly _children = new Map<string, Module>();
  private readonly _rngs = new Map<string, Rng>();
  private readonly _hooks: ForwardHook[] = [];
  private _key: string | undefined = undefined;

  /** The computation. Call {@link Module.call} rather than this, to get scopes and hooks. */
  abstract forward(x: Tensor): Tensor;

  /**
   * Runs forward inside a graph scope and calls forward hooks: `y = module.call(x)`. The scope of
   * a child is `<attribute name>:<label>` (e.g. `0:Linear`, `1:tanh`), nested in its parent's, so
   * graph exports read `Sequential/0:Linear`; a root uses `scopeName` or its label.
   */
  call(x: Tensor): Tensor {
    const label = this.scopeLabel();
    const name = this._key === undefined ? (this.scopeName ?? label) : `${this._key}:${label}`;
    return scope(name, () => {
      const y = this.forward(x);
      for (const h of this._hooks) h(this, x, y);
      return y;
    });
  }

  /** What the module's graph scope calls it (default: the class name). */
  scopeLabel(): string {
    return className(this.constructor);
  }

  /** Adds a hook run after every {@link Module.call}; returns a function that removes it. */
  registerForwardHook(hook: ForwardHook): () => void {
    if (typeof hook !== 'function')
      throw new ArgumentError(`registerForwardHook: expected a function, got ${describe(hook)}`);
    this._hooks.push(hook);
    return () => {
      const i = this._hooks.indexOf(hook);
      if (i >= 0) this._hooks.splice(i, 1);
    };
  }

  /** Registers a trainable parameter: sets `requiresGrad`, `isParameter` and its name. */
  protected registerParameter(name: string, t: Tensor): Tensor {
    this.checkName(name);
    t.requiresGrad = true;
    t.isParameter = true;
    t.name = name;
    this._params.set(name, t);
    return t;
  }

  /** Registers a buffer: state saved in the state dict that is not trained. */
  protected registerBuffer(name: string, t: Tensor): Tensor {
    this.checkName(name);
    t.name = name;
    this._buffers.set(name, t);
    return t;
  }

  /** Registers a child module under `name`. */
  protected registerModule<M extends Module>(name: string, m: M): M {
    this.checkName(name);
    if (!(m instanceof Module))
      throw new ArgumentError(`registerModule('${name}'): expected a Module, got ${describe(m)}`);
    m._key = name;
    this._children.set(name, m);
    this.renameParameters();
    return m;
  }

  /** Registers a seeded generator (Dropout); checkpoints save its state. */
  protected registerRng(name: string, r: Rng): Rng {
    this._rngs.set(name, r);
    return r;
  }

  private checkName(name: string): void {
    if (typeof name !== 'string' || name.length === 0 || name.includes('.'))
      throw new ArgumentError(
        `module: names must be non-empty strings without '.', got ${describe(name)}`,
      );
    if (this._params.has(name) || this._buffers.has(name) || this._children.has(name))
      throw new ArgumentError(`module: the name '${name}' is already registered`);
  }

  private renameParameters(): void {
    for (const [n, p] of this.namedParameters()) p.name = n;
    for (const [n, b] of this.namedBuffers()) b.name = n;
  }

  /** Direct children, in registration order. */
  children(): Module[] {
    return [...this._children.values()];
  }

  /** Direct children with their attribute names. */
  namedChildren(): Array<[string, Module]> {
    return [...this._children.entries()];
  }

  /** This module and every descendant with dotted paths (this one is `''`), depth first. */
  namedModules(prefix = ''): Array<[string, Module]> {
    const out: Array<[string, Module]> = [[prefix, this]];
    for (const [k, c] of this._children) out.push(...c.namedModules(prefix ? `${prefix}.${k}` : k));
    return out;
  }

  /** This module and every descendant. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Every parameter with its dotted path (`'0.weight'`), in registration order. */
  namedParameters(prefix = ''): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    for (const [k, p] of this._params) out.push([prefix ? `${prefix}.${k}` : k, p]);
    for (const [k, c] of this._children)
      out.push(...c.namedParameters(prefix ? `${prefix}.${k}` : k));
    return out;
  }

  /** Every parameter (the list optimisers take). */
  parameters(): Tensor[] {
    const out: Tensor[] = [];
    for (const [, p] of this.namedParameters()) out.push(p);
    return out;
  }

  /** Every buffer with its dotted path. */
  namedBuffers(prefix = ''): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    for (const [k, b] of this._buffers) out.push([prefix ? `${prefix}.${k}` : k, b]);
    for (const [k, c] of this._children) out.push(...c.namedBuffers(prefix ? `${prefix}.${k}` : k));
    return out;
  }

  /** Every registered generator with its dotted path (for checkpoints). */
  namedRngs(prefix = ''): Array<[string, Rng]> {
    const out: Array<[string, Rng]> = [];
    for (const [k, r] of this._rngs) out.push([prefix ? `${prefix}.${k}` : k, r]);
    for (const [k, c] of this._children) out.push(...c.namedRngs(prefix ? `${prefix}.${k}` : k));
    return out;
  }

  /** Number of trainable scalars. */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /** Sets training mode on this module and all descendants; returns this. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode (`train(false)`); returns this. */
  eval(): this {
    return this.train(false);
  }

  /** Clears every parameter's gradient (`Tensor.zeroGrad`). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /**
   * Parameters and buffers by dotted name, in PyTorch's order: each module's own parameters,
   * then its own buffers, then its children's (`0.weight`, `0.bias`, `1.weight`, `1.bias`,
   * `1.running_mean`, ...). The tensors are the live ones (not copies).
   */
  stateDict(): StateDict {
    const sd: StateDict = {};
    for (const [path, m] of this.namedModules()) {
      const at = (k: string) => (path ? `${path}.${k}` : k);
      for (const [k, p] of m._params) sd[at(k)] = p;
      for (const [k, b] of m._buffers) sd[at(k)] = b;
    }
    return sd;
  }

  /**
   * Copies values from `sd` into this module's parameters and buffers, in place (references held
   * by optimisers stay valid). Checks everything first: on any missing key (strict), unexpected
   * key (strict), shape or dtype mismatch it throws a {@link StateDictError} and loads nothing.
   */
  loadStateDict(
    given: Readonly<Record<string, Tensor>>,
    options: LoadStateDictOptions = {},
  ): LoadReport {
    if (given === null || typeof given !== 'object')
      throw new ArgumentError(
        `loadStateDict: expected an object of tensors, got ${describe(given)}`,
      );
    const sd = this.renameLegacyKeys(given);
    const strict = options.strict ?? true;
    const own = this.stateDict();
    const report: LoadReport = {
      missingKeys: Object.keys(own).filter((k) => !Object.hasOwn(sd, k)),
      unexpectedKeys: Object.keys(sd).filter((k) => !Object.hasOwn(own, k)),
      shapeMismatches: [],
      dtypeMismatches: [],
    };
    for (const [k, t] of Object.entries(own)) {
      if (!Object.hasOwn(sd, k)) continue;
      const s = sd[k] as Tensor;
      if (s === null || typeof s !== 'object' || !('shape' in s) || !('data' in s))
        throw new ArgumentError(`loadStateDict: '${k}' is not a tensor: ${describe(s)}`);
      if (!sameShape(s.shape, t.shape))
        report.shapeMismatches.push({ key: k, expected: [...t.shape], got: [...s.shape] });
      else if (s.dtype !== t.dtype)
        report.dtypeMismatches.push({ key: k, expected: t.dtype, got: s.dtype });
    }
    const problems: string[] = [];
    if (strict && report.missingKeys.length > 0)
      problems.push(`missing keys: ${report.missingKeys.join(', ')}`);
    if (strict && report.unexpectedKeys.length > 0)
      problems.push(`unexpected keys: ${report.unexpectedKeys.join(', ')}`);
    for (const m of report.shapeMismatches)
      problems.push(`shape mismatch for '${m.key}': expected [${m.expected}], got [${m.got}]`);
    for (const m of report.dtypeMismatches)
      problems.push(`dtype mismatch for '${m.key}': expected ${m.expected}, got ${m.got}`);
    if (problems.length > 0)
      throw new StateDictError(`loadStateDict: nothing loaded; ${problems.join('; ')}`, report);
    for (const [k, t] of Object.entries(own)) {
      if (Object.hasOwn(sd, k)) t.data.set((sd[k] as Tensor).data);
    }
    return report;
  }

  /**
   * Keys this module's state dict used to have, by their current name (`{ runningMean:
   * 'running_mean' }`), so that older checkpoints still load. None by default.
   */
  protected legacyStateDictKeys(): Readonly<Record<string, string>> {
    return {};
  }

  /**
   * `sd` with every legacy key of every module (see {@link Module.legacyStateDictKeys}) under its
   * current name, cast to the current tensor's dtype (old counts were float32, now float64);
   * `sd` itself is not changed. A key given under both names keeps the current one.
   */
  private renameLegacyKeys(sd: Readonly<Record<string, Tensor>>): Readonly<Record<string, Tensor>> {
    let out: Record<string, Tensor> | null = null;
    const own = this.stateDict();
    for (const [path, m] of this.namedModules()) {
      for (const [old, now] of Object.entries(m.legacyStateDictKeys())) {
        const from = path ? `${path}.${old}` : old;
        const to = path ? `${path}.${now}` : now;
        if (!Object.hasOwn(sd, from) || Object.hasOwn(sd, to) || !Object.hasOwn(own, to)) continue;
        out ??= { ...sd };
        const t = sd[from] as Tensor;
        const target = own[to] as Tensor;
        out[to] = t instanceof Tensor && t.dtype !== target.dtype ? t.to(target.dtype) : t;
        delete out[from];
      }
    }
    return out ?? sd;
  }

  /** One-line description of this module's own configuration (e.g. `in=2, out=16`). */
  extraRepr(): string {
    return '';
  }

  /** The module tree, printed like PyTorch. */
  toString(): string {
    const head = `${className(this.constructor)}(${this.extraRepr()}`;
    if (this._children.size === 0) return `${head})`;
    const lines = [...this._children].map(([k, c]) => {
      const s = c.toString().split('\n').join('\n  ');
      return `  (${k}): ${s}`;
    });
    return `${head}\n${lines.join('\n')}\n)`;
  }
}

/** Throws a ShapeError unless `x` has rank >= 1 and its last axis is `n`. */
export function checkFeatures(where: string, x: Tensor, n: number): void {
  if (x.ndim < 1 || x.shape[x.ndim - 1] !== n) {
    throw new ShapeError(
      `${where}: expected input with last dimension ${n}, got shape [${x.shape.join(',')}]`,
    );
  }
}
