/**
 * The convolution ops in the graph tools: exports show their options, summaries count their
 * multiply–adds, and a recorded backward pass is made of the registered backward ops.
 */
import { describe, expect, it } from 'vitest';
import { toDot } from '../export/dot.js';
import { formatGraph } from '../export/text.js';
import { gradients } from '../grad.js';
import { traceGraph } from '../graph.js';
import { getOp } from '../registry.js';
import { createRng, type Rng } from '../rng.js';
import { summary } from '../summary.js';
import { Tensor } from '../tensor.js';
import { conv1d, conv2d, convTranspose2d } from './conv.js';

function normals(rng: Rng, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = rng.normal();
  return Tensor._make(d, shape);
}

describe('graph export and summary', () => {
  it('show conv nodes with their options and count their multiply–adds', () => {
    const rng = createRng(12);
    const x = normals(rng, [2, 3, 8, 8]);
    const w = normals(rng, [4, 3, 3, 3]).setRequiresGrad();
    const b = normals(rng, [4]).setRequiresGrad();
    const y = conv2d(x, w, b, { stride: 2, padding: 1 });
    const g = traceGraph(y);
    expect(formatGraph(g)).toContain(
      'conv2d [2,4,4,4] {stride=[2,2] padding=[1,1] dilation=[1,1] groups=1}',
    );
    expect(toDot(g)).toContain('stride=[2,2] padding=[1,1] dilation=[1,1] groups=1');
    // N·O·H'·W'·(C/groups)·kH·kW
    expect(summary(y).totalMacs).toBe(2 * 4 * 4 * 4 * 3 * 3 * 3);

    const y1 = conv1d(normals(rng, [2, 4, 10]), normals(rng, [6, 2, 3]).setRequiresGrad(), {
      padding: 'same',
      dilation: 2,
      groups: 2,
    });
    expect(formatGraph(traceGraph(y1))).toContain(
      'conv1d [2,6,10] {stride=1 padding=same dilation=2 groups=2}',
    );
    expect(summary(y1).totalMacs).toBe(2 * 6 * 10 * 2 * 3);

    const yt = convTranspose2d(
      normals(rng, [1, 4, 5, 5]),
      normals(rng, [4, 3, 3, 3]).setRequiresGrad(),
      {
        stride: 2,
        outputPadding: 1,
      },
    );
    expect(formatGraph(traceGraph(yt))).toContain(
      'convTranspose2d [1,3,12,12] {stride=[2,2] padding=[0,0] outputPadding=[1,1] dilation=[1,1] groups=1}',
    );
    // N·C_in·H·W·(C_out/groups)·kH·kW: the MACs of the convolution it transposes.
    expect(summary(yt).totalMacs).toBe(1 * 4 * 5 * 5 * 3 * 3 * 3);
  });

  it('a recorded backward pass is made of conv2dInputGrad, conv2dWeightGrad and sum nodes', () => {
    const rng = createRng(13);
    const x = normals(rng, [2, 3, 6, 6]).setRequiresGrad();
    const w = normals(rng, [4, 3, 3, 3]).setRequiresGrad();
    const b = normals(rng, [4]).setRequiresGrad();
    const y = conv2d(x, w, b, { padding: 'same' });
    const grads = gradients(y.square().sum(), [x, w, b], { createGraph: true });
    const ops = traceGraph(grads as Tensor[]).nodes.map((n) => n.op);
    expect(ops).toContain('conv2dInputGrad');
    expect(ops).toContain('conv2dWeightGrad');
    expect(ops).toContain('sum');
    const text = formatGraph(traceGraph(grads[0] as Tensor));
    expect(text).toContain(
      'conv2dInputGrad [2,3,6,6] {stride=[1,1] padding=same dilation=[1,1] groups=1 inputSize=[6,6]}',
    );
    expect(getOp('conv2dInputGrad').doc).toMatch(/input gradient/);
    expect(getOp('conv2dWeightGrad').doc).toMatch(/weight gradient/);
    expect(getOp('conv2d').doc).toMatch(/^2-D convolution/);
  });
});
