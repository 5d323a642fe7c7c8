import {
  ArgumentError,
  addEngineObserver,
  createRng,
  noGrad,
  ShapeError,
  type Tensor,
  tensor,
} from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d } from './batch-norm.js';
import { Dropout } from './dropout.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import { StateDictError } from './module.js';
import { Residual } from './residual.js';
import { Sequential } from './sequential.js';

const rng = () => createRng(42);

function net(): Sequential {
  return new Sequential(
    new Linear(3, 4, { rng: rng() }),
    new LayerNorm(4),
    new Residual(new Linear(4, 4, { rng: rng() })),
    new Linear(4, 2, { rng: rng() }),
  );
}

describe('Module tree', () => {
  it('names parameters with dotted paths and marks them', () => {
    const m = net();
    const names = m.namedParameters().map(([n]) => n);
    expect(names).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '2.block.weight',
      '2.block.bias',
      '3.weight',
      '3.bias',
    ]);
    for (const [n, p] of m.namedParameters()) {
      expect(p.requiresGrad).toBe(true);
      expect(p.isParameter).toBe(true);
      expect(p.name).toBe(n);
    }
    expect(m.parameters()).toHaveLength(8);
    expect(m.numParameters()).toBe(3 * 4 + 4 + 4 + 4 + 16 + 4 + 8 + 2);
    expect(m.namedChildren().map(([k]) => k)).toEqual(['0', '1', '2', '3']);
    expect(m.children()[2]?.children()).toHaveLength(1);
  });

  it('prints the tree like PyTorch', () => {
    expect(net().toString()).toBe(
      [
        'Sequential(',
        '  (0): Linear(inFeatures=3, outFeatures=4, bias=true)',
        '  (1): LayerNorm(4, eps=0.00001, elementwiseAffine=true)',
        '  (2): Residual(',
        '    (block): Linear(inFeatures=4, outFeatures=4, bias=true)',
        '  )',
        '  (3): Linear(inFeatures=4, outFeatures=2, bias=true)',
        ')',
      ].join('\n'),
    );
  });

  it('runs each forward inside a scope named after its path', () => {
    const m = net();
    const scopes: string[] = [];
    const off = addEngineObserver({
      afterForward: (op, _i, _o, node) => {
        if (node !== null) scopes.push(`${node.scope.join('/')}:${op.name}`);
      },
    });
    try {
      m.call(tensor([[1, 2, 3]]));
    } finally {
      off();
    }
    expect(scopes).toContain('Sequential/0:Linear:linear');
    expect(scopes).toContain('Sequential/2:Residual/block:Linear:linear');
    expect(scopes).toContain('Sequential/2:Residual:add');
    expect(scopes.some((s) => s.startsWith('Sequential/1:LayerNorm:'))).toBe(true);
    m.scopeName = 'net';
    scopes.length = 0;
    const off2 = addEngineObserver({
      afterForward: (op, _i, _o, node) => {
        if (node !== null) scopes.push(`${node.scope.join('/')}:${op.name}`);
      },
    });
    try {
      m.call(tensor([[1, 2, 3]]));
    } finally {
      off2();
    }
    expect(scopes[0]).toBe('net/0:Linear:linear');
  });

  it('train() / eval() set the mode recursively', () => {
    const m = net();
    m.eval();
    expect(m.modules().every((x) => !x.training)).toBe(true);
    m.train();
    expect(m.modules().every((x) => x.training)).toBe(true);
  });
});

describe('state dicts', () => {
  it('round-trips into a fresh model, in place', () => {
    const a = net();
    const b = new Sequential(
      new Linear(3, 4, { rng: createRng(1) }),
      new LayerNorm(4),
      new Residual(new Linear(4, 4, { rng: createRng(1) })),
      new Linear(4, 2, { rng: createRng(1) }),
    );
    const ref = b.parameters()[0]?.data;
    const x = tensor([[0.3, -1, 2]]);
    expect(Array.from(b.call(x).data)).not.toEqual(Array.from(a.call(x).data));
    const report = b.loadStateDict(a.stateDict());
    expect(report.missingKeys).toEqual([]);
    expect(b.parameters()[0]?.data).toBe(ref);
    expect(Array.from(b.call(x).data)).toEqual(Array.from(a.call(x).data));
  });

  it('reports missing and unexpected keys and shape mismatches, loading nothing', () => {
    const a = net();
    const before = a.parameters().map((p) => Array.from(p.data));
    const sd: Record<string, Tensor> = { ...net().stateDict() };
    for (const t of Object.values(sd)) t.data.fill(7);
    delete sd['3.bias'];
    sd.extra = tensor([1]);
    sd['0.weight'] = tensor([[1, 2]]);
    try {
      a.loadStateDict(sd);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StateDictError);
      const r = (e as StateDictError).report;
      expect(r.missingKeys).toEqual(['3.bias']);
      expect(r.unexpectedKeys).toEqual(['extra']);
      expect(r.shapeMismatches).toEqual([{ key: '0.weight', expected: [4, 3], got: [1, 2] }]);
      expect((e as Error).message).toMatch(/missing keys: 3\.bias/);
      expect((e as Error).message).toMatch(
        /shape mismatch for '0\.weight': expected \[4,3\], got \[1,2\]/,
      );
    }
    expect(a.parameters().map((p) => Array.from(p.data))).toEqual(before);
    // Non-strict: missing / unexpected are reported, not fatal; shapes still must match.
    sd['0.weight'] = tensor(new Float32Array(12).fill(7), { shape: [4, 3] });
    const r = a.loadStateDict(sd, { strict: false });
    expect(r.missingKeys).toEqual(['3.bias']);
    expect(Array.from(a.parameters()[0]?.data ?? [])).toEqual(new Array(12).fill(7));
  });
});

