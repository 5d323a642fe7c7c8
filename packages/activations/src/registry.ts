/**
 * The activation registry: every built-in activation and every user-defined one, by name.
 * Built-ins register themselves through {@link registerActivation}, the same function a user
 * calls, when the package is imported.
 */
import { ArgumentError, type Attrs, defineOp, type Tensor, unknownName } from '@gradscope/core';
import { defineDerivedOps, type ForwardFn } from './derived.js';
import { describe } from './describe.js';
import { inferMeta } from './infer-meta.js';
import type { ActivationMeta, LearnableParameter, Smoothness } from './meta.js';
import { type ActivationParams, resolveParams } from './params.js';

/** An activation as the registry holds it. */
export interface Activation {
  /** Registry name, e.g. `'leakyRelu'`. */
  readonly name: string;
  /**
   * Applies the activation with fixed numeric parameters (defaults from `meta.params`), e.g.
   * `getActivation('leakyRelu').apply(x, { alpha: 0.2 })`. Unknown parameter names throw.
   */
  apply(x: Tensor, params?: ActivationParams): Tensor;
  /** Full metadata: range, smoothness, saturation, f'(0), origin (see {@link ActivationMeta}). */
  readonly meta: ActivationMeta;
  /** Learnable parameters a layer using this activation owns (PReLU's slope). */
  readonly parameters?: readonly LearnableParameter[];
  /** Name of the core op it applies (what graph exports show). */
  readonly op: string;
}

/** Metadata a user must give; everything else is computed by `analyze` when left out. */
export type ActivationMetaInput = Partial<ActivationMeta> & {
  /** Human-readable name for tables and legends (required). */
  readonly displayName: string;
  /** The formula (required; cannot be inferred). */
  readonly formula: {
    /** Plain-text formula, e.g. `'x * tanh(x)'`. */
    readonly text: string;
    /** The same formula as LaTeX source, e.g. `x \tanh x`. */
    readonly latex: string;
  };
  /** How smooth f is (required: sampling cannot tell a kink from a steep curve). */
  readonly smoothness: Smoothness;
};

/** Context of a user-supplied backward rule. */
export interface ActivationBackwardContext {
  /** The input the forward pass was applied to. */
  readonly x: Tensor;
  /** The forward output f(x) (reuse it when f' is cheaper from y, e.g. sigmoid: y (1 - y)). */
  readonly y: Tensor;
  /** The fixed numeric parameters, with defaults filled in. */
  readonly params: ActivationParams;
}

/**
 * What {@link registerActivation} takes. Give `forward` (elementwise, written with
 * differentiable tensor ops; a core op named `name` is defined for it) or `apply` (a function
 * that already applies a registered op, as the built-ins do).
 */
export interface ActivationSpec {
  /** Registry name: letters, digits, `_` or `.`, not starting with a digit (e.g. `'xtanh'`). */
  readonly name: string;
  /** Elementwise `f(x, params)` written with differentiable tensor ops; exclusive with `apply`. */
  readonly forward?: ForwardFn;
  /** Applies an already registered op, as the built-ins do; exclusive with `forward`. */
  readonly apply?: (x: Tensor, params?: ActivationParams) => Tensor;
  /**
   * Optional vector–Jacobian product `g * f'(x)` in differentiable ops (with `forward` only).
   * Without it, f' comes from autograd of `forward` (any order).
   */
  readonly backward?: (g: Tensor, ctx: ActivationBackwardContext) => Tensor;
  /** Metadata; fields left out (other than the required ones) are computed by `analyze`. */
  readonly meta: ActivationMetaInput;
  /** Learnable parameters a layer using this activation owns (copied to the {@link Activation}). */
  readonly parameters?: readonly LearnableParameter[];
  /** With `apply`: the op it applies (default `name`). */
  readonly op?: string;
}

// `var`: the table must exist whichever module of an import cycle loads first.
var table: Map<string, Activation> | undefined;
function activations(): Map<string, Activation> {
  if (table === undefined) table = new Map();
  return table;
}

