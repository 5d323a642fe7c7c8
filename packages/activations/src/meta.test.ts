/**
 * Every registered activation carries every metadata field, and the typed-in properties agree
 * with the function itself: analyze (max |f'|, f'(0), zero-centredness), sampling (range,
 * monotonicity, saturation) and one-sided derivatives around candidate kinks (smoothness).
 */
import { gradients, type Tensor, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { type Activation, analyze, listActivations, META_FIELDS } from './index.js';
import { rangeGrid, unbounded } from './infer-meta.js';

const all = listActivations();
const elementwise = all.filter((a) => a.meta.elementwise);

describe('every registered activation has complete metadata', () => {
  it('the catalogue is all there', () => {
    expect(all.length).toBeGreaterThanOrEqual(27);
  });
  for (const a of all) {
    it(a.name, () => {
      const m = a.meta as unknown as Record<string, unknown>;
      for (const k of META_FIELDS) expect(m[k], `${a.name}.meta.${k}`).toBeDefined();
      const meta = a.meta;
      expect(meta.displayName.length).toBeGreaterThan(0);
      expect(meta.formula.text.length).toBeGreaterThan(0);
      expect(meta.formula.latex.length).toBeGreaterThan(0);
      for (const p of meta.params) {
        expect(typeof p.name).toBe('string');
        expect(Number.isFinite(p.default)).toBe(true);
        expect(p.description.length).toBeGreaterThan(0);
      }
      const r = meta.range;
      expect(r.lo).toBeLessThan(r.hi);
      if (!Number.isFinite(r.lo)) expect(r.loClosed).toBe(false);
      if (!Number.isFinite(r.hi)) expect(r.hiClosed).toBe(false);
      expect(typeof meta.monotonic).toBe('boolean');
      expect(['discontinuous', 'continuous', 'C1', 'C-infinity']).toContain(meta.smoothness);
      expect(typeof meta.zeroCentred).toBe('boolean');
      expect(typeof meta.saturating.left).toBe('boolean');
      expect(typeof meta.saturating.right).toBe('boolean');
      expect(Number.isFinite(meta.derivativeAtZero)).toBe(true);
      expect(meta.maxDerivative).toBeGreaterThanOrEqual(Math.abs(meta.derivativeAtZero));
      expect(meta.kinkConvention.length).toBeGreaterThan(0);
      expect(meta.origin.paper.length).toBeGreaterThan(0);
      expect(Number.isInteger(meta.origin.year)).toBe(true);
      expect(meta.origin.year as number).toBeGreaterThan(1800);
      expect(meta.note.length).toBeGreaterThan(40);
      expect(meta.inferred).toBeUndefined();
    });
  }
});

/** f, f', f'' at the points (float64, autograd with the differentiable rules). */
function derivatives(
  a: Activation,
  xs: readonly number[],
): { f: number[]; d1: number[]; d2: number[] } {
  const x = tensor(xs as number[], { dtype: 'float64', requiresGrad: true });
  const y = a.apply(x);
  const [g1] = gradients(y.sum(), x, { createGraph: true, materialize: true });
  const d1 = g1 as Tensor;
  const d2 = d1.requiresGrad
    ? (gradients(d1.sum(), x, { materialize: true })[0] as Tensor)
    : tensor(new Float64Array(xs.length));
  return { f: Array.from(y.data), d1: Array.from(d1.data), d2: Array.from(d2.data) };
}

describe('typed-in properties agree with the function', () => {
  for (const a of elementwise) {
    describe(a.name, () => {
      const m = a.meta;
      const an = analyze(a);
      it('maxDerivative and derivativeAtZero agree with analyze (autograd on a grid)', () => {
        expect(Math.abs(an.maxAbsDerivative - m.maxDerivative)).toBeLessThan(1e-6);
        expect(Math.abs(an.derivativeAtZero - m.derivativeAtZero)).toBeLessThan(1e-12);
      });
      it('zeroCentred: |E f(z)| <= 0.05 sqrt(E f(z)^2), z ~ N(0, 1)', () => {
        expect(Math.abs(an.mean) <= 0.05 * Math.sqrt(an.secondMoment)).toBe(m.zeroCentred);
      });
      it('range: samples from -1e4 to 1e4 stay inside and reach the bounds', () => {
        const xs = Array.from(rangeGrid());
        const y = a.apply(tensor(xs, { dtype: 'float64' }));
        let lo = Number.POSITIVE_INFINITY;
        let hi = Number.NEGATIVE_INFINITY;
        for (const v of y.data) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        const { range } = m;
        expect(lo).toBeGreaterThanOrEqual(range.lo - 1e-12);
        expect(hi).toBeLessThanOrEqual(range.hi + 1e-12);
        // Attained (closed) bounds to 1e-6; asymptotic (open) ones approached to 1e-3 by |x| = 1e4
        // (softsign-like functions get there like 1/x); infinite ones: growth from |x| = 1e3 to 1e4.
        const { lo: loInf, hi: hiInf } = unbounded(a);
        if (Number.isFinite(range.lo)) {
          expect(lo - range.lo).toBeLessThan(range.loClosed ? 1e-6 : 1e-3);
          expect(loInf).toBe(false);
        } else expect(loInf).toBe(true);
        if (Number.isFinite(range.hi)) {
          expect(range.hi - hi).toBeLessThan(range.hiClosed ? 1e-6 : 1e-3);
          expect(hiInf).toBe(false);
        } else expect(hiInf).toBe(true);
        // Open finite bounds are not attained on [-8, 8] (they may round to equality further out).
        const inner = a.apply(
          tensor(
            xs.filter((x) => Math.abs(x) <= 8),
            { dtype: 'float64' },
          ),
        );
        for (const v of inner.data) {
          if (Number.isFinite(range.lo) && !range.loClosed) expect(v).toBeGreaterThan(range.lo);
          if (Number.isFinite(range.hi) && !range.hiClosed) expect(v).toBeLessThan(range.hi);
        }
      });
      it("monotonic and saturating: the sign of f' on the grid and |f'(±50)| < 1e-3", () => {
        const xs = Array.from(rangeGrid());
        const { d1 } = derivatives(a, xs);
        const nonDecreasing = d1.every((d) => d >= -1e-12);
        const nonIncreasing = d1.every((d) => d <= 1e-12);
        expect(nonDecreasing || nonIncreasing).toBe(m.monotonic);
        const tails = derivatives(a, [-50, 50]).d1;
        expect(Math.abs(tails[0] as number) < 1e-3).toBe(m.saturating.left);
        expect(Math.abs(tails[1] as number) < 1e-3).toBe(m.saturating.right);
      });
      it('smoothness: one-sided values and derivatives around candidate kinks', () => {
        const candidates = [...Array.from({ length: 49 }, (_, i) => -6 + i / 4), -2.5, 2.5, 20];
        const h = 1e-9;
        const left = derivatives(
          a,
          candidates.map((c) => c - h),
        );
        const right = derivatives(
          a,
          candidates.map((c) => c + h),
        );
        const jump = (u: number[], v: number[]) =>
          Math.max(...u.map((x, i) => Math.abs(x - (v[i] as number))));
        const fJump = jump(left.f, right.f);
        const d1Jump = jump(left.d1, right.d1);
        const d2Jump = jump(left.d2, right.d2);
        const observed =
          fJump > 1e-6
            ? 'discontinuous'
            : d1Jump > 1e-6
              ? 'continuous'
              : d2Jump > 1e-6
                ? 'C1'
                : 'C-infinity';
        expect(observed).toBe(m.smoothness);
      });
    });
  }
});

describe("notes carry the seed's insights", () => {
  const note = (name: string) => (all.find((a) => a.name === name) as Activation).meta.note;
  it('step: zero gradient, no gradient descent', () => {
    expect(note('step')).toMatch(/gradient is 0/);
    expect(note('step')).toMatch(/gradient descent/);
  });
  it('sigmoid: derivative at most 1/4, shrinks at least 4x per layer, not zero-centred', () => {
    expect(note('sigmoid')).toMatch(/1\/4/);
    expect(note('sigmoid')).toMatch(/at least 4x/);
    expect(note('sigmoid')).toMatch(/not zero-centred/);
  });
  it('tanh: zero-centred, derivative up to 1, still saturates', () => {
    expect(note('tanh')).toMatch(/zero-centred/);
    expect(note('tanh')).toMatch(/reaches 1/);
    expect(note('tanh')).toMatch(/still saturates/);
  });
  it('relu: no saturation for x > 0, dead units, discontinuous gradient', () => {
    expect(note('relu')).toMatch(/does not saturate/);
    expect(note('relu')).toMatch(/dead/);
    expect(note('relu')).toMatch(/gradient jumps/);
  });
});
