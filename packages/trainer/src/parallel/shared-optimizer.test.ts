/**
 * The optimiser's update in ranges over shared state (`shared-optimizer.ts`), on one thread: the
 * ranges give the bits of `optimizer.step()`, and an update that stops part-way (a worker killed
 * after the barrier) leaves the caller's parameters and optimiser state as they were, so that
 * the step can run again and give the same bits as if it had never been tried.
 */
import { createRng, randn, type Tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { mlp } from '../modules/mlp.js';
import { Adam } from '../optim/adam.js';
import type { Optimizer } from '../optim/optimizer.js';
import { RMSProp } from '../optim/rmsprop.js';
import { gatherGrads, gatherParams, paramLayout, scatterParams } from './shards.js';
import { SharedOptimizer, updateRange, workerOptimizer } from './shared-optimizer.js';

const spec = { inputSize: 3, hidden: [5], outputSize: 2, seed: 4 };
const bits = (ts: readonly Tensor[]) =>
  ts.flatMap((t) => [...new Uint32Array(Float32Array.from(t.data).buffer)]);
const stateBits = (o: Optimizer) =>
  JSON.stringify(o.stateDict().state.map((s) => Object.values(s).map((v) => [...v])));

/** The gradient of a fixed loss at step `k`, left in the model's parameters' `.grad`. */
function backward(m: ReturnType<typeof mlp>, k: number): void {
  for (const p of m.parameters()) p.zeroGrad();
  const x = randn([4, 3], { rng: createRng(10 + k) });
  m.forward(x).square().mean().backward();
}

for (const [name, make] of [
  ['Adam', (ps: Tensor[]) => new Adam(ps, { lr: 0.01 })],
  ['RMSProp', (ps: Tensor[]) => new RMSProp(ps, { lr: 0.01, momentum: 0.9 })],
] as const) {
  describe(`${name}: the update in ranges over shared state`, () => {
    it('gives the bits of optimizer.step(); an update stopped part-way changes nothing', () => {
      const ref = mlp(spec);
      const refOpt = make(ref.parameters());
      const m = mlp(spec);
      const params = m.parameters();
      const o = make(params);
      const layout = paramLayout('test', m);
      const shared = new SharedOptimizer(layout);
      // A worker's replica: its own parameters, the same shared state.
      const replica = mlp(spec);
      const w = new Float32Array(layout.size);
      const g = new Float32Array(layout.size);
      let worker: ReturnType<typeof workerOptimizer> | null = null;
      for (let k = 0; k < 5; k++) {
        backward(ref, k);
        refOpt.step();
        backward(m, k);
        const up = shared.plan(o, params);
        if (up === null) {
          expect(k).toBe(0); // the first step runs on the caller and creates the state
          o.step();
        } else {
          if (up.share !== null)
            worker = workerOptimizer(up.share, replica.parameters(), layout.size);
          if (worker === null) throw new Error('no replica');
          gatherGrads(params, layout, g);
          if (k === 2) {
            // A worker dies after its first chunk: the caller never scatters nor calls stepped().
            const before = { params: bits(params), state: stateBits(o) };
            gatherParams(params, layout, w);
            updateRange(worker, layout, up.plan, w, g, 0, Math.floor(layout.size / 2));
            expect(bits(params)).toEqual(before.params);
            expect(stateBits(o)).toBe(before.state);
            const again = shared.plan(o, params);
            expect(again?.plan.from).toBe(up.plan.from);
            expect(again?.plan.steps).toEqual(up.plan.steps);
          }
          gatherParams(params, layout, w);
          // Two workers' ranges, in either order: the same bits.
          const mid = Math.floor(layout.size / 3);
          updateRange(worker, layout, up.plan, w, g, mid, layout.size);
          updateRange(worker, layout, up.plan, w, g, 0, mid);
          scatterParams(w, layout, params);
          shared.stepped();
        }
        expect(bits(params)).toEqual(bits(ref.parameters()));
        expect(stateBits(o)).toBe(stateBits(refOpt));
      }
    });
  });
}
