/**
 * The autograd engine, small enough to hold in your head (in the spirit of micrograd):
 * `applyOp` runs an op's forward and, when recording, links the output to a {@link Node};
 * `runBackward` walks the nodes in reverse topological order, calls each op's backward rule,
 * sums gradients, and releases the graph unless asked to keep it. It knows no particular op.
 */
import { ArgumentError, DTypeError, GraphError, ShapeError } from './errors.js';
import type { Attrs, OpDef } from './registry.js';
import { describe, formatShape, sameShape } from './shape.js';
import { Tensor, type TensorLike } from './tensor.js';

let nextNodeId = 1;

/** One recorded op application: the record graph export and backward both read. */
export class Node {
  /** Unique, increasing id (creation order). */
  readonly id: number = nextNodeId++;
  /** Inputs; `null` once the graph has been released by a backward pass. */
  inputs: readonly Tensor[] | null;
  /** Output; `null` once released. */
  output: Tensor | null;
  /** Scope path active when the op ran (see {@link scope}). */
  readonly scope: readonly string[];
  /** Where the op was created (only recorded in anomaly-detection mode). */
  stack: string | undefined;
  constructor(
    /** The op's registry record. */
    readonly op: OpDef,
    inputs: readonly Tensor[],
    output: Tensor,
    /** Attributes the op was applied with. */
    readonly attrs: Attrs,
  ) {
    this.inputs = inputs;
    this.output = output;
    this.scope = scopeStack;
  }
  /** True once a backward pass without `retainGraph` went through this node. */
  get released(): boolean {
    return this.inputs === null;
  }
}

// ---------------------------------------------------------------------------------------------
// Grad mode and scopes

var gradEnabled = true;
var scopeStack: readonly string[] = [];

function checkFn(where: string, fn: unknown): void {
  if (typeof fn !== 'function')
    throw new ArgumentError(`${where}: expected a function, got ${describe(fn)}`);
}

/** True when ops are being recorded for autograd. */
export function isGradEnabled(): boolean {
  return gradEnabled !== false;
}

/** Runs `fn` with gradient recording on or off, restoring the previous mode afterwards. */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  checkFn('withGradMode', fn);
  const prev = isGradEnabled();
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
  return scopeStack ?? [];
}

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

// `var` for the same reason as above (import cycles).
var opDepth = 0;

/**
 * How many op forwards / backward rules are running right now: 0 in user code, 1 or more
 * inside an op (ops may compose other ops). Observers use it to tell an op the user called
 * from the ops it is built of.
 */
export function currentOpDepth(): number {
  return opDepth ?? 0;
}

var observers: EngineObserver[] | undefined;

/** Adds an engine observer; returns a function that removes it. */
export function addEngineObserver(o: EngineObserver): () => void {
  // Checked up front: a bad observer would otherwise break every later op.
  if (o === null || typeof o !== 'object')
    throw new ArgumentError(`addEngineObserver: expected an observer object, got ${describe(o)}`);
  for (const k of ['afterForward', 'afterBackward'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'function')
      throw new ArgumentError(`addEngineObserver: ${k} must be a function, got ${describe(o[k])}`);
  }
  if (observers === undefined) observers = [];
  observers.push(o);
  return () => {
    const rest = (observers ?? []).filter((x) => x !== o);
    // None left: back to undefined, which the hot paths test for.
    observers = rest.length > 0 ? rest : undefined;
  };
}

// ---------------------------------------------------------------------------------------------
// Forward

/** Applies `op` to `inputs`, recording a node when gradients are enabled and needed. */
export function applyOp(op: OpDef, rawInputs: readonly TensorLike[], attrs: Attrs): Tensor {
  if (!Array.isArray(rawInputs)) {
    throw new ArgumentError(
      `${op.name}: expected an array of input tensors, got ${describe(rawInputs)}`,
    );
  }
  if (op.arity === 'variadic' ? rawInputs.length === 0 : rawInputs.length !== op.arity) {
    throw new ArgumentError(
      `${op.name}: expected ${op.arity === 'variadic' ? 'at least 1' : op.arity} input${op.arity === 1 ? '' : 's'}, got ${rawInputs.length}`,
    );
  }
  const inputs = toTensors(op.name, rawInputs, op.mixedDTypes === true);
  op.validate?.(inputs, attrs);
  const prev = gradEnabled;
  gradEnabled = false;
  let out: Tensor;
  opDepth = (opDepth ?? 0) + 1;
  try {
    out = op.forward(inputs, attrs);
  } finally {
    gradEnabled = prev;
    opDepth--;
  }
  if (!(out instanceof Tensor)) {
    throw new ArgumentError(`${op.name}: forward must return a Tensor, got ${describe(out)}`);
  }
  let node: Node | null = null;
  if (prev !== false && op.backward !== undefined) {
    let needs = false;
    for (const t of inputs) if (t.requiresGrad) needs = true;
    if (needs) {
      node = new Node(op, inputs, out, attrs);
      out._setNode(node);
    }
  }
  if (observers !== undefined)
    for (const o of observers) o.afterForward?.(op, inputs, out, node, attrs);
  return out;
}

