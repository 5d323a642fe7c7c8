/**
 * TensorFlow Playground's network diagram, computed in the worker: for a small network, every
 * input feature's and every hidden neuron's output over the input plane (a size × size grid of
 * the heatmap's frame, eval mode, no gradients) and every Linear's weights.
 *
 * A hidden layer's neuron is what the next layer reads: the activation's output, or with residual
 * blocks the block's output x + f(x); with LayerNorm / BatchNorm the norm sits before the
 * activation and is not drawn (BatchNorm in eval mode uses its running statistics).
 */
import { noGrad, tensor } from '@gradscope/core';
import { Activation, Residual } from '@gradscope/trainer';
import type { NetworkState } from '../state/state.js';
import { gridInputs } from './heatmap.js';
import type { Session } from './session.js';

/** Largest network drawn neuron by neuron: hidden layers and units per layer. */
export const DIAGRAM_LIMITS = { depth: 8, width: 16 } as const;
/** Grid cells per side of each neuron's thumbnail. */
export const THUMB_SIZE = 16;

/** True when `n` is small enough for the diagram ({@link DIAGRAM_LIMITS}). */
export function fitsDiagram(n: NetworkState): boolean {
  return n.depth <= DIAGRAM_LIMITS.depth && n.width <= DIAGRAM_LIMITS.width;
}

/** Every neuron over the plane, and the weights between them. */
export interface NeuronMaps {
  readonly size: number;
  /** Per input feature: its value per cell (size², row 0 at the top, as the heatmap). */
  readonly inputs: readonly Float32Array[];
  /** Per hidden layer: cells × width outputs, cell-major (cell c, unit u at c·width + u). */
  readonly hidden: readonly Float32Array[];
  /** Units per hidden layer. */
  readonly width: number;
  /** Per Linear (hidden layers, then the output layer): W, [out, in] row-major. */
  readonly weights: readonly Float32Array[];
}

const gridCache = new WeakMap<Session, { size: number; inputs: Float32Array }>();

/** The diagram's numbers for `session` now (call only when {@link fitsDiagram}). */
export function neuronMaps(session: Session, size: number = THUMB_SIZE): NeuronMaps {
  let g = gridCache.get(session);
  if (g === undefined || g.size !== size) {
    g = { size, inputs: gridInputs(size, session.state.data.features, session.data) };
    gridCache.set(session, g);
  }
  const cells = size * size;
  const k = session.data.inputSize;
  const grid = g.inputs;
  const inputs = Array.from({ length: k }, (_, f) => {
    const out = new Float32Array(cells);
    for (let c = 0; c < cells; c++) out[c] = grid[c * k + f] as number;
    return out;
  });
  const model = session.net.model;
  const hidden: Float32Array[] = [];
  const was = model.training;
  model.eval();
  try {
    noGrad(() => {
      let y = tensor(grid, { shape: [cells, k] });
      for (let i = 0; i < model.length; i++) {
        const m = model.at(i);
        y = m.call(y);
        if (m instanceof Activation || m instanceof Residual)
          hidden.push(Float32Array.from(y.data as ArrayLike<number>));
      }
    });
  } finally {
    model.train(was);
  }
  const weights = session.net.linears.map((l) =>
    Float32Array.from(l.weight.data as ArrayLike<number>),
  );
  return { size, inputs, hidden, width: session.state.network.width, weights };
}