/**
 * Registers an activation. With `forward`, defines a core op of the same name (so autograd,
 * graph export and gradcheck work with no other code) and fills metadata fields left out from
 * `analyze` (listed in `meta.inferred`). Re-registering a name needs `{ replace: true }`.
 *
 * @example
 * registerActivation({
 *   name: 'xtanh',
 *   forward: (x) => x.mul(tanh(x)),
 *   meta: {
 *     displayName: 'x tanh x',
 *     formula: { text: 'x * tanh(x)', latex: 'x \\tanh x' },
 *     smoothness: 'C-infinity',
 *   },
 * });
 * getActivation('xtanh').apply(x);
 */
export function registerActivation(
  spec: ActivationSpec,
  options: { replace?: boolean } = {},
): Activation {
  if (spec === null || typeof spec !== 'object') {
    throw new ArgumentError(`registerActivation: expected a spec object, got ${describe(spec)}`);
  }
  const { name } = spec;
  if (typeof name !== 'string' || !/^[A-Za-z_][\w.]*$/.test(name)) {
    throw new ArgumentError(
      `registerActivation: expected a name of letters, digits, '_' or '.', got ${describe(name)}`,
    );
  }
  if (activations().has(name) && !options.replace) {
    throw new ArgumentError(
      `registerActivation: an activation named '${name}' is already registered; pass { replace: true } to replace it`,
    );
  }
  const hasForward = typeof spec.forward === 'function';
  const hasApply = typeof spec.apply === 'function';
  if (hasForward === hasApply) {
    throw new ArgumentError(
      `registerActivation('${name}'): give exactly one of forward (a function of x) or apply, got ${hasForward ? 'both' : 'neither'}`,
    );
  }
  const meta = spec.meta as unknown;
  if (meta === null || typeof meta !== 'object') {
    throw new ArgumentError(
      `registerActivation('${name}'): meta must be an object, got ${describe(meta)}`,
    );
  }
  for (const k of ['displayName', 'smoothness'] as const) {
    if (typeof spec.meta[k] !== 'string') {
      throw new ArgumentError(
        `registerActivation('${name}'): meta.${k} must be a string, got ${describe(spec.meta[k])}`,
      );
    }
  }
  const f = spec.meta.formula as unknown as { text?: unknown; latex?: unknown } | undefined;
  if (typeof f?.text !== 'string' || typeof f?.latex !== 'string') {
    throw new ArgumentError(
      `registerActivation('${name}'): meta.formula must be { text, latex } strings, got ${describe(f)}`,
    );
  }
  const paramSpecs = spec.meta.params ?? [];
  let apply: (x: Tensor, params?: ActivationParams) => Tensor;
  let opName: string;
  if (spec.forward !== undefined) {
    const forward = spec.forward;
    const backward = spec.backward;
    const op =
      backward === undefined
        ? defineDerivedOps(name, forward, options)
        : defineOp<Attrs>(
            {
              name,
              arity: 1,
              doc: `user-defined activation '${name}'`,
              forward: ([x], attrs) => forward(x as Tensor, attrs as ActivationParams),
              backward: (g, { inputs: [x], output, attrs }) => [
                backward(g, { x: x as Tensor, y: output, params: attrs as ActivationParams }),
              ],
            },
            options,
          );
    apply = (x, params) => op([x], resolveParams(name, params, paramSpecs));
    opName = name;
  } else {
    const inner = spec.apply as (x: Tensor, params?: ActivationParams) => Tensor;
    // Parameter names are checked here once for every activation, so a typo never passes silently.
    apply = (x, params) => {
      if (params !== undefined) resolveParams(name, params, paramSpecs);
      return inner(x, params);
    };
    opName = spec.op ?? name;
  }
  const partial = {
    name,
    apply,
    op: opName,
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
  };
  const activation: Activation = Object.freeze({
    ...partial,
    meta: Object.freeze(inferMeta({ ...partial, meta: spec.meta })),
  });
  activations().set(name, activation);
  return activation;
}

/** The activation registered as `name`; unknown names throw a NotFoundError with the closest names. */
export function getActivation(name: string): Activation {
  const a = typeof name === 'string' ? activations().get(name) : undefined;
  if (a === undefined) throw unknownName('activation', name, [...activations().keys()].sort());
  return a;
}

/** True when an activation of that name is registered. */
export function hasActivation(name: string): boolean {
  return activations().has(name);
}

/** Every registered activation (objects, not names), sorted by name. */
export function listActivations(): Activation[] {
  return [...activations().values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}
