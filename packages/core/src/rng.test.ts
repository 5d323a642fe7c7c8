import { describe, expect, it } from 'vitest';
import { ArgumentError, createRng, getDefaultRng, manualSeed, type Rng, randn } from './index.js';

const draw = (r: Rng, n: number) => Array.from({ length: n }, () => r.nextUint32());

describe('createRng (xoshiro128**)', () => {
  it('matches the reference xoshiro128** outputs from state [1, 2, 3, 4]', () => {
    // Published reference values of xoshiro128** (Blackman & Vigna) for s = {1, 2, 3, 4}.
    const r = createRng(0);
    r.setState([1, 2, 3, 4, Number.NaN]);
    expect(draw(r, 4)).toEqual([11520, 0, 5927040, 70819200]);
  });

  it('same seed, same bits: a random program gives identical arrays twice', () => {
    const program = (seed: number) => {
      const rng = createRng(seed);
      const a = randn([3, 4], { rng, dtype: 'float64' });
      const b = randn([4, 2], { rng });
      const shuffled = Array.from({ length: 10 }, () => rng.int(100));
      return [Array.from(a.matmul(b.to('float64')).data), shuffled, rng.random(), rng.normal()];
    };
    expect(program(7)).toEqual(program(7));
    expect(program(7)).not.toEqual(program(8));
  });

  it('fork(key) is reproducible, does not advance the parent, and streams differ', () => {
    const a = createRng(5);
    const b = createRng(5);
    const fa = a.fork('layer1');
    expect(draw(fa, 5)).toEqual(draw(b.fork('layer1'), 5));
    expect(draw(a, 3)).toEqual(draw(b, 3)); // parents still in step
    const x = createRng(5);
    expect(draw(x.fork('layer1'), 5)).not.toEqual(draw(x.fork('layer2'), 5));
    expect(draw(x.fork(1), 5)).not.toEqual(draw(x.fork('1'), 5));
    expect(draw(x.fork('a'), 5)).not.toEqual(draw(createRng(5), 5));
  });

  it('split() is reproducible, advances the parent, and children differ', () => {
    const a = createRng(9);
    const b = createRng(9);
    const a1 = a.split();
    const a2 = a.split();
    const b1 = b.split();
    expect(draw(a1, 5)).toEqual(draw(b1, 5));
    expect(draw(createRng(9).split(), 5)).not.toEqual(draw(a2, 5));
    expect(draw(a, 3)).not.toEqual(draw(createRng(9), 3));
  });

  it('getState / setState resume the exact stream, including the cached normal', () => {
    const r = createRng(3);
    r.normal(); // leaves a spare normal cached
    const s = r.getState();
    const ahead = [r.normal(), r.normal(), r.random()];
    r.setState(s);
    expect([r.normal(), r.normal(), r.random()]).toEqual(ahead);
    expect(() => r.setState([1, 2])).toThrow(ArgumentError);
  });

  it('random() is in [0, 1) with 53-bit resolution; int(n) in [0, n)', () => {
    const r = createRng(11);
    let fractional = 0;
    for (let i = 0; i < 1000; i++) {
      const u = r.random();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      if (Math.round(u * 2 ** 32) !== u * 2 ** 32) fractional++;
      const k = r.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
    expect(fractional).toBeGreaterThan(990); // more than 32 bits of randomness
    expect(() => r.int(0)).toThrow(ArgumentError);
  });

  it('seeds must be integers; manualSeed resets the default generator', () => {
    expect(() => createRng(1.5)).toThrow(/expected an integer seed, got 1.5/);
    manualSeed(123);
    const a = draw(getDefaultRng(), 3);
    manualSeed(123);
    expect(draw(getDefaultRng(), 3)).toEqual(a);
    expect(createRng(2 ** 32 + 5).seed).toBe(5);
  });
});

describe('rng state through JSON (checkpoints)', () => {
  it('survives JSON.stringify / parse, with or without a cached normal', () => {
    for (const warm of [false, true]) {
      const r = createRng(21);
      if (warm) r.normal();
      const saved = JSON.parse(JSON.stringify(r.getState())) as number[];
      const ahead = [r.normal(), r.normal(), r.nextUint32()];
      const s = createRng(0);
      s.setState(saved);
      expect([s.normal(), s.normal(), s.nextUint32()]).toEqual(ahead);
    }
    expect(() => createRng(0).setState([0, 0, 0, 0, 0])).toThrow(ArgumentError);
    expect(() => createRng(0).setState([1.5, 0, 0, 0, 0])).toThrow(ArgumentError);
  });
});
