import { ArgumentError } from '../errors.js';
import { fastKernels } from './fast.js';
import type { Kernels } from './kernels.js';
import { referenceKernels } from './reference.js';
import { createWasmKernels } from './wasm/wasm-kernels.js';

export type {
  AdamUpdate,
  BinaryKind,
  ConvGeometry,
  Kernels,
  ReduceKind,
  UnaryKind,
} from './kernels.js';
export { referenceKernels } from './reference.js';

/**
 * The backend ops start on: WebAssembly SIMD where the runtime supports it (Node, every current
 * browser), else the tuned TypeScript kernels. Both are tested against {@link referenceKernels},
 * which `setKernels(referenceKernels)` selects. Both give the same bits on every machine; the
 * fused multiply–add backend, which may not, is never the default: select it with
 * `setKernels(createWasmKernels({ fusedMultiplyAdd: true }))`.
 */
export function defaultKernels(): Kernels {
  try {
    return createWasmKernels() ?? fastKernels;
  } catch {
    // e.g. a Content-Security-Policy that forbids compiling WebAssembly.
    return fastKernels;
  }
}

let active: Kernels = defaultKernels();

/** The kernel backend ops currently run on. */
export function getKernels(): Kernels {
  return active;
}

/** Replaces the kernel backend (e.g. a WebAssembly one); returns the previous backend. */
export function setKernels(k: Kernels): Kernels {
  // Checked up front: a bad backend would otherwise break every later op with a TypeError.
  const need = [
    'unary',
    'binary',
    'reduce',
    'matmul',
    'linear',
    'linearBackward',
    'axpy',
    'adam',
    'conv2d',
    'conv2dInputGrad',
    'conv2dWeightGrad',
    'permute',
    'gatherStrided',
    'scatterStrided',
  ];
  const missing =
    k === null || typeof k !== 'object'
      ? need
      : need.filter((m) => typeof (k as unknown as Record<string, unknown>)[m] !== 'function');
  if (missing.length > 0) {
    throw new ArgumentError(
      `setKernels: expected a Kernels object (like referenceKernels); missing ${missing.join(', ')}`,
    );
  }
  const prev = active;
  active = k;
  return prev;
}
