import { applyOp } from './engine.js';
import { ArgumentError, unknownName } from './errors.js';
import { describe } from './shape.js';
import type { Tensor, TensorLike } from './tensor.js';

/** Attributes of an op application: plain data (numbers, strings, arrays), shown in graph exports. */
export type Attrs = Readonly<Record<string, unknown>>;

/** What a backward rule sees. */
export interface BackwardContext<A extends Attrs = Attrs> {
  /** The op's inputs, as they were at forward time. */
  readonly inputs: readonly Tensor[];
  /** The op's output (saved for rules such as sigmoid's `dy * y * (1 - y)`). */
  readonly output: Tensor;
  /** The attributes the op was applied with. */
  readonly attrs: A;
  /** Which inputs need a gradient; a rule may skip the others (return null). */
  readonly needsInputGrad: readonly boolean[];
  /**
   * True when `g` is a gradient the engine made for this node alone, that no hook, `retainGrad`,
   * engine observer, caller or other rule can see, in a backward pass that is not recorded: the
   * rule may then write its result into `g.data` and return `g` (an in-place backward that saves
   * an allocation, as PyTorch's in-place `*_backward` kernels do). False otherwise. When true and
   * the rule returns nothing that shares `g`'s memory, the engine reuses that memory for later
   * gradients once the rule returns: a rule that wants `g` afterwards keeps `g.clone()`.
   */
  readonly gradWritable: boolean;
}

/**
 * The declaration of an op: everything the engine knows about it. The engine never
 * special-cases an op; graph export, gradcheck and autograd all read this record.
 */
export interface OpSpec<A extends Attrs = Attrs> {
  /** Unique name, e.g. `'mul'` or `'myproject.swishBeta'`. */
  readonly name: string;
  /** Number of tensor inputs, or `'variadic'` (one or more, e.g. concat). */
  readonly arity: number | 'variadic';
  /**
   * Computes the output. Runs with recording off, so it may call kernels directly or compose
   * other tensor ops. Inputs arrive as tensors of one dtype.
   */
  forward(inputs: readonly Tensor[], attrs: A): Tensor;
  /**
   * The vector–Jacobian product: given the gradient of the output, the gradient of each input
   * (or null). Written with differentiable tensor ops, so gradients of gradients work. A rule
   * may return a gradient with a broadcast shape: the engine sums it to the input's shape.
   * Ops without a backward rule (comparisons, oneHot) produce outputs that need no gradient.
   */
  backward?(grad: Tensor, ctx: BackwardContext<A>): ReadonlyArray<Tensor | null | undefined>;
  /** Optional argument check run before forward; throw an error from `errors.ts` on bad input. */
  validate?(inputs: readonly Tensor[], attrs: A): void;
  /** Optional multiply–accumulate count, for model summaries. */
  macs?(inputs: readonly Tensor[], output: Tensor, attrs: A): number;
  /**
   * One-line description for tools that list ops (graph and model exports). Core's and the
   * activations' public ops take it from their function's doc comment, copied at build time
   * into `op-docs.generated.ts`, so that it is written once.
   */
  readonly doc?: string;
  /** Inputs that may have a dtype other than the first input's (indices, masks). */
  readonly mixedDTypes?: boolean;
}

/** A registered op: its declaration plus a function that applies it. */
export interface OpDef<A extends Attrs = Attrs> extends OpSpec<A> {
  /** Applies the op to inputs (numbers become scalars of the first tensor's dtype). */
  apply(inputs: readonly TensorLike[], attrs?: A): Tensor;
}

/** The callable returned by {@link defineOp}: `op([a, b], attrs)`, with `.def` for the record. */
export type OpFn<A extends Attrs = Attrs> = ((
  inputs: readonly TensorLike[],
  attrs?: A,
) => Tensor) & {
  /** The registered, frozen op record (the object {@link getOp} returns for this name). */
  readonly def: OpDef<A>;
};

const table = new Map<string, OpDef>();

const EMPTY_ATTRS: Attrs = Object.freeze({});

/**
 * Registers an op and returns a function that applies it. Core defines all of its own ops with
 * this; a user-defined op gets autograd, graph export and gradcheck with no other code.
 * Defining an existing name is an error unless `{ replace: true }`.
 *
 * @example
 * const cube = defineOp({
 *   name: 'cube', arity: 1,
 *   forward: ([x]) => x.mul(x).mul(x),
 *   backward: (g, { inputs: [x] }) => [g.mul(x.square()).mul(3)],
 * });
 * cube([tensor([2])]); // tensor([8])
 */
export function defineOp<A extends Attrs = Attrs>(
  spec: OpSpec<A>,
  options: { replace?: boolean } = {},
): OpFn<A> {
  if (spec === null || typeof spec !== 'object') {
    throw new ArgumentError(`defineOp: expected an op spec object, got ${describe(spec)}`);
  }
  if (typeof spec.name !== 'string' || spec.name.length === 0) {
    throw new ArgumentError(
      `defineOp: expected a non-empty string name, got ${describe(spec.name)}`,
    );
  }
  if (!(spec.arity === 'variadic' || (Number.isInteger(spec.arity) && spec.arity >= 0))) {
    throw new ArgumentError(
      `defineOp('${spec.name}'): arity must be a non-negative integer or 'variadic', got ${describe(spec.arity)}`,
    );
  }
  if (typeof spec.forward !== 'function') {
    throw new ArgumentError(
      `defineOp('${spec.name}'): forward must be a function, got ${describe(spec.forward)}`,
    );
  }
  if (spec.backward !== undefined && typeof spec.backward !== 'function') {
    throw new ArgumentError(
      `defineOp('${spec.name}'): backward must be a function, got ${describe(spec.backward)}`,
    );
  }
  if (table.has(spec.name) && !options.replace) {
    throw new ArgumentError(
      `defineOp: an op named '${spec.name}' is already defined; pass { replace: true } to replace it`,
    );
  }
  // Every record has the same keys in the same order (absent ones undefined), so every op record
  // looks alike to the engine that reads it on every op.
  const def = {
    name: spec.name,
    arity: spec.arity,
    forward: spec.forward,
    backward: spec.backward,
    validate: spec.validate,
    macs: spec.macs,
    doc: spec.doc,
    mixedDTypes: spec.mixedDTypes,
    apply(inputs: readonly TensorLike[], attrs?: A): Tensor {
      return applyOp(def as unknown as OpDef, inputs, (attrs ?? EMPTY_ATTRS) as Attrs);
    },
  } as OpDef<A>;
  // Keys of the spec beyond the declared ones stay on the record, as before.
  for (const k of Object.keys(spec)) {
    if (!(k in def))
      (def as unknown as Record<string, unknown>)[k] = (spec as unknown as Record<string, unknown>)[
        k
      ];
  }
  Object.freeze(def);
  table.set(spec.name, def as unknown as OpDef);
  const fn = ((inputs: readonly TensorLike[], attrs?: A) =>
    applyOp(def as unknown as OpDef, inputs, (attrs ?? EMPTY_ATTRS) as Attrs)) as OpFn<A>;
  Object.defineProperty(fn, 'def', { value: def });
  Object.defineProperty(fn, 'name', { value: spec.name });
  return fn;
}

/** The registered op named `name`; throws a NotFoundError with the closest names. */
export function getOp(name: string): OpDef {
  const d = table.get(name);
  if (!d) throw unknownName('op', name, [...table.keys()]);
  return d;
}

/** True when an op of that name is registered. */
export function hasOp(name: string): boolean {
  return table.has(name);
}

/** Names of all registered ops, sorted. */
export function listOps(): string[] {
  return [...table.keys()].sort();
}
