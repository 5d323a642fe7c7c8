/**
 * Gradient buffers that only the engine holds, reused instead of copied. Three savings, as
 * PyTorch makes them:
 * - a leaf keeps such a gradient as its `.grad` instead of a copy (AccumulateGrad "steals" an
 *   unshared gradient);
 * - a node's backward rule may write its result into such an incoming gradient
 *   (`BackwardContext.gradWritable`, as PyTorch's in-place `*_backward` kernels do);
 * - once its rule has returned, such a gradient that no result carries on (and the owned terms of
 *   a sum) go back to `dtype.ts`'s `recycle` for the next gradient of their size, as PyTorch's
 *   caching allocator takes back a freed gradient.
 *
 * The engine owns a gradient that it made (the sum of two contributions) or that a backward rule
 * made afresh during an unrecorded backward pass: the output of an op applied inside the rule,
 * sharing memory with none of that op's inputs (views such as `reshape` share their input's).
 * It stops owning a gradient as soon as anyone else may see it: a hook, `retainGrad`, an engine
 * observer, the caller of `gradients()`, or a second input handed the same memory. Nothing here
 * would be needed for correctness if gradients were never reused: without it every gradient
 * would be copied once more and allocated afresh; with reuse, owning a gradient means nobody else
 * can see it, so handing its memory on is safe.
 */
import { allocatedSince, allocationCount, type TypedArray, trackAllocations } from './dtype.js';
import type { Tensor } from './tensor.js';

/** True while only the engine holds `t`. */
export function isOwned(t: Tensor): boolean {
  return t._ownership !== 0;
}

/** Marks `t` as held by the engine alone. */
export function own(t: Tensor): void {
  t._ownership = 1;
}

/** Marks `t` as seen by someone other than the engine. */
export function disown(t: Tensor): void {
  t._ownership = 0;
}

/** True when the two arrays share any memory. */
export function overlaps(a: TypedArray, b: TypedArray): boolean {
  if (a === b) return true;
  if (a.buffer !== b.buffer) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

// > 0 while a backward rule runs in an unrecorded backward pass.
let ruleDepth = 0;

/**
 * Brackets an unrecorded backward rule (pair with {@link endOwningRule}): ops applied inside make
 * owned outputs (see {@link noteOpOutput}).
 */
export function beginOwningRule(): void {
  if (ruleDepth++ === 0) trackAllocations(true);
}

/** Ends what {@link beginOwningRule} began. */
export function endOwningRule(): void {
  if (--ruleDepth === 0) trackAllocations(false);
}

/** Taken before an op's forward; hand it to {@link noteOpOutput} (-1 outside a rule). */
export function opMark(): number {
  return ruleDepth === 0 ? -1 : allocationCount();
}

/**
 * Called for an op's output with the mark taken before its forward (when not -1): inside an
 * unrecorded backward rule, a fresh output is owned. An array allocated during the forward is fresh at
 * once; any other is compared with the inputs' memory.
 */
export function noteOpOutput(out: Tensor, inputs: readonly Tensor[], mark: number): void {
  if (allocatedSince(out.data, mark)) {
    out._ownership = 2; // shares memory with nothing made before it
    return;
  }
  for (const t of inputs) if (overlaps(out.data, t.data)) return;
  own(out);
}

/**
 * Which of a rule's results the engine still owns afterwards: fresh ones (see above), and the
 * incoming gradient `g` when it was lent to the rule and the rule wrote into it; but none that
 * shares memory with another result or that an observer will see.
 */
export function settleRuleResults(
  results: ReadonlyArray<Tensor | null>,
  g: Tensor,
  lent: boolean,
  observed: boolean,
): void {
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    if (r === null || r === undefined) continue;
    if (lent && r.data === g.data) own(r);
    if (observed) disown(r);
    for (let j = 0; j < i; j++) {
      const q = results[j];
      if (q === null || q === undefined) continue;
      if (sharesMemory(q, r)) {
        disown(q);
        disown(r);
      }
    }
  }
}

/** Whether two results share memory, as far as reusing either could matter. */
function sharesMemory(q: Tensor, r: Tensor): boolean {
  // Only an owned result is ever reused; two fresh allocations share memory only if identical.
  if (!isOwned(q) && !isOwned(r)) return false;
  if (q._ownership === 2 && r._ownership === 2) return q.data === r.data;
  return overlaps(q.data, r.data);
}

/** A leaf's first gradient: kept when owned (and then no longer owned), else copied. */
export function keepOrCopy(g: Tensor): Tensor {
  if (!isOwned(g)) return g.clone();
  disown(g);
  return g;
}
