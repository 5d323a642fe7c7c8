import { ArgumentError, ShapeError, type Tensor, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad.js';
import { Adam, AdamW } from './adam.js';
import { clipGradNorm, clipGradValue } from './clip.js';
import type { Optimizer } from './optimizer.js';
import { RMSProp } from './rmsprop.js';
import {
  CosineAnnealingLR,
  ExponentialLR,
  LinearWarmup,
  ReduceLROnPlateau,
  StepLR,
} from './schedules.js';
import { SGD } from './sgd.js';

const W0 = [0.5, -1.5];
const GRADS = [
  [0.1, -0.2],
  [0.3, 0.05],
  [-0.4, 0.25],
];

function param(): Tensor {
  return tensor(W0, { dtype: 'float64', requiresGrad: true });
}

/** Runs 3 steps with the fixed gradients; returns the weights after each step. */
function run(make: (p: Tensor) => Optimizer): number[][] {
  const p = param();
  const data = p.data;
  const opt = make(p);
  const out: number[][] = [];
  for (const g of GRADS) {
    p.grad = tensor(g, { dtype: 'float64' });
    opt.step();
    opt.zeroGrad();
    expect(p.data).toBe(data); // updated in place
    out.push(Array.from(p.data));
  }
  return out;
}

/** Scalar re-implementation of each PyTorch update rule, one element at a time. */
function reference(
  rule: (w: number, g: number, s: Record<string, number>, t: number) => number,
): number[][] {
  const out: number[][] = [];
  const w = W0.slice();
  const states = W0.map(() => ({}) as Record<string, number>);
  GRADS.forEach((g, k) => {
    for (let i = 0; i < w.length; i++)
      w[i] = rule(w[i] as number, g[i] as number, states[i] as Record<string, number>, k + 1);
    out.push(w.slice());
  });
  return out;
}

function expectClose(a: number[][], b: number[][]): void {
  for (let k = 0; k < a.length; k++)
    for (let i = 0; i < (a[k] as number[]).length; i++)
      expect(a[k]?.[i]).toBeCloseTo(b[k]?.[i] as number, 14);
}

describe('optimiser steps equal the PyTorch formulas', () => {
  it('SGD plain, momentum + dampening + weight decay, Nesterov', () => {
    expectClose(
      run((p) => new SGD([p], { lr: 0.1 })),
      reference((w, g) => w - 0.1 * g),
    );
    expectClose(
      run((p) => new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 })),
      reference((w, g0, s, t) => {
        const g = g0 + 0.01 * w;
        s.b = t === 1 ? g : 0.9 * (s.b as number) + 0.9 * g;
        return w - 0.1 * (s.b as number);
      }),
    );
    expectClose(
      run((p) => new SGD([p], { lr: 0.05, momentum: 0.8, nesterov: true })),
      reference((w, g, s, t) => {
        s.b = t === 1 ? g : 0.8 * (s.b as number) + g;
        return w - 0.05 * (g + 0.8 * (s.b as number));
      }),
    );
  });

  const adam = (wd: number, decoupled: boolean, amsgrad = false) =>
    reference((w0, g0, s, t) => {
      const lr = 0.01;
      let w = w0;
      let g = g0;
      if (decoupled) w *= 1 - lr * wd;
      else g += wd * w;
      s.m = 0.9 * (s.m ?? 0) + 0.1 * g;
      s.v = 0.999 * (s.v ?? 0) + 0.001 * g * g;
      s.vmax = Math.max(s.vmax ?? 0, s.v);
      const v = amsgrad ? s.vmax : s.v;
      // torch.optim.Adam: step_size = lr / bc1; denom = sqrt(v) / sqrt(bc2) + eps.
      return w - (lr / (1 - 0.9 ** t)) * (s.m / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** t) + 1e-8));
    });

  it('Adam (with L2 weight decay, amsgrad) and AdamW (decoupled decay)', () => {
    expectClose(
      run((p) => new Adam([p], { lr: 0.01 })),
      adam(0, false),
    );
    expectClose(
      run((p) => new Adam([p], { lr: 0.01, weightDecay: 0.1 })),
      adam(0.1, false),
    );
    expectClose(
      run((p) => new Adam([p], { lr: 0.01, amsgrad: true })),
      adam(0, false, true),
    );
    expectClose(
      run((p) => new AdamW([p], { lr: 0.01 })),
      adam(0.01, true),
    );
    expectClose(
      run((p) => new AdamW([p], { lr: 0.01, weightDecay: 0.5 })),
      adam(0.5, true),
    );
  });

  it('RMSProp plain, centered with momentum', () => {
    expectClose(
      run((p) => new RMSProp([p], { lr: 0.01 })),
      reference((w, g, s) => {
        s.v = 0.99 * (s.v ?? 0) + 0.01 * g * g;
        return w - (0.01 * g) / (Math.sqrt(s.v) + 1e-8);
      }),
    );
    expectClose(
      run(
        (p) =>
          new RMSProp([p], {
            lr: 0.01,
            alpha: 0.9,
            momentum: 0.5,
            centered: true,
            weightDecay: 0.1,
          }),
      ),
      reference((w, g0, s) => {
        const g = g0 + 0.1 * w;
        s.v = 0.9 * (s.v ?? 0) + 0.1 * g * g;
        s.ga = 0.9 * (s.ga ?? 0) + 0.1 * g;
        const d = Math.sqrt(s.v - s.ga * s.ga) + 1e-8;
        s.b = 0.5 * (s.b ?? 0) + g / d;
        return w - 0.01 * s.b;
      }),
    );
  });

  it('Adagrad with lr decay and initial accumulator', () => {
    expectClose(
      run((p) => new Adagrad([p], { lr: 0.1, lrDecay: 0.5, initialAccumulatorValue: 0.2 })),
      reference((w, g, s, t) => {
        s.sum = (s.sum ?? 0.2) + g * g;
        return w - ((0.1 / (1 + (t - 1) * 0.5)) * g) / (Math.sqrt(s.sum) + 1e-10);
      }),
    );
  });
});

