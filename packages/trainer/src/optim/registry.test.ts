import { NotFoundError, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad.js';
import { Adam, AdamW } from './adam.js';
import { createOptimizer, listOptimizers } from './registry.js';
import { RMSProp } from './rmsprop.js';
import { SGD } from './sgd.js';

const params = () => [tensor([1, 2], { requiresGrad: true })];

describe('createOptimizer', () => {
  it('builds each named optimiser with its options', () => {
    expect(listOptimizers()).toEqual(['adagrad', 'adam', 'adamw', 'rmsprop', 'sgd']);
    const sgd = createOptimizer('sgd', params(), { lr: 0.1, momentum: 0.9 });
    expect(sgd).toBeInstanceOf(SGD);
    expect(sgd.lr).toBe(0.1);
    expect((sgd as SGD).momentum).toBe(0.9);
    expect(createOptimizer('adam', params())).toBeInstanceOf(Adam);
    expect(createOptimizer('adamw', params())).toBeInstanceOf(AdamW);
    expect(createOptimizer('rmsprop', params())).toBeInstanceOf(RMSProp);
    expect(createOptimizer('adagrad', params())).toBeInstanceOf(Adagrad);
  });

  it('an unknown name suggests the closest', () => {
    const e = (() => {
      try {
        createOptimizer('Adam' as 'adam', params());
      } catch (err) {
        return err as NotFoundError;
      }
    })();
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e?.message).toContain("unknown optimizer 'Adam'");
    expect(e?.suggestions[0]).toBe('adam');
    expect(() => createOptimizer('toString' as 'adam', params())).toThrow(NotFoundError);
  });
});
