/**
 * Kernels for ops outside the fixed {@link Kernels} interface. A package that defines an op (the
 * activations' `tanh`, say) registers fast loops for it, one per backend, as TensorFlow.js's
 * `registerKernel` does; the op's forward asks {@link getKernel} for the loop of the active
 * backend. Core's own kernel interface then names no op that core does not define.
 */
import { ArgumentError } from '../errors.js';
import { describe } from '../shape.js';
import { getKernels } from './index.js';
import type { Kernels } from './kernels.js';

/** A kernel: a loop over typed arrays that writes its result into its last argument. */
export type OpKernel = (...args: never[]) => void;

/** Backend name that matches any backend without a kernel of its own. */
export const ANY_BACKEND = '*';

const kernelsByOp = new Map<string, Map<string, OpKernel>>();

/**
 * Registers `kernel` as op `op`'s loop on the backend named `backend` (a {@link Kernels}
 * `name` such as `'reference'`, `'fast'` or `'wasm-simd'`, or {@link ANY_BACKEND}). Registering
 * the same pair again replaces the kernel.
 */
export function registerKernel(op: string, backend: string, kernel: OpKernel): void {
  if (typeof op !== 'string' || op.length === 0)
    throw new ArgumentError(`registerKernel: expected a non-empty op name, got ${describe(op)}`);
  if (typeof backend !== 'string' || backend.length === 0) {
    throw new ArgumentError(
      `registerKernel('${op}'): expected a backend name (or '*'), got ${describe(backend)}`,
    );
  }
  if (typeof kernel !== 'function') {
    throw new ArgumentError(
      `registerKernel('${op}', '${backend}'): expected a function, got ${describe(kernel)}`,
    );
  }
  let byBackend = kernelsByOp.get(op);
  if (byBackend === undefined) {
    byBackend = new Map();
    kernelsByOp.set(op, byBackend);
  }
  byBackend.set(backend, kernel);
  resolved.clear();
}

// The kernel each op resolved to on `resolvedFor` (null: none registered), so that an op's
// forward pays one lookup.
const resolved = new Map<string, OpKernel | null>();
let resolvedFor: Kernels | null = null;

/**
 * The kernel registered for `op` on the active backend (by its name, else by its
 * {@link Kernels.baseName}), else the one registered for any backend, else undefined (the op then
 * computes its result from other ops).
 */
export function getKernel<K extends OpKernel = OpKernel>(op: string): K | undefined {
  const backend = getKernels();
  if (backend !== resolvedFor) {
    resolved.clear();
    resolvedFor = backend;
  }
  let kernel = resolved.get(op);
  if (kernel === undefined) {
    const byBackend = kernelsByOp.get(op);
    kernel =
      byBackend?.get(backend.name) ??
      (backend.baseName === undefined ? undefined : byBackend?.get(backend.baseName)) ??
      byBackend?.get(ANY_BACKEND) ??
      null;
    resolved.set(op, kernel);
  }
  return (kernel ?? undefined) as K | undefined;
}
