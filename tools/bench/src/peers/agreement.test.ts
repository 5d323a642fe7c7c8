/**
 * The benchmark compares frameworks on the same work: from the same seeded weights and data,
 * gradscope (each kernel backend) and TensorFlow.js (cpu) must compute the same initial loss, and
 * after one SGD step the same second loss, for both networks.
 */
import { referenceKernels, setKernels } from '@gradscope/core';
import { afterAll, describe, expect, it } from 'vitest';
import { fastKernels } from '../../../../packages/core/src/kernels/fast.js';
import { createWasmKernels } from '../../../../packages/core/src/kernels/wasm/wasm-kernels.js';
import { DEEP, type MlpConfig, mlpData, WIDE } from '../data.js';
import { gradscopePeer } from './gradscope.js';
import { tfjsPeer } from './tfjs.js';

const wasm = createWasmKernels();
if (wasm === null) throw new Error('no WebAssembly SIMD');
const tf = tfjsPeer('cpu');

afterAll(() => {
  setKernels(referenceKernels);
  tf.cleanup();
});

async function twoLosses(cfg: MlpConfig, peer: ReturnType<typeof tfjsPeer>): Promise<number[]> {
  await peer.activate();
  const b = peer.mlpStep(cfg);
  if (b === null) throw new Error('no step');
  b.step();
  const first = b.loss();
  b.step();
  return [first, b.loss()];
}

describe('same inputs, same losses across frameworks', () => {
  it('mlpData is deterministic and one-hot encodes the labels', () => {
    const a = mlpData(WIDE);
    const b = mlpData(WIDE);
    expect(a.x).toEqual(b.x);
    expect(a.weights[0]).toEqual(b.weights[0]);
    for (let i = 0; i < WIDE.batch; i++) {
      const row = a.y.subarray(i * 10, i * 10 + 10);
      expect(row.reduce((s, v) => s + v, 0)).toBe(1);
      expect(row[a.labels[i] as number]).toBe(1);
    }
  });

  for (const cfg of [WIDE, DEEP]) {
    it(`${cfg.name}: gradscope (reference, fast, wasm kernels) matches tfjs-cpu over two steps`, async () => {
      const want = await twoLosses(cfg, tf);
      for (const k of [referenceKernels, fastKernels, wasm]) {
        const got = await twoLosses(cfg, gradscopePeer(`gradscope-${k.name}`, k, ''));
        for (let i = 0; i < 2; i++) {
          expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThanOrEqual(
            2e-5 * Math.abs(want[i] as number) + 1e-7,
          );
        }
      }
    });
  }
});
