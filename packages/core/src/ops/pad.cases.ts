/**
 * Gradcheck cases (first and second order, float64) of `pad` and its backward op on random
 * shapes and pads (loaded by `ops-gradcheck.test.ts`): constant mode with negative pads (crops)
 * and a fill value, reflect mode with pads up to one less than the axis. Squared outputs, so that
 * second order sees a curved function.
 */
import fc from 'fast-check';
import { getOp } from '../registry.js';
import type { Tensor } from '../tensor.js';
import { type Case, seedArb, values } from './gradcheck-support.js';
import { pad } from './pad.js';

/** A shape of rank 1 to 4 and pads for 1 to rank of its last axes, valid for the mode. */
const padArb = fc
  .tuple(
    fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
    fc.constantFrom('constant' as const, 'reflect' as const),
    fc.array(
      fc.tuple(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      ),
      {
        minLength: 4,
        maxLength: 4,
      },
    ),
    fc.integer({ min: 1, max: 4 }),
    seedArb,
  )
  .map(([shape, mode, fractions, axes, seed]) => {
    const count = Math.min(axes, shape.length);
    const pads: number[] = [];
    for (let a = 0; a < count; a++) {
      const n = shape[shape.length - 1 - a] as number;
      const [u, v] = fractions[a] as [number, number];
      if (mode === 'reflect') pads.push(Math.floor(u * n), Math.floor(v * n));
      else {
        // From -n/2 (a crop) to 2, keeping at least one element.
        const lo = -Math.floor(n / 2);
        pads.push(lo + Math.floor(u * (3 - lo)), Math.floor(v * 3));
      }
    }
    return { shape, mode, pads, seed };
  });

export const cases: Record<string, Case> = {
  pad: {
    order2: true,
    arb: padArb.map(({ shape, mode, pads, seed }) => ({
      inputs: [values(shape, seed)],
      fn: (x) => pad(x as Tensor, pads, mode === 'constant' ? { value: 0.5 } : { mode }).square(),
    })),
  },
  padBackward: {
    order2: true,
    arb: padArb.map(({ shape, mode, pads, seed }) => {
      const out = shape.map((d, i) => {
        const a = shape.length - 1 - i;
        return 2 * a < pads.length ? d + (pads[2 * a] as number) + (pads[2 * a + 1] as number) : d;
      });
      return {
        inputs: [values(out, seed)],
        fn: (g: Tensor) =>
          getOp('padBackward').apply([g], { pads, mode, inputShape: shape }).square(),
      };
    }),
  },
};
