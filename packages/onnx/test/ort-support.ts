/** Runs an exported model in ONNX Runtime (onnxruntime-node, CPU) and compares with gradscope. */
import type { Tensor } from '@gradscope/core';
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';

/** Runs `bytes` in ONNX Runtime on `inputs` (by name); returns the outputs by name. */
export async function runOrt(
  bytes: Uint8Array,
  inputs: Record<string, Tensor>,
): Promise<Record<string, { data: Float32Array | Float64Array; dims: readonly number[] }>> {
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(inputs)) {
    feeds[name] = new ort.Tensor(
      t.dtype === 'float64' ? 'float64' : 'float32',
      t.data as Float32Array,
      [...t.shape],
    );
  }
  const out = await session.run(feeds);
  await session.release();
  const result: Record<string, { data: Float32Array | Float64Array; dims: readonly number[] }> = {};
  for (const [name, v] of Object.entries(out))
    result[name] = { data: v.data as Float32Array, dims: v.dims };
  return result;
}

/** Largest |a - b| / (1 + |b|) over the elements; checks shapes match first. */
export function expectClose(
  got: { data: ArrayLike<number>; dims: readonly number[] },
  want: Tensor,
  tol = 1e-5,
): void {
  expect([...got.dims]).toEqual([...want.shape]);
  let worst = 0;
  for (let i = 0; i < want.size; i++) {
    const a = got.data[i] as number;
    const b = want.data[i] as number;
    const e = Math.abs(a - b) / (1 + Math.abs(b));
    if (!(e <= worst)) worst = e;
  }
  expect(worst).toBeLessThanOrEqual(tol);
}
