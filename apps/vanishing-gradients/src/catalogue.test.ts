import { describe, expect, it } from 'vitest';
import { buildCatalogue } from './catalogue.js';
import { catalogueSection } from './report/catalogue-section.js';

describe('buildCatalogue', () => {
  const entries = buildCatalogue();

  it('lists the seed article’s activations first, in its order', () => {
    expect(entries.slice(0, 4).map((e) => e.name)).toEqual(['step', 'sigmoid', 'tanh', 'relu']);
    expect(entries.length).toBeGreaterThanOrEqual(10);
  });

  it('f and f′ come from the ops: sigmoid′ = σ(1 − σ) ≤ 1/4, relu′ = 1[x > 0], step′ = 0', () => {
    const get = (n: string) => entries.find((e) => e.name === n) as (typeof entries)[number];
    const s = get('sigmoid');
    s.x.forEach((x, i) => {
      const sg = 1 / (1 + Math.exp(-x));
      expect(s.f[i]).toBeCloseTo(sg, 12);
      expect(s.df[i]).toBeCloseTo(sg * (1 - sg), 12);
    });
    expect(Math.max(...s.df)).toBeLessThanOrEqual(0.25);
    const r = get('relu');
    r.x.forEach((x, i) => {
      expect(r.df[i]).toBe(x > 0 ? 1 : 0);
    });
    expect(get('step').df.every((d) => d === 0)).toBe(true);
    expect(get('tanh').zeroCentred).toBe(true);
    expect(s.zeroCentred).toBe(false);
  });

  it('makes a section with one faceted chart wrapped in 5 columns and the metadata table', () => {
    const sec = catalogueSection(entries);
    const spec = (sec.charts?.[0]?.spec ?? {}) as { columns?: number };
    expect(spec.columns).toBe(5);
    expect(sec.tables?.[0]?.rows).toHaveLength(entries.length);
  });
});
