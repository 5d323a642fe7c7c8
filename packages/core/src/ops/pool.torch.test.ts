/**
 * maxPool2d, avgPool2d, adaptiveAvgPool2d and pad against PyTorch 1.13 (`F.max_pool2d`,
 * `F.avg_pool2d`, `F.adaptive_avg_pool2d`, `F.pad`): values and input gradients of `sum(y * u)`
 * in float64, and which arguments PyTorch refuses, from `golden/pool.torch.json` (written by
 * `pool.torch.py`, which says how to run it). This covers what TensorFlow.js cannot express:
 * ceil mode, dilation with strides, countIncludePad, divisorOverride, adaptive windows, negative
 * pads, PyTorch's tie and NaN rules.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GradscopeError, type Tensor, tensor } from '../index.js';
import { adaptiveAvgPool2d } from './adaptive-pool.js';
import { pad } from './pad.js';
import { avgPool2d, type IntOrPair, maxPool2d } from './pool.js';

type Num = number | 'NaN' | 'Infinity' | '-Infinity';
interface Fixture {
  readonly op: 'maxPool2d' | 'avgPool2d' | 'adaptiveAvgPool2d' | 'pad';
  readonly shape: number[];
  readonly seed: number;
  readonly kind: 'distinct' | 'ties';
  readonly nanAt?: number[];
  readonly kernelSize?: number | [number, number];
  readonly options?: Record<string, number | [number, number] | boolean | null>;
  readonly outputSize?: number | [number | null, number | null];
  readonly pads?: number[];
  readonly mode?: 'constant' | 'reflect';
  readonly value?: number | null;
  readonly error?: string;
  readonly outShape?: number[];
  readonly y?: Num[];
  readonly grad?: Num[];
}

const file = new URL('./golden/pool.torch.json', import.meta.url);
const { torch: version, cases } = JSON.parse(readFileSync(file, 'utf8')) as {
  torch: string;
  cases: Fixture[];
};

/** The same inputs as `series` in pool.torch.py: exact in float64, no libm. */
function series(n: number, seed: number, kind: 'distinct' | 'ties'): number[] {
  return Array.from({ length: n }, (_, i) =>
    kind === 'distinct' ? ((i * 7919 + seed * 104729) % 1000) / 997 - 0.5 : (i * 7 + seed) % 5,
  );
}

const num = (v: Num): number => (typeof v === 'number' ? v : Number(v));

/** The options as our API takes them: PyTorch's None means "not given". */
function options(o: Fixture['options']): Record<string, IntOrPair | boolean> {
  const out: Record<string, IntOrPair | boolean> = {};
  for (const [k, v] of Object.entries(o ?? {})) if (v !== null) out[k] = v as IntOrPair | boolean;
  return out;
}

function apply(c: Fixture, x: Tensor): Tensor {
  switch (c.op) {
    case 'maxPool2d':
      return maxPool2d(x, c.kernelSize as IntOrPair, options(c.options));
    case 'avgPool2d':
      return avgPool2d(x, c.kernelSize as IntOrPair, options(c.options));
    case 'adaptiveAvgPool2d':
      return adaptiveAvgPool2d(x, c.outputSize as number);
    case 'pad':
      return pad(
        x,
        c.pads as number[],
        c.mode === 'reflect' ? { mode: 'reflect' } : { value: c.value ?? 0 },
      );
  }
}

function close(got: ArrayLike<number>, want: readonly Num[], what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = num(want[i] as Num);
    const g = got[i] as number;
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      expect(
        Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)),
        `${what}[${i}]: ${g} vs ${w}`,
      ).toBe(true);
    } else {
      // The fixture keeps 9 significant digits.
      expect(Math.abs(g - w), `${what}[${i}]: ${g} vs ${w}`).toBeLessThanOrEqual(
        1e-8 * Math.abs(w) + 1e-9,
      );
    }
  }
}

const label = (c: Fixture) =>
  `${c.op} ${JSON.stringify(c.shape)} ${c.kind}${c.nanAt ? ` NaN at ${c.nanAt}` : ''} ${JSON.stringify(
    c.op === 'adaptiveAvgPool2d'
      ? c.outputSize
      : c.op === 'pad'
        ? [c.pads, c.mode, c.value]
        : [c.kernelSize, c.options],
  )}`;

describe(`pooling and pad against PyTorch ${version} (float64)`, () => {
  it('has the cases it was written with', () => {
    const count = (op: string) => cases.filter((c) => c.op === op).length;
    expect([
      count('maxPool2d'),
      count('avgPool2d'),
      count('adaptiveAvgPool2d'),
      count('pad'),
    ]).toEqual([115, 70, 40, 10]);
  });

  for (const c of cases) {
    it(label(c), () => {
      const n = c.shape.reduce((p, d) => p * d, 1);
      const xs = series(n, c.seed, c.kind);
      for (const i of c.nanAt ?? []) xs[i] = Number.NaN;
      const x = tensor(Float64Array.from(xs), {
        dtype: 'float64',
        shape: c.shape,
        requiresGrad: true,
      });
      if (c.error !== undefined) {
        expect(() => apply(c, x), `PyTorch: ${c.error}`).toThrow(GradscopeError);
        return;
      }
      const y = apply(c, x);
      expect(y.shape).toEqual(c.outShape);
      close(y.data, c.y as Num[], 'y');
      const u = tensor(Float64Array.from(series(y.size, c.seed + 1, 'distinct')), {
        dtype: 'float64',
        shape: y.shape,
      });
      y.mul(u).sum().backward();
      close((x.grad as Tensor).data, c.grad as Num[], 'grad');
    });
  }
});
