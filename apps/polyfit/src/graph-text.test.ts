import { tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { graphToText } from './graph-text.js';

describe('graphToText', () => {
  it('prints ops output-first with shapes, and leaves with their labels', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true }).named('a');
    const out = a.mul(a).sum().named('out');
    const lines = graphToText(out).split('\n');
    expect(lines[0]).toMatch(/^sum "out" \[\] float32/);
    expect(lines[1]).toMatch(/^└─ mul \[3\] float32/);
    expect(lines[2]).toBe('   ├─ leaf "a" [3] float32 requiresGrad');
    expect(lines[3]).toBe('   └─ leaf "a" [3] float32 requiresGrad');
    expect(lines).toHaveLength(4);
  });

  it('prints a shared subexpression once and refers back to it', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const e = x.exp();
    const text = graphToText(e.add(e));
    const id = e.node?.id;
    expect(text.match(/exp \[2\]/g)).toHaveLength(1);
    expect(text).toContain(`exp (see #${id})`);
  });

  it('prints a lone leaf as one line', () => {
    expect(graphToText(tensor([[1, 2]]))).toBe('leaf [1,2] float32');
  });
});
