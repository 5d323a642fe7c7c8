/**
 * The initialisers on convolution weights, against PyTorch's formulas
 * (`torch.nn.init._calculate_fan_in_and_fan_out`: for a weight `[d0, d1, ...k]`,
 * `fanIn = d1 · prod(k)`, `fanOut = d0 · prod(k)`; then `xavier_*`, `kaiming_*`, `orthogonal_`).
 * Each bound or standard deviation below is written out as a number computed by hand from the
 * formula, and the draws are checked exactly: a uniform initialiser draws `(2r − 1) · bound`, a
 * normal one `std · z`, from the generator's `random()` / `normal()` in order. Large draws check
 * the variances.
 */
import { createRng, type Tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import {
  computeFans,
  getInitializer,
  heNormal,
  heUniform,
  type Initializer,
  type InitOptions,
  lecunNormal,
  lecunUniform,
  listInitializers,
  orthogonal,
  standard,
  xavierNormal,
  xavierUniform,
} from './init.js';
import { Conv1d, Conv2d } from './modules/conv.js';
import { ConvTranspose2d } from './modules/conv-transpose.js';

const LENET_C1 = [16, 3, 5, 5]; // fanIn 3·25 = 75, fanOut 16·25 = 400
const CONV1D = [8, 4, 7]; // fanIn 28, fanOut 56
const GROUPED = [64, 8, 3, 3]; // Conv2d(32, 64, 3, groups 4): fanIn 72, fanOut 576
const TRANSPOSED = [16, 8, 3, 3]; // ConvTranspose2d(16, 8, 3): fanIn 8·9 = 72, fanOut 144

describe('conv fans, as PyTorch', () => {
  it('reads dimension 1 as the input and multiplies by the receptive field', () => {
    expect(computeFans(LENET_C1)).toEqual({ fanIn: 75, fanOut: 400 });
    expect(computeFans(CONV1D)).toEqual({ fanIn: 28, fanOut: 56 });
    expect(computeFans(GROUPED)).toEqual({ fanIn: 72, fanOut: 576 });
    expect(computeFans(TRANSPOSED)).toEqual({ fanIn: 72, fanOut: 144 });
    // the layers' weights have these layouts
    expect(new Conv2d(3, 16, 5).weight.shape).toEqual(LENET_C1);
    expect(new Conv1d(4, 8, 7).weight.shape).toEqual(CONV1D);
    expect(new Conv2d(32, 64, 3, { groups: 4 }).weight.shape).toEqual(GROUPED);
    expect(new ConvTranspose2d(16, 8, 3).weight.shape).toEqual(TRANSPOSED);
  });
});

/** w[i] must equal fround((2 r_i − 1) · bound) for the generator's draws r_i. */
function expectUniformDraws(w: Tensor, seed: number, bound: number): void {
  const r = createRng(seed);
  for (let i = 0; i < w.size; i++)
    expect(w.data[i]).toBe(Math.fround((2 * r.random() - 1) * bound));
}

/** w[i] must equal fround(std · z_i) for the generator's normal draws z_i. */
function expectNormalDraws(w: Tensor, seed: number, std: number): void {
  const r = createRng(seed);
  for (let i = 0; i < w.size; i++) expect(w.data[i]).toBe(Math.fround(std * r.normal()));
}

describe('initialisers on conv weights use the conv fans (exact draws, hand-computed constants)', () => {
  const o = (seed: number, extra: InitOptions = {}): InitOptions => ({
    rng: createRng(seed),
    ...extra,
  });
  const uniformCases: Array<[string, Initializer, number[], InitOptions, number]> = [
    // xavier_uniform_: sqrt(6 / (75 + 400))
    ['xavierUniform', xavierUniform, LENET_C1, {}, 0.11239029738980327],
    // kaiming_uniform_, relu: sqrt(3) · sqrt(2) / sqrt(75) = sqrt(6 / 75)
    ['heUniform', heUniform, LENET_C1, {}, 0.282842712474619],
    // sqrt(3 / 28)
    ['lecunUniform', lecunUniform, CONV1D, {}, 0.32732683535398854],
    // nn.Conv2d's reset_parameters, kaiming_uniform_(a = sqrt(5)): sqrt(3) · sqrt(2 / 6) / sqrt(72) = 1 / sqrt(72)
    ['standard', standard, GROUPED, {}, 0.11785113019775793],
    ['standard', standard, TRANSPOSED, {}, 0.11785113019775793],
    // sqrt(6 / 72)
    ['heUniform', heUniform, GROUPED, {}, 0.28867513459481287],
    // xavier on the transposed layout: sqrt(6 / (72 + 144))
    ['xavierUniform', xavierUniform, TRANSPOSED, {}, 0.16666666666666666],
  ];
  it.each(uniformCases)('%s on %j: bound %f', (_, init, shape, extra, bound) => {
    expectUniformDraws(init(shape, o(5, extra)), 5, bound);
  });

  const normalCases: Array<[string, Initializer, number[], InitOptions, number]> = [
    // kaiming_normal_, relu: sqrt(2 / 75)
    ['heNormal', heNormal, LENET_C1, {}, 0.16329931618554522],
    // mode fan_out: sqrt(2 / 400)
    ['heNormal fanOut', heNormal, LENET_C1, { mode: 'fanOut' }, 0.07071067811865475],
    // leaky relu 0.2: sqrt(2 / 1.04) / sqrt(28)
    ['heNormal leaky 0.2', heNormal, CONV1D, { negativeSlope: 0.2 }, 0.26207120918047955],
    // xavier_normal_: sqrt(2 / (28 + 56))
    ['xavierNormal', xavierNormal, CONV1D, {}, 0.1543033499620919],
    // 1 / sqrt(75)
    ['lecunNormal', lecunNormal, LENET_C1, {}, 0.11547005383792514],
  ];
  it.each(normalCases)('%s: std %f', (_, init, shape, extra, std) => {
    expectNormalDraws(init(shape, o(9, extra)), 9, std);
  });
});

describe('large draws on conv weights have the formulas’ variances', () => {
  // [64, 32, 3, 3]: fanIn 288, fanOut 576, 18 432 draws: the variance estimate's relative sd is
  // about sqrt(2 / 18432) = 1 % (normal; less for uniform): 5 % is 5 sd.
  const shape = [64, 32, 3, 3];
  const cases: Array<[string, number]> = [
    ['xavierUniform', 2 / (288 + 576)],
    ['xavierNormal', 2 / (288 + 576)],
    ['heUniform', 2 / 288],
    ['heNormal', 2 / 288],
    ['lecunUniform', 1 / 288],
    ['lecunNormal', 1 / 288],
    ['standard', 1 / (3 * 288)],
    ['orthogonal', 1 / 288], // 64 orthonormal rows of 288: sum of squares 64, over 18 432 entries
  ];
  it.each(cases)('%s: variance %f', (name, variance) => {
    const w = getInitializer(name)(shape, { rng: createRng(11) });
    let s = 0;
    let m = 0;
    for (const v of w.data) {
      s += v * v;
      m += v;
    }
    expect(Math.abs(m / w.size)).toBeLessThan(0.05 * Math.sqrt(variance));
    expect(Math.abs(s / w.size / variance - 1)).toBeLessThan(0.05);
  });

  it('every initialiser runs on 3-D and 4-D weights', () => {
    for (const name of listInitializers()) {
      for (const shape of [CONV1D, LENET_C1, TRANSPOSED]) {
        const w = getInitializer(name)(shape, { rng: createRng(1) });
        expect(w.shape).toEqual(shape);
        expect(Array.from(w.data).every(Number.isFinite)).toBe(true);
      }
    }
  });
});

describe('orthogonal on conv weights, as torch.nn.init.orthogonal_', () => {
  /** The weight viewed as [rows, rest]: W Wᵀ (rows ≤ rest) or Wᵀ W, which must be gain² · I. */
  function gram(w: Tensor, byRows: boolean): number[][] {
    const rows = w.shape[0] as number;
    const cols = w.size / rows;
    const n = byRows ? rows : cols;
    const at = (i: number, j: number) => w.data[i * cols + j] as number;
    const out: number[][] = [];
    for (let a = 0; a < n; a++) {
      const row: number[] = [];
      for (let b = 0; b < n; b++) {
        let s = 0;
        for (let k = 0; k < (byRows ? cols : rows); k++)
          s += byRows ? at(a, k) * at(b, k) : at(k, a) * at(k, b);
        row.push(s);
      }
      out.push(row);
    }
    return out;
  }

  it('gives orthonormal filters when out ≤ in · kh · kw, orthonormal columns otherwise, times gain', () => {
    const wide = orthogonal([6, 2, 3, 3], { rng: createRng(2), dtype: 'float64', gain: 2 });
    gram(wide, true).forEach((row, a) => {
      row.forEach((v, b) => {
        expect(v).toBeCloseTo(a === b ? 4 : 0, 10);
      });
    });
    const tall = orthogonal([32, 1, 2, 2], { rng: createRng(3), dtype: 'float64' });
    gram(tall, false).forEach((row, a) => {
      row.forEach((v, b) => {
        expect(v).toBeCloseTo(a === b ? 1 : 0, 10);
      });
    });
  });
});
