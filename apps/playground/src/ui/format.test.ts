import { describe, expect, it } from 'vitest';
import { decade, power10, stat } from './format.js';

describe('format', () => {
  it('writes powers of ten with superscripts', () => {
    expect(power10(-5)).toBe('10⁻⁵');
    expect(power10(12)).toBe('10¹²');
    expect(power10(-0.34)).toBe('10⁻⁰·³');
  });
  it('labels only the decades of a log axis', () => {
    expect([1e-3, 2e-3, 0.01, 5, 10].map(decade)).toEqual(['10⁻³', '', '10⁻²', '', '10¹']);
  });
  it('prints inspector statistics in 5 significant digits', () => {
    expect([0.642264, 1, 0.01224, 5.74431e-4, -123456.7, 0].map(stat)).toEqual([
      '0.64226',
      '1',
      '0.01224',
      '5.7443e-4',
      '-1.2346e+5',
      '0',
    ]);
    expect([Number.NaN, Number.NEGATIVE_INFINITY].map(stat)).toEqual(['–', '-Infinity']);
  });
});
