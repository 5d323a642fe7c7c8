/**
 * The run both sides of the Web Worker test make: the same small MLP trained on the same data
 * with `shards` shards on `pool`, and its parameters' bytes as hex (what "the same bits"
 * compares). Imported by the page (bundled by esbuild) and by the Node runner.
 */
import type { Tensor } from '@gradscope/core';
import { Adam, fit, mlp, moons, type ShardPool } from '@gradscope/trainer';

export const SPEC = {
  inputSize: 2,
  hidden: [16, 16],
  outputSize: 2,
  activation: 'tanh',
  seed: 3,
} as const;

/** The parameters' bytes, in order, as hex. */
export function hexOf(params: readonly Tensor[]): string {
  return params
    .map((p) =>
      Array.from(new Uint8Array(Float32Array.from(p.data).buffer), (b) =>
        b.toString(16).padStart(2, '0'),
      ).join(''),
    )
    .join('|');
}

/** Trains `mlp(SPEC)` for 3 epochs on moons with 4 shards on `pool`; the parameters' hex. */
export async function trainOn(pool: ShardPool): Promise<string> {
  const m = mlp({ ...SPEC, hidden: [...SPEC.hidden] });
  await fit(m, {
    data: moons({ n: 120, seed: 2 }),
    loss: 'crossEntropy',
    optimizer: new Adam(m.parameters(), { lr: 0.01 }),
    epochs: 3,
    batchSize: 30,
    seed: 5,
    workers: pool,
    shards: 4,
    workerModel: { mlp: { ...SPEC, hidden: [...SPEC.hidden] } },
  });
  return hexOf(m.parameters());
}
