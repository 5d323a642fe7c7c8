import { describe, expect, it } from 'vitest';
import { decade, power10 } from './format.js';

describe('format', () => {
  it('writes powers of ten with superscripts', () => {
    expect(power10(-5)).toBe('10⁻⁵');
    expect(power10(12)).toBe('10¹²');
    expect(power10(-0.34)).toBe('10⁻⁰·³');
  });
  it('labels only the decades of a log axis', () => {
    expect([1e-3, 2e-3, 0.01, 5, 10].map(decade)).toEqual(['10⁻³', '', '10⁻²', '', '10¹']);
  });
});
