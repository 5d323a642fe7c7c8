import { describe, expect, test } from 'vitest';
import { tensor } from '../create.js';
import { scope } from '../grad-mode.js';
import { traceGraph } from '../graph.js';
import { formatGraph } from './text.js';

describe('formatGraph', () => {
  test('a shared input is expanded once and referenced after', () => {
    const x = tensor([1, 2], { requiresGrad: true, name: 'x' });
    const h = scope('f', () => x.mul(2));
    const y = h.add(h.exp());
    expect(formatGraph(traceGraph(y))).toBe(
      [
        '#4 add [2]',
        '├─ #2 mul [2] @f',
        '│  ├─ #0 x [2] parameter @f',
        '│  └─ #1 2 [] constant @f',
        '└─ #3 exp [2]',
        '   └─ #2 mul [2] @f (see above)',
        '',
      ].join('\n'),
    );
  });

  test('maxDepth cuts branches; several outputs give several trees', () => {
    const x = tensor([1, 2], { requiresGrad: true, name: 'x' });
    const a = x.exp().log();
    const b = x.neg();
    const text = formatGraph(traceGraph([a, b]), { maxDepth: 1 });
    expect(text).toBe(
      ['#2 log [2]', '└─ #1 exp [2]', '   └─ …', '#3 neg [2]', '└─ #0 x [2] parameter', ''].join(
        '\n',
      ),
    );
    expect(() => formatGraph(traceGraph(a), { maxDepth: -1 })).toThrow(
      /maxDepth must be a non-negative integer, got -1/,
    );
  });

  test('float64 and attributes are shown, attrs can be hidden', () => {
    const x = tensor([[1, 2]], { requiresGrad: true, dtype: 'float64' });
    const g = traceGraph(x.sum(1));
    expect(formatGraph(g)).toContain('#1 sum [1] float64 {axes=[1] keepDims=false}');
    expect(formatGraph(g, { attrs: false })).toContain('#1 sum [1] float64\n');
  });

  test('a named intermediate shows its name and its op', () => {
    const x = tensor([1, 2], { requiresGrad: true, name: 'x' });
    const h = x.exp().named('h1');
    expect(formatGraph(traceGraph(h.sum()))).toContain('#1 h1 = exp [2]');
  });
});
