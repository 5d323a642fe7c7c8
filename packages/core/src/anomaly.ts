/**
 * Anomaly detection (like `torch.autograd.detect_anomaly`): while it is on, the first op whose
 * forward output or backward input-gradients contain NaN or ±Infinity although what went in was
 * finite is reported with an {@link AnomalyError} naming the op, its scope path, its input
 * shapes and where it was created. Without it, NaN flows on silently, as in other frameworks.
 */

import type { TypedArray } from './dtype.js';
import { ArgumentError, GraphError } from './errors.js';
import { currentScope } from './grad-mode.js';
import type { Node } from './node.js';
import { addEngineObserver, currentOpDepth } from './observers.js';
import { describe, formatShape } from './shape.js';
import type { Tensor } from './tensor.js';

/** Thrown by {@link detectAnomaly} at the first op that turned finite values into NaN / Inf. */
export class AnomalyError extends GraphError {
  static override readonly typeName: string = 'AnomalyError';
  constructor(
    message: string,
    /** Registry name of the op (e.g. `'log'`). */
    readonly op: string,
    /** `'forward'` if the op's output was non-finite, `'backward'` if its input gradients were. */
    readonly phase: 'forward' | 'backward',
    /** Scope path the op ran in (outermost first). */
    readonly scope: readonly string[],
    /** Shapes of the op's inputs. */
    readonly inputShapes: ReadonlyArray<readonly number[]>,
    /** What was found: `'NaN'`, `'Infinity'` or `'-Infinity'` (the first one). */
    readonly value: 'NaN' | 'Infinity' | '-Infinity',
    /** The stack trace of the code that applied the op (its creation site). */
    readonly creationStack: string,
  ) {
    super(message);
  }
}

/** Options of {@link detectAnomaly}. */
export interface AnomalyOptions {
  /**
   * Check forward outputs too (default true). With false only backward is checked, as in
   * PyTorch, which is cheaper for a forward you trust.
   */
  forward?: boolean;
}

let active: Array<{ forward: boolean }> | undefined;
let removeObserver: (() => void) | undefined;

/**
 * Runs `fn` with anomaly detection on and returns its result. Every op recorded inside keeps the
 * stack trace of its creation (`node.stack`), which costs time: use it to debug, not to train.
 * Nested calls are fine; detection ends with the outermost. For an asynchronous `fn`, the
 * detection ends when the returned promise settles.
 *
 * Only ops applied by user code are judged (an op built of other ops is judged by its own
 * output, not its parts'), and for backward the gradient flowing into the op must be finite.
 *
 * @example
 * detectAnomaly(() => scope('loss', () => x.sub(x).log().mean()).backward());
 * // AnomalyError: detectAnomaly: 'log' in scope loss produced -Infinity in its forward output
 * //   from finite inputs (input shapes [3]); created at: ...
 */
export function detectAnomaly<T>(fn: () => T, options: AnomalyOptions = {}): T {
  if (typeof fn !== 'function')
    throw new ArgumentError(`detectAnomaly: expected a function, got ${describe(fn)}`);
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`detectAnomaly: expected an options object, got ${describe(options)}`);
  const frame = { forward: options.forward !== false };
  if (active === undefined) active = [];
  active.push(frame);
  if (removeObserver === undefined) {
    removeObserver = addEngineObserver({ afterForward: onForward, afterBackward: onBackward });
  }
  const end = (): void => {
    active = (active ?? []).filter((f) => f !== frame);
    if (active.length === 0 && removeObserver !== undefined) {
      removeObserver();
      removeObserver = undefined;
    }
  };
  let result: T;
  try {
    result = fn();
  } catch (e) {
    end();
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(end) as T;
  }
  end();
  return result;
}

/** True while {@link detectAnomaly} is running. */
export function isAnomalyDetectionEnabled(): boolean {
  return active !== undefined && active.length > 0;
}

function checkForward(): boolean {
  return (active ?? []).some((f) => f.forward);
}

