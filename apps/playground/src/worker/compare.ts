/**
 * Compare mode's fan-out: one page message becomes a message for A's worker and one for B's
 * (null when compare is off). `configure` gives A `configA(state)` and B `configB(state)`: the
 * same data and seed, each its own network and training; play / pause / step / reset go to both,
 * so the two runs advance together, and a trace (A's graph for the inspector) makes B take that
 * step too, without a graph. The page sends the two halves to two Web Workers
 * (`ui/controller.ts`); the Node test drives two `WorkerHost`s with them.
 */
import { configA, configB } from '../state/state.js';
import type { ToWorker } from './protocol.js';

/** The messages for A's and B's workers (B: null when the state has no configuration B). */
export function splitMessage(
  m: ToWorker,
  compareOn: boolean,
): { readonly a: ToWorker; readonly b: ToWorker | null } {
  // A trace is A's (the inspector shows A's graph); B takes the same step without a graph.
  if (m.type === 'trace') return { a: m, b: compareOn ? { type: 'trace', graph: false } : null };
  if (m.type !== 'configure') return { a: m, b: compareOn ? m : null };
  const b = configB(m.state);
  return {
    a: { ...m, state: configA(m.state) },
    b: b === null ? null : { ...m, state: b },
  };
}
