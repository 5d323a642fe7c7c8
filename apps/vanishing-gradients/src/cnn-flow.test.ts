/**
 * The measurement against plain loops: with one layer and φ = identity every recorded number has
 * a closed form in x_0, G and the weight, computed here without core's convolution kernels.
 */
import { createRng, randn, type Tensor } from '@gradscope/core';
import { Conv2d } from '@gradscope/trainer';
import { describe, expect, it } from 'vitest';
import { type CnnFlowConfig, interiorRms, measureCnnFlow } from './cnn-flow.js';

const identity = (x: Tensor) => x.mul(1);
const relu = (x: Tensor) => x.maximum(0);

/** 'same' 3 × 3 cross-correlation of x [N, C, S, S] with w [O, C, 3, 3], float64 loops. */
function conv3(x: ArrayLike<number>, w: ArrayLike<number>, n: number, c: number, s: number) {
  const out = new Float64Array(n * c * s * s);
  for (let b = 0; b < n; b++)
    for (let o = 0; o < c; o++)
      for (let y = 0; y < s; y++)
        for (let xx = 0; xx < s; xx++) {
          let acc = 0;
          for (let i = 0; i < c; i++)
            for (let ky = 0; ky < 3; ky++)
              for (let kx = 0; kx < 3; kx++) {
                const yy = y + ky - 1;
                const xi = xx + kx - 1;
                if (yy < 0 || yy >= s || xi < 0 || xi >= s) continue;
                acc +=
                  (w[((o * c + i) * 3 + ky) * 3 + kx] as number) *
                  (x[((b * c + i) * s + yy) * s + xi] as number);
              }
          out[((b * c + o) * s + y) * s + xx] = acc;
        }
  return out;
}

const rms = (v: ArrayLike<number>) => {
  let t = 0;
  for (let i = 0; i < v.length; i++) t += (v[i] as number) ** 2;
  return Math.sqrt(t / v.length);
};

const base: CnnFlowConfig = {
  activation: identity,
  init: 'heNormal',
  architecture: 'plain',
  depth: 1,
  channels: 3,
  kernel: 3,
  size: 6,
  batch: 2,
  margin: 2,
  seeds: [7],
};

/** What seed 7 draws, the way the measurement draws it. */
function draws(cfg: CnnFlowConfig) {
  const root = createRng(7);
  const shape = [cfg.batch, cfg.channels, cfg.size, cfg.size];
  const conv = new Conv2d(cfg.channels, cfg.channels, 3, {
    padding: 'same',
    bias: false,
    init: cfg.init,
    rng: createRng(7).fork('weights'),
  });
  return {
    x0: randn(shape, { rng: root.fork('inputs') }).data,
    G: randn(shape, { rng: root.fork('output-gradient') }).data,
    w: conv.weight.data,
  };
}

describe('measureCnnFlow against plain loops (one layer, φ = identity)', () => {
  it('plain: h = conv(x_0), ∂L/∂h = G, ∂L/∂W = Σ G ⋆ x_0', () => {
    const { x0, G, w } = draws(base);
    const { batch: n, channels: c, size: s } = base;
    const m = measureCnnFlow(base).perSeed[0];
    expect(m?.preActRms[0]).toBeCloseTo(rms(conv3(x0, w, n, c, s)), 5);
    expect(m?.rmsGrad[0]).toBeCloseTo(rms(G), 6);
    expect(m?.rmsGradInterior[0]).toBeCloseTo(interiorRms(G, [n, c, s, s], 2), 6);
    // ∂L/∂W[o, i, ky, kx] = Σ_{b, y, x} G[b, o, y, x] · x_0[b, i, y + ky − 1, x + kx − 1]
    let sq = 0;
    for (let o = 0; o < c; o++)
      for (let i = 0; i < c; i++)
        for (let ky = 0; ky < 3; ky++)
          for (let kx = 0; kx < 3; kx++) {
            let acc = 0;
            for (let b = 0; b < n; b++)
              for (let y = 0; y < s; y++)
                for (let x = 0; x < s; x++) {
                  const yy = y + ky - 1;
                  const xi = x + kx - 1;
                  if (yy < 0 || yy >= s || xi < 0 || xi >= s) continue;
                  acc +=
                    (G[((b * c + o) * s + y) * s + x] as number) *
                    (x0[((b * c + i) * s + yy) * s + xi] as number);
                }
            sq += acc * acc;
          }
    expect(m?.weightGradNorm[0]).toBeCloseTo(Math.sqrt(sq), 4);
  });

  it('residual: h is the stream x_0 + conv(φ(x_0)), whose gradient is G', () => {
    const cfg = { ...base, architecture: 'residual' as const };
    const { x0, G, w } = draws(cfg);
    const { batch: n, channels: c, size: s } = cfg;
    const h = conv3(x0, w, n, c, s).map((v, i) => v + (x0[i] as number));
    const m = measureCnnFlow(cfg).perSeed[0];
    expect(m?.preActRms[0]).toBeCloseTo(rms(h), 5);
    expect(m?.rmsGrad[0]).toBeCloseTo(rms(G), 6);
  });

  it('batchNorm: every channel of h has mean 0 and variance 1 (up to eps)', () => {
    const m = measureCnnFlow({ ...base, architecture: 'batchNorm', depth: 3, activation: relu });
    for (const v of m.preActRms.mean) expect(v).toBeCloseTo(1, 4);
  });
});

describe('measureCnnFlow', () => {
  it('is deterministic, and a layer’s weights do not depend on the activation', () => {
    const cfg = { ...base, depth: 3, activation: relu, seeds: [1, 2] };
    expect(measureCnnFlow(cfg)).toEqual(measureCnnFlow(cfg));
    const a = measureCnnFlow({ ...cfg, depth: 1 });
    const b = measureCnnFlow({ ...cfg, depth: 1, activation: identity });
    expect(a.preActRms.mean).toEqual(b.preActRms.mean); // h_1 = conv_1(x_0), before φ
    expect(a.log10Ratio.mean).toBe(0);
  });

  it('interiorRms keeps the positions at least m from every border', () => {
    const d = new Float64Array(2 * 1 * 4 * 4).fill(10);
    for (const i of [5, 6, 9, 10, 21, 22, 25, 26]) d[i] = i === 5 ? 3 : 1; // the 2 × 2 centres
    expect(interiorRms(d, [2, 1, 4, 4], 1)).toBeCloseTo(Math.sqrt((9 + 7) / 8), 12);
    expect(interiorRms(d, [2, 1, 4, 4], 0)).toBeCloseTo(rms(d), 12);
  });

  it('refuses bad geometry with what it expected and what came', () => {
    expect(() => measureCnnFlow({ ...base, kernel: 2 })).toThrow(/kernel must be odd, got 2/);
    expect(() => measureCnnFlow({ ...base, margin: 3 })).toThrow(/2 · margin < size 6.*got 3/);
    expect(() => measureCnnFlow({ ...base, depth: 0 })).toThrow(/depth must be an integer >= 1/);
    expect(() => measureCnnFlow({ ...base, architecture: 'dense' as unknown as 'plain' })).toThrow(
      /architecture must be one of plain, batchNorm, residual, got "dense"/,
    );
    expect(() => measureCnnFlow({ ...base, seeds: [] })).toThrow(/at least one seed/);
  });
});
