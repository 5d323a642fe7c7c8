import { describe, expect, test } from 'vitest';
import { tensor } from './create.js';
import { ArgumentError } from './errors.js';
import { buildMlp } from './export/mlp.fixture.js';
import { scope } from './grad-mode.js';
import { traceGraph } from './graph.js';
import { summary } from './summary.js';

describe('summary', () => {
  test('the MLP: one row per layer with output shape, parameters and MACs', () => {
    const s = summary(buildMlp().loss);
    // layer1: [5,3] @ [3,4] = 5·4·3 MACs, then add and max over 20 elements.
    // layer2: [5,4] @ [4,2] = 5·2·4, add over 10. loss: sub, square, mean over 10 each.
    expect(s.rows).toEqual([
      { scope: ['layer1'], ops: 3, outputShape: [5, 4], params: 12 + 4, macs: 60 + 20 + 20 },
      { scope: ['layer2'], ops: 2, outputShape: [5, 2], params: 8 + 2, macs: 40 + 10 },
      { scope: ['loss'], ops: 3, outputShape: [], params: 0, macs: 30 },
    ]);
    expect(s.totalParams).toBe(26);
    expect(s.trainableParams).toBe(26);
    expect(s.totalMacs).toBe(180);
    expect(s.totalOps).toBe(8);
    expect(String(s)).toBe(s.text);
    expect(s.text).toContain('Total params: 26');
  });

  test('nested scopes are indented and include their children; top-level ops get a row', () => {
    const x = tensor([[1, 2, 3]], { name: 'x' });
    const w = tensor([[1], [2], [3]], { requiresGrad: true, name: 'w' });
    const frozen = tensor([[2]], { name: 'frozen' });
    frozen.isParameter = true;
    const y = scope('net', () => {
      const a = scope('a', () => x.matmul(w).mul(frozen));
      return scope('b', () => a.exp());
    }).sum();
    const s = summary(traceGraph(y));
    expect(s.rows.map((r) => [r.scope.join('/'), r.ops, r.params, r.outputShape])).toEqual([
      ['', 1, 0, []],
      ['net', 3, 4, [1, 1]],
      ['net/a', 2, 4, [1, 1]],
      ['net/b', 1, 0, [1, 1]],
    ]);
    expect(s.totalParams).toBe(4);
    expect(s.trainableParams).toBe(3);
    const lines = s.text.split('\n');
    expect(lines.find((l) => l.startsWith('(top level)'))).toBeDefined();
    expect(lines.find((l) => l.startsWith('  a '))).toBeDefined();
    expect(s.text).toContain('Non-trainable params: 1');
  });

  test('large counts are grouped by thousands', () => {
    const a = tensor(
      Array.from({ length: 64 }, () => Array(64).fill(0.5)),
      { requiresGrad: true },
    );
    const s = summary(scope('mm', () => a.matmul(a)));
    expect(s.rows[0]?.macs).toBe(64 * 64 * 64);
    expect(s.text).toContain('262,144');
    expect(s.text).toContain('Total params: 4,096');
  });

  test('bad input', () => {
    expect(() => summary(null as never)).toThrow(ArgumentError);
    expect(() => summary({} as never)).toThrow(/expected a Graph from traceGraph/);
  });
});