function toTensors(opName: string, raw: readonly TensorLike[], mixed: boolean): readonly Tensor[] {
  // Fast path: all inputs already tensors of one dtype (every op called from tensor methods).
  const first = raw[0];
  if (first instanceof Tensor) {
    let ok = true;
    for (let i = 1; i < raw.length; i++) {
      const r = raw[i];
      if (!(r instanceof Tensor) || (!mixed && r.dtype !== first.dtype)) {
        ok = false;
        break;
      }
    }
    if (ok) return raw as readonly Tensor[];
  }
  let dtype: Tensor['dtype'] | undefined;
  for (const r of raw) {
    if (r instanceof Tensor) {
      dtype = r.dtype;
      break;
    }
  }
  const out = new Array<Tensor>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    if (r instanceof Tensor) {
      if (!mixed && r.dtype !== dtype) {
        throw new DTypeError(
          `${opName}: dtype mismatch: input 0 is ${dtype} but input ${i} is ${r.dtype}; convert one with .to('${dtype}')`,
        );
      }
      out[i] = r;
    } else if (typeof r === 'number') {
      out[i] = Tensor.scalar(r, dtype ?? 'float32');
    } else {
      throw new ArgumentError(
        `${opName}: input ${i} must be a Tensor or a number, got ${describe(r)}`,
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Backward

/** Options of a backward pass. */
export interface BackwardOptions {
  /** Keep the graph so that another backward can go through it (default false). */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients (default false). */
  createGraph?: boolean;
}

function topoOrder(roots: readonly Tensor[]): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  const stack: Array<[Node, number]> = [];
  for (const r of roots) {
    const n = r.node;
    if (n === null || seen.has(n)) continue;
    seen.add(n);
    stack.push([n, 0]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [Node, number];
      const [node, i] = top;
      const ins = node.inputs;
      if (ins === null) {
        throw new GraphError(
          `backward: the graph through '${node.op.name}' (node ${node.id}) was already released by an earlier backward(); pass { retainGraph: true } to the first backward() to go through it twice`,
        );
      }
      if (i < ins.length) {
        top[1] = i + 1;
        const child = (ins[i] as Tensor).node;
        if (child !== null && (ins[i] as Tensor).requiresGrad && !seen.has(child)) {
          seen.add(child);
          stack.push([child, 0]);
        }
      } else {
        stack.pop();
        order.push(node);
      }
    }
  }
  return order.reverse();
}

/** Drops a node's saved tensors: the graph cannot be walked through it again. */
function release(node: Node): void {
  node.inputs = null;
  node.output = null;
}

function accumulate(map: Map<Tensor, Tensor>, t: Tensor, g: Tensor): void {
  const prev = map.get(t);
  if (prev === undefined) map.set(t, g);
  else {
    // A sum the engine made: nobody else holds it.
    const sum = prev.add(g);
    sum._unshared = !isGradEnabled();
    map.set(t, sum);
  }
}

/**
 * Back-propagates from `roots` (seeded with `rootGrads`). With `inputs`, returns their
 * gradients without touching `.grad` (like `torch.autograd.grad`); otherwise accumulates into
 * the `.grad` of every leaf that requires a gradient and of tensors that called `retainGrad()`.
 */
export function runBackward(
  roots: readonly Tensor[],
  rootGrads: readonly Tensor[],
  options: BackwardOptions & { inputs?: readonly Tensor[] } = {},
): Array<Tensor | null> {
  const createGraph = options.createGraph === true;
  const retainGraph = options.retainGraph ?? createGraph;
  const wanted = options.inputs;
  const accumulateLeaves = wanted === undefined;
  const wantedSet = new Set(wanted ?? []);
  const grads = new Map<Tensor, Tensor>();
  roots.forEach((r, i) => {
    if (!r.requiresGrad) {
      throw new GraphError(
        `backward: output ${i} (shape ${formatShape(r.shape)}) does not require grad: no input that requires grad was used to compute it (or it was computed inside noGrad)`,
      );
    }
    const g = rootGrads[i];
    if (!(g instanceof Tensor)) {
      throw new ArgumentError(
        `backward: the gradient of output ${i} must be a Tensor, got ${describe(g)}`,
      );
    }
    if (!sameShape(g.shape, r.shape)) {
      throw new ShapeError(
        `backward: gradient shape ${formatShape(g.shape)} does not match output shape ${formatShape(r.shape)}`,
      );
    }
    if (g.dtype !== r.dtype) {
      throw new DTypeError(
        `backward: gradient dtype ${g.dtype} does not match output dtype ${r.dtype}; convert it with .to('${r.dtype}')`,
      );
    }
    accumulate(grads, r, g);
  });
  const order = topoOrder(roots);
  withGradMode(createGraph, () => {
    for (const node of order) {
      const out = node.output as Tensor;
      let g = grads.get(out);
      if (g === undefined) {
        // Nothing flows into this node (a rule returned null), but it is released all the same.
        if (!retainGraph) release(node);
        continue;
      }
      // Ours alone (see BackwardContext.gradWritable) unless a hook, retainGrad, the caller or an
      // observer will see it.
      const writable =
        g._unshared &&
        !createGraph &&
        observers === undefined &&
        !out.hasHooks &&
        !out.retainsGrad &&
        !wantedSet.has(out);
      g = out._runHooks(g);
      // Hooks, retainGrad and this node's rule see it: no leaf may take it as its own any more.
      g._unshared = false;
      if (!wantedSet.has(out)) grads.delete(out);
      else grads.set(out, g);
      if (accumulateLeaves && out.retainsGrad) out._accumulateGrad(g, createGraph);
      const ins = node.inputs as readonly Tensor[];
      const needs = ins.map((t) => t.requiresGrad);
      const rule = node.op.backward;
      if (rule === undefined) {
        if (!retainGraph) release(node);
        continue;
      }
      opDepth = (opDepth ?? 0) + 1;
      let igs: ReturnType<typeof rule>;
      try {
        igs = rule(g, {
          inputs: ins,
          output: out,
          attrs: node.attrs,
          needsInputGrad: needs,
          gradWritable: writable,
        });
      } finally {
        opDepth--;
      }
      if (!Array.isArray(igs) || igs.length !== ins.length) {
        throw new GraphError(
          `${node.op.name}: backward must return one gradient (or null) per input (${ins.length}), got ${describe(igs)}`,
        );
      }
      const fixed: Array<Tensor | null> = new Array(ins.length).fill(null);
      for (let i = 0; i < ins.length; i++) {
        const gi = igs[i];
        const input = ins[i] as Tensor;
        if (!needs[i] || gi === null || gi === undefined) continue;
        if (!(gi instanceof Tensor)) {
          throw new GraphError(
            `${node.op.name}: backward returned ${describe(gi)} for input ${i}; expected a Tensor or null`,
          );
        }
        const shaped = sameShape(gi.shape, input.shape)
          ? gi
          : gi.sumToShape(input.shape, node.op.name);
        const typed = shaped.dtype === input.dtype ? shaped : shaped.to(input.dtype);
        // A writable gradient its rule wrote into and handed back is still the engine's alone.
        if (writable && typed === g) typed._unshared = true;
        // One tensor given to two inputs (add's rule returns [g, g]) is shared.
        for (let j = 0; j < i; j++) if (fixed[j] === typed) typed._unshared = false;
        fixed[i] = typed;
        accumulate(grads, input, typed);
      }
      if (observers !== undefined) {
        for (const t of fixed) if (t !== null) t._unshared = false;
        for (const o of observers) o.afterBackward?.(node, fixed, g);
      }
      if (!retainGraph) release(node);
    }
    if (accumulateLeaves) {
      for (const [t, g] of grads) {
        if (t.node !== null) continue;
        const h = t._runHooks(g);
        if (h !== g || t.hasHooks) g._unshared = false; // a hook saw it
        t._accumulateGrad(h, createGraph);
      }
    }
    // Whatever is left (returned to the caller, or not taken) is no longer the engine's alone.
    for (const g of grads.values()) g._unshared = false;
  });
  if (wanted === undefined) return [];
  return wanted.map((t) => {
    const g = grads.get(t);
    if (g === undefined) return null;
    return t.node === null ? t._runHooks(g) : g;
  });
}

/** True when `x` is a tensor that remembers the op that made it. */
export function isNonLeaf(x: Tensor): boolean {
  return x.node !== null;
}

/** @internal for tests: checks a gradient's shape equals its tensor's. */
export function assertGradShape(op: string, g: Tensor, t: Tensor): void {
  if (!sameShape(g.shape, t.shape)) {
    throw new GraphError(
      `${op}: gradient shape ${formatShape(g.shape)} does not match tensor shape ${formatShape(t.shape)}`,
    );
  }
}
