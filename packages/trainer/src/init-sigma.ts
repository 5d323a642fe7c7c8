/**
 * σ_w² = fan-in × Var(W) of each initialiser in closed form, for theory that needs it
 * (mean-field signal propagation, see `meanFieldPrediction` in `@gradscope/activations`) without
 * drawing a matrix.
 */
import { ArgumentError, describe, ShapeError, unknownName } from '@gradscope/core';
import { computeFans, type InitOptions, listInitializers } from './init.js';

function fans(where: string, shape: readonly number[], o: InitOptions) {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d <= 0))
    throw new ShapeError(
      `${where}: expected a weight shape of positive integers, got ${describe(shape)}`,
    );
  return computeFans(shape, o.layout ?? 'outIn', where);
}

/** gain², with the initialiser's own default gain² when no gain is given. */
function gain2(where: string, o: InitOptions, fallback2: number): number {
  const g = o.gain;
  if (g === undefined) return fallback2;
  if (typeof g !== 'number' || !Number.isFinite(g) || g < 0)
    throw new ArgumentError(`${where}: gain must be a finite number >= 0, got ${describe(g)}`);
  return g * g;
}

/**
 * σ_w² = fanIn × Var(W) for the weights the initialiser called `init` draws for a weight of
 * `shape` with `options` (the options the initialiser takes: gain, mode, negativeSlope, layout,
 * low/high, std), from the initialiser's own formula:
 *
 * - `zeros`, `constant`: 0; `uniform`: fanIn (high − low)² / 12; `normal`: fanIn std²
 * - `xavierUniform`, `xavierNormal`: gain² · 2 fanIn / (fanIn + fanOut)
 * - `heUniform`, `heNormal`: gain² fanIn / fan, gain = √(2 / (1 + a²)) unless given, fan by `mode`
 * - `lecunUniform`, `lecunNormal`: gain² fanIn / fan; `standard`: gain² fanIn / (3 fan)
 * - `orthogonal`: gain² fanIn / max(rows, cols) for the `[rows, cols]` view (the mean of the
 *   squared entries of a semi-orthogonal matrix, exact for every draw)
 *
 * The fans enter as a ratio, so a square layer gives exactly 1/3 (`standard`), 1 (Xavier, LeCun,
 * orthogonal) and 2 (He). Every initialiser but `uniform`, `normal` with a non-zero mean and
 * `constant` draws zero-mean weights, for which this is the σ_w² of mean-field theory.
 */
export function initSigmaW2(
  init: string,
  shape: readonly number[],
  options: InitOptions = {},
): number {
  const where = 'initSigmaW2';
  if (typeof init !== 'string' || !listInitializers().includes(init))
    throw unknownName('initializer', String(init), listInitializers());
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`${where}: expected an options object, got ${describe(options)}`);
  const o = options;
  const { fanIn, fanOut } = fans(where, shape, o);
  const fan = o.mode === 'fanOut' ? fanOut : fanIn;
  switch (init) {
    case 'zeros':
    case 'constant':
      return 0;
    case 'uniform': {
      const lo = o.low ?? 0;
      const hi = o.high ?? 1;
      return (fanIn * (hi - lo) ** 2) / 12;
    }
    case 'normal':
      return fanIn * (o.std ?? 1) ** 2;
    case 'xavierUniform':
    case 'xavierNormal':
      return gain2(where, o, 1) * ((2 * fanIn) / (fanIn + fanOut));
    case 'heUniform':
    case 'heNormal': {
      const a = o.negativeSlope ?? 0;
      return gain2(where, o, 2 / (1 + a * a)) * (fanIn / fan);
    }
    case 'lecunUniform':
    case 'lecunNormal':
      return gain2(where, o, 1) * (fanIn / fan);
    case 'standard':
      return gain2(where, o, 1) * (fanIn / (3 * fan));
    default: {
      // orthogonal
      const rows = shape[0] as number;
      const cols = shape.slice(1).reduce((p, d) => p * d, 1);
      return gain2(where, o, 1) * (fanIn / Math.max(rows, cols));
    }
  }
}