function onForward(
  op: { readonly name: string },
  inputs: readonly Tensor[],
  output: Tensor,
  node: Node | null,
): void {
  if (currentOpDepth() !== 0) return;
  // Keep the creation site of every recorded op, for backward reports.
  if (node !== null) node.stack = callerStack();
  if (!checkForward()) return;
  const bad = firstNonFinite(output.data);
  if (bad === null) return;
  if (inputs.some((t) => firstNonFinite(t.data) !== null)) return;
  const stack = node?.stack ?? callerStack();
  throw report(
    op.name,
    'forward',
    scopeNow(node),
    inputs,
    bad,
    stack,
    'in its forward output from finite inputs',
  );
}

function onBackward(
  node: Node,
  inputGrads: ReadonlyArray<Tensor | null>,
  outputGrad: Tensor,
): void {
  if (currentOpDepth() !== 0) return;
  if (firstNonFinite(outputGrad.data) !== null) return;
  for (let i = 0; i < inputGrads.length; i++) {
    const g = inputGrads[i];
    if (g === null || g === undefined) continue;
    const bad = firstNonFinite(g.data);
    if (bad === null) continue;
    const inputs = node.inputs ?? [];
    throw report(
      node.op.name,
      'backward',
      node.scope,
      inputs,
      bad,
      node.stack ?? '(creation site not recorded: the op ran outside detectAnomaly)',
      `in the gradient of its input ${i} from a finite output gradient`,
    );
  }
}

function report(
  op: string,
  phase: 'forward' | 'backward',
  scope: readonly string[],
  inputs: readonly Tensor[],
  value: 'NaN' | 'Infinity' | '-Infinity',
  stack: string,
  what: string,
): AnomalyError {
  const shapes = inputs.map((t) => [...t.shape]);
  const where = scope.length === 0 ? 'outside any scope' : `in scope ${scope.join('/')}`;
  const message = `detectAnomaly: '${op}' ${where} produced ${value} ${what} (input shapes ${shapes.map(formatShape).join(', ')}); created at:\n${stack}`;
  return new AnomalyError(message, op, phase, [...scope], shapes, value, stack);
}

function scopeNow(node: Node | null): readonly string[] {
  return node?.scope ?? currentScope();
}

function firstNonFinite(d: TypedArray): 'NaN' | 'Infinity' | '-Infinity' | null {
  for (let i = 0; i < d.length; i++) {
    const v = d[i] as number;
    if (v - v !== 0) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  }
  return null;
}

/** The current stack without the engine's own frames (first line is the user's call site). */
function callerStack(): string {
  // V8 keeps 10 frames by default, most of them the engine's: keep more while capturing.
  const E = Error as { stackTraceLimit?: number };
  const limit = E.stackTraceLimit;
  if (typeof limit === 'number') E.stackTraceLimit = Math.max(limit, 40);
  const raw = new Error().stack ?? '';
  if (typeof limit === 'number') E.stackTraceLimit = limit;
  const lines = raw
    .split('\n')
    .slice(1)
    .filter((l) => l.trim().length > 0);
  // Drop gradscope's own frames: those of this file (all of core once bundled) and, when
  // running from source, those of the engine, observers, registry, tensor and op modules.
  const self = fileOf(lines[0] ?? '');
  const user = lines.filter(
    (l) =>
      (self === null || fileOf(l) !== self) &&
      !/[\\/](anomaly|engine|observers|registry|tensor|tensor-methods|create|ops[\\/][\w-]+)\.[cm]?[jt]s/.test(
        l,
      ),
  );
  return (user.length > 0 ? user : lines).map((l) => `    ${l.trim()}`).join('\n');
}

/** The file of a stack frame (V8 `at f (file:line:col)`, Firefox / Safari `f@file:line:col`). */
function fileOf(frame: string): string | null {
  const m = /(?:\(|@|at )([^()@\s]+):\d+:\d+\)?\s*$/.exec(frame.trim());
  return m === null ? null : (m[1] as string);
}
