import { ArgumentError } from './errors.js';
import { describe } from './shape.js';
import type { Tensor } from './tensor.js';

const EDGE = 3;
const THRESHOLD = 1000;

function fmtNumber(v: number, decimals: number, sci: boolean): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  // Two-digit exponents as PyTorch and NumPy print them: 1.0000e-05.
  return sci ? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2') : v.toFixed(decimals);
}

/**
 * PyTorch-like text: `tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]])`; tensors with more
 * than 1000 elements show the first and last 3 entries of each axis with `...` between.
 */
export function formatTensor(t: Tensor): string {
  if (t === null || typeof t !== 'object' || !ArrayBuffer.isView(t.data) || !Array.isArray(t.shape))
    throw new ArgumentError(`formatTensor: expected a Tensor, got ${describe(t)}`);
  const data = t.data;
  const shape = t.shape;
  const elide = t.size > THRESHOLD;
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i] as number;
  }
  // Indices shown along an axis of size n (null = the '...' marker).
  const shownIndices = (n: number): Array<number | null> => {
    const idx: Array<number | null> = [];
    if (elide && n > 2 * EDGE) {
      for (let i = 0; i < EDGE; i++) idx.push(i);
      idx.push(null);
      for (let i = n - EDGE; i < n; i++) idx.push(i);
    } else for (let i = 0; i < n; i++) idx.push(i);
    return idx;
  };
  // Offsets of the elements that appear; number style and width come from these only (PyTorch).
  const shown: number[] = [];
  const collect = (d: number, off: number): void => {
    if (d === shape.length) {
      shown.push(off);
      return;
    }
    for (const i of shownIndices(shape[d] as number))
      if (i !== null) collect(d + 1, off + i * (strides[d] as number));
  };
  if (t.size > 0) collect(0, 0);
  let maxAbs = 0;
  let minAbs = Number.POSITIVE_INFINITY;
  let allInt = true;
  for (const off of shown) {
    const v = data[off] as number;
    if (!Number.isFinite(v)) continue;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    if (a > 0 && a < minAbs) minAbs = a;
    if (!Number.isInteger(v)) allInt = false;
  }
  const sci =
    maxAbs >= 1e8 ||
    (minAbs < 1e-4 && minAbs > 0) ||
    (maxAbs / minAbs > 1000 && !allInt && maxAbs >= 1000);
  const decimals = allInt ? 0 : 4;
  const cell = (v: number) => {
    const s = fmtNumber(v, decimals, sci);
    return allInt && !sci && Number.isFinite(v) ? `${s}.` : s;
  };
  let width = 0;
  const cells = new Map<number, string>();
  for (const off of shown) {
    const s = cell(data[off] as number);
    cells.set(off, s);
    if (s.length > width) width = s.length;
  }
  const prefix = 'tensor(';
  const render = (d: number, off: number, indent: number): string => {
    if (d === shape.length) return (cells.get(off) as string).padStart(width);
    const parts = shownIndices(shape[d] as number).map((i) =>
      i === null ? '...' : render(d + 1, off + i * (strides[d] as number), indent + 1),
    );
    if (d === shape.length - 1) return `[${parts.join(', ')}]`;
    const sep = `,${'\n'.repeat(shape.length - d - 1)}${' '.repeat(indent + 1)}`;
    return `[${parts.join(sep)}]`;
  };
  const empty = t.size === 0;
  const body =
    shape.length === 0 ? (cells.get(0) as string) : empty ? '[]' : render(0, 0, prefix.length);
  const extras: string[] = [];
  if (t.dtype !== 'float32') extras.push(`dtype=${t.dtype}`);
  if (t.node !== null) extras.push(`gradFn=<${t.node.op.name}>`);
  else if (t.requiresGrad) extras.push('requiresGrad=true');
  if (t.name !== undefined) extras.push(`name='${t.name}'`);
  if (elide || (empty && shape.length > 1)) extras.push(`shape=[${shape.join(', ')}]`);
  return `${prefix}${body}${extras.length > 0 ? `, ${extras.join(', ')}` : ''})`;
}
