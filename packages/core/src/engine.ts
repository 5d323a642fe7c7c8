/**
 * The autograd engine, small enough to hold in your head (in the spirit of micrograd):
 * `applyOp` runs an op's forward and, when recording, links the output to a {@link Node};
 * `runBackward` walks the nodes in reverse topological order, calls each op's backward rule,
 * sums gradients, and releases the graph unless asked to keep it. It knows no particular op.
 * Grad mode lives in `grad-mode.ts`, observers in `observers.ts`, and the reuse of gradient
 * buffers (an optimisation only) in `ownership.ts`.
 */
import { recycle } from './dtype.js';
import { ArgumentError, DTypeError, GraphError, ShapeError } from './errors.js';
import { isGradEnabled, setGradEnabled } from './grad-mode.js';
import { Node } from './node.js';
import { enterOp, exitOp, isObserved, notifyBackward, notifyForward } from './observers.js';
import {
  beginOwningRule,
  disown,
  endOwningRule,
  isOwned,
  keepOrCopy,
  noteOpOutput,
  opMark,
  overlaps,
  own,
  settleRuleResults,
} from './ownership.js';
import type { Attrs, OpDef } from './registry.js';
import { describe, formatShape, sameShape } from './shape.js';
import { Tensor, type TensorLike } from './tensor.js';
import { type BackwardOptions, installTensorMethods } from './tensor-methods.js';

// ---------------------------------------------------------------------------------------------
// Forward

/** Applies `op` to `inputs`, recording a node when gradients are enabled and needed. */
export function applyOp(op: OpDef, rawInputs: readonly TensorLike[], attrs: Attrs): Tensor {
  checkArity(op, rawInputs);
  const inputs = toTensors(op.name, rawInputs, op.mixedDTypes === true);
  op.validate?.(inputs, attrs);
  const recording = isGradEnabled();
  const mark = opMark();
  // The forward runs one op level deeper, with recording off (it may compose other ops).
  setGradEnabled(false);
  enterOp();
  let out: Tensor;
  try {
    out = op.forward(inputs, attrs);
  } finally {
    exitOp();
    setGradEnabled(recording);
  }
  if (!(out instanceof Tensor)) {
    throw new ArgumentError(`${op.name}: forward must return a Tensor, got ${describe(out)}`);
  }
  if (mark >= 0) noteOpOutput(out, inputs, mark);
  let node: Node | null = null;
  if (recording && op.backward !== undefined && anyRequiresGrad(inputs)) {
    node = new Node(op, inputs, out, attrs);
    out._setNode(node);
  }
  if (isObserved()) notifyForward(op, inputs, out, node, attrs);
  return out;
}

/**
 * True when applying an op to `a` and `b` (or to `a` alone) would only compute its forward: both
 * are tensors of one dtype, neither requires a gradient (so no node, whatever the grad mode), no
 * observer listens, and no backward rule is running (no output to note for ownership). An op
 * whose forward is one kernel call and composes no other op (the elementwise ops) may then call
 * its forward directly: {@link applyOp} would do nothing else, and on a 16-element add its
 * checks, grad-mode switch and input array are a sixth of the time.
 */
export function onlyComputes(a: TensorLike, b: TensorLike = a): boolean {
  return (
    a instanceof Tensor &&
    b instanceof Tensor &&
    a.dtype === b.dtype &&
    !a.requiresGrad &&
    !b.requiresGrad &&
    opMark() < 0 &&
    !isObserved()
  );
}

function anyRequiresGrad(inputs: readonly Tensor[]): boolean {
  for (const t of inputs) if (t.requiresGrad) return true;
  return false;
}

function checkArity(op: OpDef, rawInputs: readonly TensorLike[]): void {
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
}

/** The inputs as tensors of one dtype (numbers become scalars of the first tensor's dtype). */
function toTensors(opName: string, raw: readonly TensorLike[], mixed: boolean): readonly Tensor[] {
  if (allTensorsOfOneDType(raw, mixed)) return raw as readonly Tensor[];
  let dtype: Tensor['dtype'] = 'float32';
  for (const r of raw)
    if (r instanceof Tensor) {
      dtype = r.dtype;
      break;
    }
  const out: Tensor[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    if (r instanceof Tensor) {
      if (!mixed && r.dtype !== dtype) {
        throw new DTypeError(
          `${opName}: dtype mismatch: input 0 is ${dtype} but input ${i} is ${r.dtype}; convert one with .to('${dtype}')`,
        );
      }
      out.push(r);
    } else if (typeof r === 'number') out.push(Tensor.scalar(r, dtype));
    else
      throw new ArgumentError(
        `${opName}: input ${i} must be a Tensor or a number, got ${describe(r)}`,
      );
  }
  return out;
}

