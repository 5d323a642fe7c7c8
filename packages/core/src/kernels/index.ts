import type { Kernels } from './kernels.js';
import { referenceKernels } from './reference.js';

export type { BinaryKind, Kernels, ReduceKind, UnaryKind } from './kernels.js';
export { referenceKernels } from './reference.js';

let active: Kernels = referenceKernels;

/** The kernel backend ops currently run on. */
export function getKernels(): Kernels {
  return active;
}

/** Replaces the kernel backend (e.g. a WebAssembly one); returns the previous backend. */
export function setKernels(k: Kernels): Kernels {
  const prev = active;
  active = k;
  return prev;
}
