/**
 * Observers of the engine, for tooling such as anomaly detection, and the op depth they use to
 * tell an op the user called from the ops it is built of.
 */
import { ArgumentError } from './errors.js';
import type { Node } from './node.js';
import type { Attrs, OpDef } from './registry.js';
import { describe } from './shape.js';
import type { Tensor } from './tensor.js';

/**
 * Observers of the engine, used by tooling such as anomaly detection. `afterForward` sees every
 * recorded op's node; `afterBackward` sees each node's input gradients.
 */
export interface EngineObserver {
  /**
   * Called after every op forward, including the ops an op is built of (for those,
   * `currentOpDepth()` is 1 or more when the observer runs; 0 for ops called by user code),
   * with the op, its tensor inputs, its output, the recorded node — null when nothing was
   * recorded (grad mode off, no input requires grad, or the op has no backward rule) — and
   * its attributes.
   */
  afterForward?(
    op: OpDef,
    inputs: readonly Tensor[],
    output: Tensor,
    node: Node | null,
    attrs: Attrs,
  ): void;
  /** `outputGrad` is the gradient that flowed into the node's output (after hooks). */
  afterBackward?(node: Node, inputGrads: ReadonlyArray<Tensor | null>, outputGrad: Tensor): void;
}

let observers: readonly EngineObserver[] = [];
let opDepth = 0;

/** Adds an engine observer; returns a function that removes it. */
export function addEngineObserver(o: EngineObserver): () => void {
  // Checked up front: a bad observer would otherwise break every later op.
  if (o === null || typeof o !== 'object')
    throw new ArgumentError(`addEngineObserver: expected an observer object, got ${describe(o)}`);
  for (const k of ['afterForward', 'afterBackward'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'function')
      throw new ArgumentError(`addEngineObserver: ${k} must be a function, got ${describe(o[k])}`);
  }
  observers = [...observers, o];
  return () => {
    observers = observers.filter((x) => x !== o);
  };
}

/** True when at least one observer is registered. */
export function isObserved(): boolean {
  return observers.length > 0;
}

/** Tells the observers about an op forward. */
export function notifyForward(
  op: OpDef,
  inputs: readonly Tensor[],
  output: Tensor,
  node: Node | null,
  attrs: Attrs,
): void {
  for (const o of observers) o.afterForward?.(op, inputs, output, node, attrs);
}

/** Tells the observers about a node's backward. */
export function notifyBackward(
  node: Node,
  inputGrads: ReadonlyArray<Tensor | null>,
  outputGrad: Tensor,
): void {
  for (const o of observers) o.afterBackward?.(node, inputGrads, outputGrad);
}

/**
 * How many op forwards / backward rules are running right now: 0 in user code, 1 or more
 * inside an op (ops may compose other ops). Observers use it to tell an op the user called
 * from the ops it is built of.
 */
export function currentOpDepth(): number {
  return opDepth;
}

/** Enters an op's forward or backward rule (one level deeper); pair with {@link exitOp}. */
export function enterOp(): void {
  opDepth++;
}

/** Leaves what {@link enterOp} entered. */
export function exitOp(): void {
  opDepth--;
}