describe('optimiser safety', () => {
  it('validates hyper-parameters', () => {
    const p = param();
    expect(() => new SGD([p], { lr: -0.1 })).toThrow(ArgumentError);
    expect(() => new SGD([p], { lr: 0.1, momentum: 1 })).toThrow(ArgumentError);
    expect(() => new SGD([p], { lr: 0.1, nesterov: true })).toThrow(ArgumentError);
    expect(() => new Adam([p], { betas: [0.9, 1] })).toThrow(ArgumentError);
    expect(() => new Adam([p], { lr: Number.NaN })).toThrow(ArgumentError);
    expect(() => new RMSProp([p], { eps: -1 })).toThrow(ArgumentError);
    expect(() => new Adam([])).toThrow(ArgumentError);
    expect(() => new Adam([tensor([1])])).toThrow(ArgumentError);
    expect(() => new Adam([p, p])).toThrow(ArgumentError);
    const o = new Adam([p]);
    expect(() => {
      o.lr = -1;
    }).toThrow(ArgumentError);
  });

  it('plain SGD on float32 parameters: w - lr g in float64, rounded once, in place, on every kernel size', () => {
    // 1031 floats go through the WebAssembly kernel (and its 3-element tail); 7 stay in TypeScript.
    for (const n of [7, 1031]) {
      const w0 = Float32Array.from({ length: n }, (_, i) => Math.sin(i + 1) * 3);
      const g = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.7) / 7);
      const p = tensor(w0, { requiresGrad: true });
      const data = p.data;
      const opt = new SGD([p], { lr: 0.013 });
      p.grad = tensor(g);
      opt.step();
      expect(p.data).toBe(data);
      const want = w0.map((w, i) => Math.fround(w - 0.013 * (g[i] as number)));
      expect(Array.from(p.data)).toEqual(Array.from(want));
    }
  });

  it('every optimiser on float32 parameters: in place, the float64 step rounded once', () => {
    // A float64 parameter holding the same values is the truth: its step rounded to float32 must
    // be the float32 parameter's step (AdamW's decay and update round once, not twice).
    const makers: Array<(p: Tensor) => Optimizer> = [
      (p) => new SGD([p], { lr: 0.013, momentum: 0.9, weightDecay: 0.1 }),
      (p) => new Adam([p], { lr: 0.013, weightDecay: 0.1 }),
      (p) => new AdamW([p], { lr: 0.013, weightDecay: 0.5 }),
      (p) => new RMSProp([p], { lr: 0.013, momentum: 0.5, centered: true }),
      (p) => new Adagrad([p], { lr: 0.013, weightDecay: 0.1 }),
    ];
    const n = 1031;
    const w0 = Float32Array.from({ length: n }, (_, i) => Math.sin(i + 1) * 3);
    const g = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.7) / 7);
    for (const make of makers) {
      const p32 = tensor(w0.slice(), { requiresGrad: true });
      const p64 = tensor(Float64Array.from(w0), { dtype: 'float64', requiresGrad: true });
      const [o32, o64] = [make(p32), make(p64)];
      const data = p32.data;
      for (let k = 0; k < 2; k++) {
        p32.grad = tensor(g);
        p64.grad = tensor(Float64Array.from(g), { dtype: 'float64' });
        p64.data.set(p32.data); // the same starting values at every step
        o32.step();
        o64.step();
        expect(p32.data).toBe(data);
        expect(Array.from(p32.data)).toEqual(Array.from(p64.data, (v) => Math.fround(v)));
      }
    }
  });

  it('plain SGD never half-updates either', () => {
    const a = param();
    const b = param();
    const opt = new SGD([a, b], { lr: 0.1 });
    a.grad = tensor([1, 1], { dtype: 'float64' });
    b.grad = tensor([1, 1, 1], { dtype: 'float64' });
    expect(() => opt.step()).toThrow(ShapeError);
    expect(Array.from(a.data)).toEqual(W0);
  });

  it('never half-updates: a bad gradient on the second parameter leaves both untouched', () => {
    const a = param();
    const b = param();
    const opt = new Adam([a, b], { lr: 0.1 });
    a.grad = tensor([1, 1], { dtype: 'float64' });
    b.grad = tensor([1, 1, 1], { dtype: 'float64' });
    expect(() => opt.step()).toThrow(ShapeError);
    expect(Array.from(a.data)).toEqual(W0);
    expect(opt.stateDict().state[0]).toEqual({});
  });

  it('skips parameters without gradients and round-trips its state', () => {
    const a = param();
    const b = param();
    const opt = new Adam([a, b], { lr: 0.1 });
    a.grad = tensor([1, -1], { dtype: 'float64' });
    opt.step();
    expect(Array.from(b.data)).toEqual(W0);
    const sd = opt.stateDict();
    const c = param();
    const d = param();
    c.data.set(a.data);
    const opt2 = new Adam([c, d], { lr: 0.5 });
    opt2.loadStateDict(sd);
    expect(opt2.lr).toBe(0.1);
    for (const [p, o] of [
      [a, opt],
      [c, opt2],
    ] as const) {
      p.grad = tensor([0.3, 0.2], { dtype: 'float64' });
      o.step();
    }
    expect(Array.from(c.data)).toEqual(Array.from(a.data));
    expect(() => new SGD([c, d], { lr: 1 }).loadStateDict(sd)).toThrow(ArgumentError);
  });
});

