/** The names the state may use, from the packages: elementwise activations and initialisers. */
import { listActivations } from '@gradscope/activations';
import { listInitializers } from '@gradscope/trainer';
import type { KnownNames } from './url.js';

/** Elementwise activations of the catalogue (softmax and logSoftmax mix units: not hidden activations). */
export function hiddenActivations(): string[] {
  return listActivations()
    .filter((a) => a.meta.elementwise)
    .map((a) => a.name);
}

/** What the URL parser accepts. */
export function knownNames(): KnownNames {
  return { activations: hiddenActivations(), initializers: listInitializers() };
}
