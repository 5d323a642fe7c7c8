import { describe, expect, test } from 'vitest';
import { AnomalyError, detectAnomaly, isAnomalyDetectionEnabled } from './anomaly.js';
import { tensor } from './create.js';
import { ArgumentError, GraphError } from './errors.js';
import { noGrad, scope } from './grad-mode.js';
import { where } from './ops/elementwise.js';
import { defineOp } from './registry.js';
import type { Tensor } from './tensor.js';

const x3 = () => tensor([1, 2, 3], { requiresGrad: true, name: 'x' });

function caught(fn: () => unknown): AnomalyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AnomalyError) return e;
    throw e;
  }
  throw new Error('expected an AnomalyError, nothing was thrown');
}

describe('detectAnomaly', () => {
  test("names 'log' in scope('loss') for log(x - x), with input shapes and creation site", () => {
    const x = x3();
    const e = caught(() =>
      detectAnomaly(() => {
        const d = x.sub(x);
        return scope('loss', () => d.log().mean());
      }),
    );
    expect(e).toBeInstanceOf(GraphError);
    expect(e.op).toBe('log');
    expect(e.phase).toBe('forward');
    expect(e.scope).toEqual(['loss']);
    expect(e.inputShapes).toEqual([[3]]);
    expect(e.value).toBe('-Infinity');
    expect(e.creationStack).toContain('anomaly.test.ts');
    expect(e.creationStack.split('\n')[0]).toContain('anomaly.test.ts');
    expect(e.message).toContain("'log' in scope loss produced -Infinity in its forward output");
    expect(e.message).toContain('input shapes [3]');
    expect(isAnomalyDetectionEnabled()).toBe(false);
  });

  test('without it, NaN flows through silently', () => {
    const x = x3();
    const loss = scope('loss', () => x.sub(x).log().mean());
    expect(loss.item()).toBe(Number.NEGATIVE_INFINITY);
    loss.backward();
    // d/dx log(x - x) = 1/(x-x) - 1/(x-x) = Inf - Inf = NaN
    expect(Array.from((x.grad as Tensor).data).every(Number.isNaN)).toBe(true);
  });

  test('backward anomalies name the op whose rule made NaN/Inf from a finite gradient', () => {
    // sqrt(0) = 0 is finite; its gradient 1 / (2 sqrt(0)) is not.
    const x = tensor([0, 4], { requiresGrad: true });
    const e = caught(() =>
      detectAnomaly(() =>
        scope('layer1', () => x.sqrt())
          .sum()
          .backward(),
      ),
    );
    expect(e.op).toBe('sqrt');
    expect(e.phase).toBe('backward');
    expect(e.scope).toEqual(['layer1']);
    expect(e.value).toBe('Infinity');
    expect(e.message).toContain('in the gradient of its input 0 from a finite output gradient');
    // The creation site was recorded when the op ran forward.
    expect(e.creationStack.split('\n')[0]).toContain('anomaly.test.ts');
  });

  test('forward: false checks backward only (like PyTorch)', () => {
    const x = x3();
    const e = caught(() =>
      detectAnomaly(() => scope('loss', () => x.sub(x).log().mean()).backward(), {
        forward: false,
      }),
    );
    expect(e.op).toBe('log');
    expect(e.phase).toBe('backward');
  });

  test('an op is judged by its own output, not by the ops it is built of', () => {
    // safeRecip(x) = x == 0 ? 0 : 1/x. Its forward computes 1/0 = Inf internally, then discards it.
    const safeRecip = defineOp(
      {
        name: 'test.safeRecip',
        arity: 1,
        forward: ([x]) => where((x as Tensor).eq(0), 0, (x as Tensor).pow(-1)),
        backward: (g, { inputs: [x] }) => [
          where((x as Tensor).eq(0), 0, g.neg().div((x as Tensor).square())),
        ],
      },
      { replace: true },
    );
    const x = tensor([0, 2], { requiresGrad: true });
    detectAnomaly(() => safeRecip([x]).sum().backward());
    expect(Array.from((x.grad as Tensor).data)).toEqual([0, -0.25]);
  });

  test('values that were already NaN are not blamed on later ops', () => {
    const x = tensor([Number.NaN, 1], { requiresGrad: true });
    expect(() => detectAnomaly(() => x.mul(2).exp().sum())).not.toThrow();
  });

  test('ops run under noGrad are checked too', () => {
    const x = tensor([1, 0]);
    const e = caught(() =>
      detectAnomaly(() => noGrad(() => scope('eval', () => tensor(1).div(x)))),
    );
    expect(e.op).toBe('div');
    expect(e.scope).toEqual(['eval']);
    expect(e.inputShapes).toEqual([[], [2]]);
  });

  test('returns the result, nests, and switches off afterwards', () => {
    const x = x3();
    const r = detectAnomaly(() => detectAnomaly(() => x.mul(2).sum().item()));
    expect(r).toBe(12);
    expect(isAnomalyDetectionEnabled()).toBe(false);
    expect(() => x.sub(x).log()).not.toThrow();
    expect(() => detectAnomaly(3 as never)).toThrow(ArgumentError);
  });

  test('an async function keeps detection on until it settles', async () => {
    const x = x3();
    const p = detectAnomaly(async () => {
      await Promise.resolve();
      expect(isAnomalyDetectionEnabled()).toBe(true);
      return x.sub(x).log();
    });
    await expect(p).rejects.toBeInstanceOf(AnomalyError);
    expect(isAnomalyDetectionEnabled()).toBe(false);
  });
});