describe('layers against their formulas', () => {
  it('Linear computes x W^T + b with W stored [out, in]', () => {
    const l = new Linear(3, 2, { rng: rng(), dtype: 'float64' });
    expect(l.weight.shape).toEqual([2, 3]);
    l.weight.data.set([1, 2, 3, -1, 0, 1]);
    l.bias?.data.set([0.5, -0.5]);
    expect(
      Array.from(
        l.call(
          tensor(
            [
              [1, 1, 1],
              [2, 0, -1],
            ],
            { dtype: 'float64' },
          ),
        ).data,
      ),
    ).toEqual([6.5, -0.5, -0.5, -3.5]);
    expect(() => l.call(tensor([[1, 2]], { dtype: 'float64' }))).toThrow(ShapeError);
    expect(() => new Linear(0, 2)).toThrow(ArgumentError);
  });

  it('LayerNorm normalises the last axis (biased variance)', () => {
    const ln = new LayerNorm(4, { dtype: 'float64' });
    const y = ln.call(tensor([[1, 2, 3, 4]], { dtype: 'float64' }));
    const v = 1.25;
    [-1.5, -0.5, 0.5, 1.5].forEach((c, i) => {
      expect(y.data[i]).toBeCloseTo(c / Math.sqrt(v + 1e-5), 12);
    });
  });

  it('BatchNorm1d uses batch statistics in training and running statistics in eval', () => {
    const bn = new BatchNorm1d(2, { dtype: 'float64', momentum: 0.5 });
    const x = tensor(
      [
        [1, 10],
        [3, 20],
        [5, 60],
      ],
      { dtype: 'float64' },
    );
    const y = bn.call(x);
    // column 0: mean 3, biased var 8/3
    expect(y.data[0]).toBeCloseTo(-2 / Math.sqrt(8 / 3 + 1e-5), 12);
    // running: 0.5 * 0 + 0.5 * mean; var: 0.5 * 1 + 0.5 * unbiased var (4 and 700)
    expect(Array.from(bn.runningMean?.data ?? [])).toEqual([1.5, 15]);
    expect(bn.runningVar?.data[0]).toBeCloseTo(0.5 + 0.5 * 4, 12);
    expect(bn.runningVar?.data[1]).toBeCloseTo(0.5 + 0.5 * 700, 10);
    bn.eval();
    const z = bn.call(tensor([[1.5, 15]], { dtype: 'float64' }));
    expect(Array.from(z.data)).toEqual([0, 0]);
    expect(Object.keys(bn.stateDict())).toEqual([
      'weight',
      'bias',
      'running_mean',
      'running_var',
      'num_batches_tracked',
    ]);
  });

  it('Dropout is seeded, scales survivors by 1/(1-p), and is the identity in eval', () => {
    const a = new Dropout(0.25, { seed: 9 });
    const b = new Dropout(0.25, { seed: 9 });
    const x = tensor(new Float32Array(4000).fill(1), { shape: [40, 100] });
    const ya = a.call(x);
    expect(Array.from(ya.data)).toEqual(Array.from(b.call(x).data));
    const kept = Array.from(ya.data).filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.75)]));
    expect(Math.abs(kept.length / 4000 - 0.75)).toBeLessThan(0.03);
    a.eval();
    expect(a.call(x)).toBe(x);
    expect(() => new Dropout(1)).toThrow(ArgumentError);
  });

  it('Residual adds the skip path and gradients flow through both', () => {
    const inner = new Linear(2, 2, { rng: rng(), dtype: 'float64' });
    const r = new Residual(inner);
    const x = tensor([[1, -2]], { dtype: 'float64', requiresGrad: true });
    const y = r.call(x);
    const want = noGrad(() => inner.call(x).add(x));
    expect(Array.from(y.data)).toEqual(Array.from(want.data));
    y.sum().backward();
    const w = inner.weight.data;
    // d sum(x + x W^T + b) / dx_j = 1 + sum_i W_ij
    expect(x.grad?.data[0]).toBeCloseTo(1 + (w[0] as number) + (w[2] as number), 12);
    expect(() => new Residual(new Linear(2, 3)).call(tensor([[1, 2]]))).toThrow(ShapeError);
  });
});
