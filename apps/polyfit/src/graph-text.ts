/**
 * Prints the autograd graph behind a tensor as an indented text tree, by walking
 * `t.node.inputs` from the output back to the leaves. A node reached twice is printed once and
 * then referred to as `(see #id)`.
 */
import type { Tensor } from '@gradscope/core';

function label(t: Tensor): string {
  const shape = `[${t.shape.join(',')}]`;
  const name = t.name === undefined ? '' : ` "${t.name}"`;
  const node = t.node;
  if (node === null)
    return `leaf${name} ${shape} ${t.dtype}${t.requiresGrad ? ' requiresGrad' : ''}`;
  const attrs = Object.entries(node.attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  return `${node.op.name}${name} ${shape} ${t.dtype}${attrs ? ` {${attrs}}` : ''} #${node.id}`;
}

/** The graph that produced `output`, one line per tensor, inputs indented under their op. */
export function graphToText(output: Tensor): string {
  const lines: string[] = [];
  const seen = new Set<number>();
  const visit = (t: Tensor, prefix: string, childPrefix: string): void => {
    const node = t.node;
    if (node !== null && seen.has(node.id)) {
      lines.push(`${prefix}${node.op.name} (see #${node.id})`);
      return;
    }
    lines.push(`${prefix}${label(t)}`);
    if (node === null) return;
    seen.add(node.id);
    const inputs = node.inputs ?? [];
    inputs.forEach((input, i) => {
      const last = i === inputs.length - 1;
      visit(
        input,
        `${childPrefix}${last ? '└─ ' : '├─ '}`,
        `${childPrefix}${last ? '   ' : '│  '}`,
      );
    });
  };
  visit(output, '', '');
  return lines.join('\n');
}
