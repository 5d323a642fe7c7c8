/** initSigmaW2 against fan-in × the sample variance of what each initialiser really draws. */
import { createRng, NotFoundError, ShapeError } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { computeFans, getInitializer, type InitOptions, listInitializers } from './init.js';
import { initSigmaW2 } from './init-sigma.js';

function sampleMoments(init: string, shape: number[], o: InitOptions) {
  const w = getInitializer(init)(shape, { ...o, rng: createRng(7), dtype: 'float64' }).data;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < w.length; i++) {
    s += w[i] as number;
    s2 += (w[i] as number) ** 2;
  }
  const mean = s / w.length;
  return { mean, variance: s2 / w.length - mean * mean, second: s2 / w.length };
}

const CASES: Array<[string, number[], InitOptions]> = [
  ['zeros', [40, 30], {}],
  ['constant', [40, 30], { value: 0.3 }],
  ['uniform', [200, 100], {}],
  ['uniform', [200, 100], { low: -2, high: 1 }],
  ['normal', [200, 100], { std: 0.3 }],
  ['xavierUniform', [150, 90], {}],
  ['xavierNormal', [150, 90], { gain: 5 / 3 }],
  ['heUniform', [150, 90], {}],
  ['heNormal', [150, 90], { negativeSlope: 0.2 }],
  ['heNormal', [150, 90], { mode: 'fanOut' }],
  ['heNormal', [90, 150], { layout: 'inOut' }],
  ['lecunUniform', [150, 90], { gain: 1.3 }],
  ['lecunNormal', [150, 90], {}],
  ['standard', [150, 90], {}],
  ['standard', [40, 8, 3, 3], {}],
  ['orthogonal', [120, 80], {}],
  ['orthogonal', [80, 120], { gain: 2 }],
];

describe('initSigmaW2', () => {
  it('covers every initialiser', () => {
    const covered = new Set(CASES.map((c) => c[0]));
    expect([...listInitializers()].sort()).toEqual([...covered].sort());
  });

  for (const [name, shape, o] of CASES) {
    it(`${name} ${JSON.stringify(shape)} ${JSON.stringify(o)}: the drawn sample variance agrees`, () => {
      const { fanIn } = computeFans(shape, o.layout);
      const v = initSigmaW2(name, shape, o) / fanIn;
      const s = sampleMoments(name, shape, o);
      if (v === 0) expect(s.variance).toBeCloseTo(0, 12);
      else if (name === 'orthogonal') expect(s.second / v).toBeCloseTo(1, 10);
      else expect(Math.abs(s.variance / v - 1)).toBeLessThan(0.03);
    });
  }

  it('square layers give the textbook values exactly: standard 1/3, Xavier 1, He 2', () => {
    for (const n of [3, 7, 100, 256]) {
      expect(initSigmaW2('standard', [n, n])).toBe(1 / 3);
      expect(initSigmaW2('xavierNormal', [n, n])).toBe(1);
      expect(initSigmaW2('lecunUniform', [n, n])).toBe(1);
      expect(initSigmaW2('orthogonal', [n, n])).toBe(1);
      expect(initSigmaW2('heUniform', [n, n])).toBe(2);
      expect(initSigmaW2('heNormal', [n, n], { gain: 3 })).toBe(9);
    }
  });

  it('names what is wrong', () => {
    expect(() => initSigmaW2('heNromal', [2, 2])).toThrow(NotFoundError);
    expect(() => initSigmaW2('heNromal', [2, 2])).toThrow(/heNormal/);
    expect(() => initSigmaW2('heNormal', [4])).toThrow(ShapeError);
    expect(() => initSigmaW2('heNormal', [4, 0])).toThrow(/positive integers/);
    expect(() => initSigmaW2('heNormal', [4, 4], { gain: -1 })).toThrow(/gain/);
  });
});
