/**
 * Registering activations: every built-in activation and every user-defined one goes through
 * {@link registerActivation}, the same function a user calls, when the package is imported.
 * The table it writes, and `getActivation` reads, is `activation-table.ts`.
 */
import {
  ArgumentError,
  type Attrs,
  defineOp,
  describe,
  type OpFn,
  type Tensor,
} from '@gradscope/core';
import { type Activation, hasActivation, storeActivation } from './activation-table.js';
import { defineDerivedOps, type ForwardFn } from './derived.js';
import { inferMeta } from './infer-meta.js';
import type { ActivationMetaInput, LearnableParameter } from './meta.js';
import { type ActivationParams, resolveParams } from './params.js';

export {
  type Activation,
  getActivation,
  hasActivation,
  listActivations,
} from './activation-table.js';
export type { ActivationMetaInput } from './meta.js';

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

/** `apply(x, params)` of an activation. */
type ApplyFn = (x: Tensor, params?: ActivationParams) => Tensor;

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
  checkSpec(spec, options);
  const { apply, op } = buildApply(spec, options);
  const activation = buildActivation(spec, apply, op);
  storeActivation(activation);
  return activation;
}

/** Throws an ArgumentError unless `spec` is a complete spec whose name may be (re)registered. */
function checkSpec(spec: ActivationSpec, options: { replace?: boolean }): void {
  if (spec === null || typeof spec !== 'object') {
    throw new ArgumentError(`registerActivation: expected a spec object, got ${describe(spec)}`);
  }
  const { name } = spec;
  if (typeof name !== 'string' || !/^[A-Za-z_][\w.]*$/.test(name)) {
    throw new ArgumentError(
      `registerActivation: expected a name of letters, digits, '_' or '.', got ${describe(name)}`,
    );
  }
  if (hasActivation(name) && !options.replace) {
    throw new ArgumentError(
      `registerActivation: an activation named '${name}' is already registered; pass { replace: true } to replace it`,
    );
  }
  const hasForward = typeof spec.forward === 'function';
  if (hasForward === (typeof spec.apply === 'function')) {
    throw new ArgumentError(
      `registerActivation('${name}'): give exactly one of forward (a function of x) or apply, got ${hasForward ? 'both' : 'neither'}`,
    );
  }
  checkMetaInput(name, spec.meta);
}

/** Throws an ArgumentError unless `meta` has the fields that cannot be inferred. */
function checkMetaInput(name: string, meta: ActivationMetaInput): void {
  if (meta === null || typeof meta !== 'object') {
    throw new ArgumentError(
      `registerActivation('${name}'): meta must be an object, got ${describe(meta)}`,
    );
  }
  for (const k of ['displayName', 'smoothness'] as const) {
    if (typeof meta[k] !== 'string') {
      throw new ArgumentError(
        `registerActivation('${name}'): meta.${k} must be a string, got ${describe(meta[k])}`,
      );
    }
  }
  const f = meta.formula as unknown as { text?: unknown; latex?: unknown } | undefined;
  if (typeof f?.text !== 'string' || typeof f?.latex !== 'string') {
    throw new ArgumentError(
      `registerActivation('${name}'): meta.formula must be { text, latex } strings, got ${describe(f)}`,
    );
  }
}

/**
 * The activation's `apply` and the op it applies: with `forward`, a new op named after the
 * activation; with `apply`, the spec's function (after checking the parameter names).
 */
function buildApply(
  spec: ActivationSpec,
  options: { replace?: boolean },
): { apply: ApplyFn; op: string } {
  const { name } = spec;
  const paramSpecs = spec.meta.params ?? [];
  if (typeof spec.forward === 'function') {
    const op = defineForwardOp(name, spec.forward, spec.backward, options);
    return { apply: (x, params) => op([x], resolveParams(name, params, paramSpecs)), op: name };
  }
  const inner = spec.apply as ApplyFn;
  // Parameter names are checked here once for every activation, so a typo never passes silently.
  const apply: ApplyFn = (x, params) => {
    if (params !== undefined) resolveParams(name, params, paramSpecs);
    return inner(x, params);
  };
  return { apply, op: spec.op ?? name };
}

/**
 * Defines the op `name` computing `forward`; its backward is the user's rule when given, else
 * autograd of `forward` (derivative ops of any order, see `derived.ts`).
 */
function defineForwardOp(
  name: string,
  forward: ForwardFn,
  backward: ActivationSpec['backward'],
  options: { replace?: boolean },
): OpFn<Attrs> {
  if (backward === undefined) return defineDerivedOps(name, forward, options);
  return defineOp<Attrs>(
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
}

/** The frozen activation record, with its metadata completed by `inferMeta`. */
function buildActivation(spec: ActivationSpec, apply: ApplyFn, op: string): Activation {
  const partial = {
    name: spec.name,
    apply,
    op,
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
  };
  return Object.freeze({
    ...partial,
    meta: Object.freeze(inferMeta({ ...partial, meta: spec.meta })),
  });
}