/** The common case (every op called from a tensor method), checked without allocating. */
function allTensorsOfOneDType(raw: readonly TensorLike[], mixed: boolean): boolean {
  const first = raw[0];
  if (!(first instanceof Tensor)) return false;
  for (let i = 1; i < raw.length; i++) {
    const r = raw[i];
    if (!(r instanceof Tensor) || (!mixed && r.dtype !== first.dtype)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Backward

export type { BackwardOptions } from './tensor-methods.js';

/** The nodes behind `roots`, each after every node that uses its output. */
function topoOrder(roots: readonly Tensor[]): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  for (const r of roots) if (r.node !== null && !seen.has(r.node)) visit(r.node, seen, order);
  return order.reverse();
}

/**
 * Appends to `order` the unseen nodes behind `root`, each after every input's node (depth-first,
 * with an explicit stack: deep networks would overflow the call stack). A function of its own,
 * as everything a backward runs, not a closure made per call: V8 compiled such closures again
 * every epoch or two of a long training run (`node --trace-opt`).
 */
function visit(root: Node, seen: Set<Node>, order: Node[]): void {
  const stack: Array<[Node, number]> = [[root, 0]];
  seen.add(root);
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
      const input = ins[i] as Tensor;
      const child = input.node;
      if (child !== null && input.requiresGrad && !seen.has(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
}

/** Adds `g` to the gradient collected for `t`. */
function accumulate(grads: Map<Tensor, Tensor>, t: Tensor, g: Tensor): void {
  const prev = grads.get(t);
  if (prev === undefined) {
    grads.set(t, g);
    return;
  }
  const sum = prev.add(g);
  // A sum the engine made: nobody else holds it (unless the pass is recorded), nor the owned
  // parts it replaces.
  if (!isGradEnabled()) {
    own(sum);
    if (isOwned(prev)) recycle(prev.data);
    // Never the same memory twice (ownership already rules that out; a double give-back would
    // hand one array to two later gradients).
    if (isOwned(g) && !overlaps(prev.data, g.data)) recycle(g.data);
  }
  grads.set(t, sum);
}

/** Checks a caller's output gradient against its output. */
function checkRootGrad(root: Tensor, g: unknown, i: number): Tensor {
  if (!root.requiresGrad) {
    throw new GraphError(
      `backward: output ${i} (shape ${formatShape(root.shape)}) does not require grad: no input that requires grad was used to compute it (or it was computed inside noGrad)`,
    );
  }
  if (!(g instanceof Tensor)) {
    throw new ArgumentError(
      `backward: the gradient of output ${i} must be a Tensor, got ${describe(g)}`,
    );
  }
  if (!sameShape(g.shape, root.shape)) {
    throw new ShapeError(
      `backward: gradient shape ${formatShape(g.shape)} does not match output shape ${formatShape(root.shape)}`,
    );
  }
  if (g.dtype !== root.dtype) {
    throw new DTypeError(
      `backward: gradient dtype ${g.dtype} does not match output dtype ${root.dtype}; convert it with .to('${root.dtype}')`,
    );
  }
  return g;
}

/** A backward pass: its options and the gradients collected so far, by tensor. */
interface Pass {
  readonly createGraph: boolean;
  readonly retainGraph: boolean;
  /** Tensors whose gradients the caller asked for (`gradients()`); empty for `backward()`. */
  readonly wanted: ReadonlySet<Tensor>;
  /** True for `backward()`: leaves and `retainGrad()` tensors accumulate into `.grad`. */
  readonly intoGrad: boolean;
  readonly grads: Map<Tensor, Tensor>;
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
  const pass: Pass = {
    createGraph,
    retainGraph: options.retainGraph ?? createGraph,
    wanted: new Set(options.inputs ?? []),
    intoGrad: options.inputs === undefined,
    grads: new Map(),
  };
  for (let i = 0; i < roots.length; i++) {
    const r = roots[i] as Tensor;
    const g = checkRootGrad(r, rootGrads[i], i);
    disown(g); // the caller's
    accumulate(pass.grads, r, g);
  }
  const order = topoOrder(roots);
  // The walk records only for createGraph (setGradEnabled rather than withGradMode's closure).
  const recording = setGradEnabled(createGraph);
  try {
    for (const node of order) {
      const g = pass.grads.get(node.output as Tensor);
      if (g !== undefined) backpropagate(node, g, pass);
      if (!pass.retainGraph) node.release();
    }
    if (pass.intoGrad) accumulateIntoLeaves(pass);
    // Whatever is left (returned to the caller, or not taken) is no longer the engine's alone.
    for (const g of pass.grads.values()) disown(g);
  } finally {
    setGradEnabled(recording);
  }
  if (options.inputs === undefined) return [];
  const out: Array<Tensor | null> = [];
  for (const t of options.inputs) {
    const g = pass.grads.get(t);
    out.push(g === undefined ? null : t.node === null ? t._runHooks(g) : g);
  }
  return out;
}

/** One step of the walk: the node's output gradient `g` through its backward rule to its inputs. */
function backpropagate(node: Node, incoming: Tensor, pass: Pass): void {
  const out = node.output as Tensor;
  // The rule may write into g when only the engine holds it and nobody will look at it.
  const lent =
    isOwned(incoming) &&
    !pass.createGraph &&
    !isObserved() &&
    !out.hasHooks &&
    !out.retainsGrad &&
    !pass.wanted.has(out);
  const g = out._runHooks(incoming);
  disown(g); // hooks, retainGrad and the rule see it
  if (pass.wanted.has(out)) pass.grads.set(out, g);
  else pass.grads.delete(out);
  if (out.retainsGrad && pass.intoGrad) accumulateGrad(out, g, pass.createGraph);
  const rule = node.op.backward;
  if (rule === undefined) return;
  const ins = node.inputs as readonly Tensor[];
  const needs = ins.map(requiresGrad);
  const ctx = {
    inputs: ins,
    output: out,
    attrs: node.attrs,
    needsInputGrad: needs,
    gradWritable: lent,
  };
  const owning = !pass.createGraph;
  if (owning) beginOwningRule();
  enterOp();
  let results: ReadonlyArray<Tensor | null | undefined>;
  try {
    results = rule(g, ctx);
  } finally {
    exitOp();
    if (owning) endOwningRule();
  }
  if (!Array.isArray(results) || results.length !== ins.length) {
    throw new GraphError(
      `${node.op.name}: backward must return one gradient (or null) per input (${ins.length}), got ${describe(results)}`,
    );
  }
  const fixed: Array<Tensor | null> = new Array(ins.length);
  for (let i = 0; i < ins.length; i++) {
    fixed[i] = needs[i] ? fitToInput(node, results[i], ins[i] as Tensor, i) : null;
  }
  settleRuleResults(fixed, g, lent, isObserved());
  for (let i = 0; i < ins.length; i++) {
    const gi = fixed[i];
    if (gi !== null && gi !== undefined) accumulate(pass.grads, ins[i] as Tensor, gi);
  }
  if (isObserved()) notifyBackward(node, fixed, g);
  // Spent: a gradient lent to the rule that no result carries on is seen by nobody again, so its
  // memory serves the next gradient of its size (a fresh array costs page faults and GC work).
  else if (lent && !carriedOn(fixed, g)) recycle(g.data);
}

/** True when a result shares memory with `g` (a loop, not a closure per node: see `visit`). */
function carriedOn(results: ReadonlyArray<Tensor | null>, g: Tensor): boolean {
  for (const r of results) if (r !== null && overlaps(r.data, g.data)) return true;
  return false;
}

function requiresGrad(t: Tensor): boolean {
  return t.requiresGrad;
}

/** A rule's gradient for input `i`, summed over broadcast axes and cast to the input's dtype. */
function fitToInput(node: Node, gi: unknown, input: Tensor, i: number): Tensor | null {
  if (gi === null || gi === undefined) return null;
  if (!(gi instanceof Tensor)) {
    throw new GraphError(
      `${node.op.name}: backward returned ${describe(gi)} for input ${i}; expected a Tensor or null`,
    );
  }
  const shaped = sameShape(gi.shape, input.shape) ? gi : gi.sumToShape(input.shape, node.op.name);
  return shaped.dtype === input.dtype ? shaped : shaped.to(input.dtype);
}

/** The end of a `backward()`: each leaf's gradient, after its hooks, into its `.grad`. */
function accumulateIntoLeaves(pass: Pass): void {
  for (const [t, g] of pass.grads) {
    if (t.node !== null) continue;
    const h = t._runHooks(g);
    if (h !== g || t.hasHooks) disown(g); // a hook saw it
    accumulateGrad(t, h, pass.createGraph);
  }
}

/** Adds `g` to `t.grad` (recorded when `keepGraph`, for higher order). */
function accumulateGrad(t: Tensor, g: Tensor, keepGraph: boolean): void {
  // `_grad`, not `.grad`: reading `.grad` marks the gradient as seen by someone who may keep it.
  const prev = t._grad;
  const prevUnread = t._gradUnread;
  if (prev === null) t._grad = keepGraph ? g : keepOrCopy(g);
  else {
    // Not keepGraph: the walk runs with recording off (runBackward), so the sum records nothing.
    t._grad = keepGraph ? prev.add(g) : prev.detach().add(g);
    // The sum is a new array; the old one went only to borrowers (see Tensor.zeroGrad).
    if (prevUnread && !keepGraph) recycle(prev.data);
  }
  // A gradient with a graph (create_graph) is part of that graph: never reused.
  t._gradUnread = !keepGraph;
}

installTensorMethods({ backward: (t, g, options) => void runBackward([t], [g], options) });