describe('gradient clipping', () => {
  it('clipGradNorm scales to the max norm and returns the old norm; clipGradValue clamps', () => {
    const a = param();
    const b = tensor([1], { dtype: 'float64', requiresGrad: true });
    a.grad = tensor([3, 0], { dtype: 'float64' });
    b.grad = tensor([4], { dtype: 'float64' });
    expect(clipGradNorm([a, b], 1)).toBeCloseTo(5, 12);
    const c = 1 / (5 + 1e-6);
    expect(a.grad.data[0]).toBeCloseTo(3 * c, 12);
    expect(b.grad.data[0]).toBeCloseTo(4 * c, 12);
    a.grad = tensor([3, -0.1], { dtype: 'float64' });
    clipGradValue([a], 0.5);
    expect(Array.from(a.grad.data)).toEqual([0.5, -0.1]);
    expect(() => clipGradNorm([a], 0)).toThrow(ArgumentError);
  });
});

describe('schedules follow their closed forms', () => {
  const opt = () => new SGD([param()], { lr: 1 });
  it('step, exponential, cosine, warm-up', () => {
    const o1 = opt();
    const s1 = new StepLR(o1, { stepSize: 2, gamma: 0.5 });
    expect([1, 2, 3, 4, 5].map(() => s1.step())).toEqual([1, 0.5, 0.5, 0.25, 0.25]);
    const o2 = opt();
    const s2 = new ExponentialLR(o2, { gamma: 0.9 });
    s2.step();
    s2.step();
    expect(o2.lr).toBeCloseTo(0.81, 15);
    const o3 = opt();
    const s3 = new CosineAnnealingLR(o3, { tMax: 4, etaMin: 0.1 });
    const lrs = [1, 2, 3, 4, 5].map(() => s3.step());
    [1, 2, 3, 4, 4].forEach((t, i) => {
      expect(lrs[i]).toBeCloseTo(0.1 + (0.9 * (1 + Math.cos((Math.PI * t) / 4))) / 2, 14);
    });
    const o4 = opt();
    const s4 = new LinearWarmup(o4, { warmupSteps: 4, startFactor: 0.2 });
    expect(o4.lr).toBeCloseTo(0.2, 15);
    expect([1, 2, 3, 4, 5].map(() => s4.step())).toEqual([0.4, 0.6000000000000001, 0.8, 1, 1]);
  });
  it('reduce-on-plateau waits `patience` bad epochs, then multiplies by factor', () => {
    const o = opt();
    const s = new ReduceLROnPlateau(o, { patience: 2, factor: 0.5 });
    const lrs = [1, 0.9, 0.95, 0.91, 0.92, 0.93, 0.94, 0.95].map((m) => s.step(m));
    expect(lrs).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25]);
    expect(() => s.step()).toThrow(ArgumentError);
  });
  it('reduce-on-plateau state survives a JSON round trip (baseLr and an infinite best included)', () => {
    const o = opt();
    const s = new ReduceLROnPlateau(o, { patience: 1, factor: 0.5 });
    const fresh = JSON.parse(JSON.stringify(s.stateDict()));
    expect(fresh.baseLr).toBe(1);
    const o2 = opt();
    const s2 = new ReduceLROnPlateau(o2, { patience: 1, factor: 0.5 });
    s2.loadStateDict(fresh);
    expect(s2.baseLr).toBe(1);
    for (const m of [1, 0.9, 0.95, 0.96]) expect(s2.step(m)).toBe(s.step(m));
    expect(() => s2.loadStateDict({ t: 0 })).toThrow(/baseLr/);
  });
});
