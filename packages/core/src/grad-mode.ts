/**
 * Whether ops are recorded (grad mode) and the scope path recorded ops remember. Module state
 * that the engine reads on every op; nothing here knows an op.
 */
import { ArgumentError } from './errors.js';
import { describe } from './shape.js';

let gradEnabled = true;
let scopeStack: readonly string[] = [];

function checkFn(where: string, fn: unknown): void {
  if (typeof fn !== 'function')
    throw new ArgumentError(`${where}: expected a function, got ${describe(fn)}`);
}

/** True when ops are being recorded for autograd. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Sets the grad mode and returns the previous one (the engine's hot path; prefer {@link withGradMode}). */
export function setGradEnabled(enabled: boolean): boolean {
  const prev = gradEnabled;
  gradEnabled = enabled;
  return prev;
}

/** Runs `fn` with gradient recording on or off, restoring the previous mode afterwards. */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  checkFn('withGradMode', fn);
  const prev = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Runs `fn` without recording any op (like `torch.no_grad()`); returns its result. */
export function noGrad<T>(fn: () => T): T {
  checkFn('noGrad', fn);
  return withGradMode(false, fn);
}

/** Runs `fn` with recording on even inside {@link noGrad}. */
export function enableGrad<T>(fn: () => T): T {
  checkFn('enableGrad', fn);
  return withGradMode(true, fn);
}

/**
 * Runs `fn` with `name` pushed onto the scope path; every op recorded inside remembers the path,
 * so graph exports can group a layer's ops. Scopes nest: `scope('mlp', () => scope('layer1', f))`.
 */
export function scope<T>(name: string, fn: () => T): T {
  if (typeof name !== 'string' || name.length === 0) {
    throw new ArgumentError(`scope: expected a non-empty string name, got ${describe(name)}`);
  }
  if (typeof fn !== 'function')
    throw new ArgumentError(`scope('${name}'): expected a function, got ${describe(fn)}`);
  const prev = scopeStack;
  scopeStack = Object.freeze([...prev, name]);
  try {
    return fn();
  } finally {
    scopeStack = prev;
  }
}

/** The active scope path (outermost first). */
export function currentScope(): readonly string[] {
  return scopeStack;
}
