import type { Tensor } from '@gradscope/core';

/**
 * The tensors behind `roots` in the order `traceGraph` numbers its nodes (depth-first from the
 * first root, inputs in argument order), so that `tracedTensors(r)[id]` is the tensor of node
 * `id` of `traceGraph(r)`; `toONNX` reads leaf values from them.
 */
export function tracedTensors(roots: readonly Tensor[]): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: Array<[Tensor, number]> = [];
  for (const r of roots) {
    if (seen.has(r)) continue;
    seen.add(r);
    stack.push([r, 0]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [Tensor, number];
      const [t, i] = top;
      const ins = t.node === null ? [] : ((t.node.inputs ?? []) as readonly Tensor[]);
      if (i < ins.length) {
        top[1] = i + 1;
        const child = ins[i] as Tensor;
        if (!seen.has(child)) {
          seen.add(child);
          stack.push([child, 0]);
        }
      } else {
        stack.pop();
        order.push(t);
      }
    }
  }
  return order;
}
