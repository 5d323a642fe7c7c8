/** The names the state may use, from the packages: elementwise activations and initialisers. */
import { getActivation, listActivations } from '@gradscope/activations';
import { tensor } from '@gradscope/core';
import { listInitializers } from '@gradscope/trainer';
import type { KnownNames, KnownParam } from './url.js';

/** Elementwise activations of the catalogue (softmax and logSoftmax mix units: not hidden activations). */
export function hiddenActivations(): string[] {
  return listActivations()
    .filter((a) => a.meta.elementwise)
    .map((a) => a.name);
}

/** The fixed parameters of every hidden activation that has some. */
export function activationParams(): Record<string, readonly KnownParam[]> {
  const out: Record<string, readonly KnownParam[]> = {};
  for (const name of hiddenActivations()) {
    const specs = getActivation(name).meta.params;
    if (specs.length > 0) out[name] = specs.map((s) => ({ name: s.name, default: s.default }));
  }
  return out;
}

/**
 * Why `params` are not valid for `activation`, or null: the activation is applied to a few
 * values with them, so its own checks (and their messages) decide.
 */
export function checkActivationParams(
  activation: string,
  params: Readonly<Record<string, number>>,
): string | null {
  try {
    const y = getActivation(activation).apply(tensor([-2, -0.5, 0, 0.5, 2]), params);
    if (!y.data.every((v) => Number.isFinite(v)))
      return `${activation} with ${JSON.stringify(params)} gives non-finite values`;
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** What the URL parser accepts. */
export function knownNames(): KnownNames {
  return {
    activations: hiddenActivations(),
    initializers: listInitializers(),
    params: activationParams(),
    checkParams: checkActivationParams,
  };
}
