/**
 * An ONNX file in the graph inspector: `fromONNX` (from `@gradscope/onnx`), the model in eval
 * mode, one forward pass on a deterministic input of each declared shape, and the gradients of
 * the sum of its outputs, traced as {@link GraphReport}. The worker loads this module on first
 * use (a dynamic import), so ONNX support costs nothing until a file is opened.
 */
import { type DType, retainAllGrads, type Tensor, tensor } from '@gradscope/core';
import { fromONNX } from '@gradscope/onnx';
import { type GraphReport, reportOf } from './inspect.js';

/** Rows of the input when the file's batch dimension is symbolic. */
export const ONNX_BATCH = 1;

/** Element i of every input: sin(0.7·(i + 1)), in [−1, 1], the same on every machine. */
export function inputValue(i: number): number {
  return Math.sin(0.7 * (i + 1));
}

/** The input for a declared shape: symbolic dimensions become {@link ONNX_BATCH} (first) or 1. */
export function inputShape(dims: ReadonlyArray<number | null> | null): number[] {
  if (dims === null) return [ONNX_BATCH];
  return dims.map((d, i) => (d !== null && d > 0 ? d : i === 0 ? ONNX_BATCH : 1));
}

/** Loads `bytes` as ONNX and traces one forward pass (throws the `OnnxError` of a bad file). */
export function onnxReport(bytes: Uint8Array, fileName: string): GraphReport {
  const model = fromONNX(bytes);
  model.eval();
  const inputs = model.inputSpecs.map((spec) => {
    const shape = inputShape(spec.dims);
    const n = shape.reduce((a, b) => a * b, 1);
    const data = Array.from({ length: n }, (_, i) => inputValue(i));
    return tensor(data, { shape, dtype: spec.dtype as DType, name: spec.name });
  });
  const outputs = model.run(...inputs);
  const withGrad = outputs.filter((o) => o.requiresGrad);
  if (withGrad.length > 0) {
    let total: Tensor = (withGrad[0] as Tensor).sum();
    for (const o of withGrad.slice(1)) total = total.add(o.sum());
    // Every tensor of the model keeps its gradient; the traced graph is the model's own
    // (`outputs`), without the sum.
    retainAllGrads(withGrad);
    total.backward(undefined, { retainGraph: true });
  }
  const shapes = inputs.map((x) => `${x.name ?? 'input'} [${x.shape.join(', ')}]`).join(', ');
  return reportOf(
    'onnx',
    `${fileName}: opset ${model.opset}, forward pass on ${shapes}, gradients of the sum of the outputs`,
    outputs,
  );
}
