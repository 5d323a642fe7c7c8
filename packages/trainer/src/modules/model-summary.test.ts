import { ArgumentError, createRng, randn } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { Activation } from './activation.js';
import { BatchNorm2d } from './batch-norm.js';
import { Conv2d } from './conv.js';
import { Dropout2d } from './dropout.js';
import { Flatten } from './flatten.js';
import { Linear } from './linear.js';
import { modelSummary } from './model-summary.js';
import { MaxPool2d } from './pool.js';
import { Sequential } from './sequential.js';

/** LeNet-5 as LeCun et al. (1998), on 28 x 28 digits padded by 2, with ReLU and max pooling. */
function lenet5(): Sequential {
  const rng = createRng(1);
  return new Sequential(
    new Conv2d(1, 6, 5, { padding: 2, rng }),
    new Activation('relu'),
    new MaxPool2d(2),
    new Conv2d(6, 16, 5, { rng }),
    new Activation('relu'),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(400, 120, { rng }),
    new Activation('relu'),
    new Linear(120, 84, { rng }),
    new Activation('relu'),
    new Linear(84, 10, { rng }),
  );
}

describe('modelSummary', () => {
  it("tabulates LeNet-5: each layer's configuration, output shape, parameters and MACs", () => {
    const s = modelSummary(lenet5(), [3, 1, 28, 28]);
    // the published parameter count of LeNet-5 with 10 outputs: 61,706
    expect(s.totalParams).toBe(61_706);
    const by = Object.fromEntries(s.rows.map((r) => [r.path, r]));
    expect(by['0']?.layer).toBe('Conv2d(1, 6, kernelSize=5, stride=1, padding=2)');
    expect(by['0']?.outputShape).toEqual([3, 6, 28, 28]);
    expect(by['0']?.params).toBe(6 * 25 + 6);
    // a convolution's MACs: N · C_out · H' · W' · (C_in / groups) · kH · kW
    expect(by['0']?.macs).toBe(3 * 6 * 28 * 28 * 25);
    expect(by['2']?.outputShape).toEqual([3, 6, 14, 14]);
    expect(by['3']?.layer).toBe('Conv2d(6, 16, kernelSize=5, stride=1)');
    expect(by['3']?.macs).toBe(3 * 16 * 10 * 10 * 6 * 25);
    expect(by['3']?.params).toBe(16 * 150 + 16);
    expect(by['5']?.outputShape).toEqual([3, 16, 5, 5]);
    expect(by['6']?.outputShape).toEqual([3, 400]);
    expect(by['7']?.macs).toBe(3 * 400 * 120);
    expect(by['11']?.outputShape).toEqual([3, 10]);
    expect(s.rows[0]?.outputShape).toEqual([3, 10]);
    expect(s.rows[0]?.macs).toBe(s.totalMacs);
    expect(s.text).toMatch(
      /^ {2}\(0\) Conv2d\(1, 6, kernelSize=5, stride=1, padding=2\) +\[3,6,28,28\] +156 +352,800$/m,
    );
    expect(s.text).toMatch(/^Trainable params: 61,706$/m);
    expect(s.text).toMatch(/^Input shape: \[3,1,28,28\]$/m);
  });

  it('leaves the model as it was: training flags, batch-norm statistics, dropout generators', () => {
    const rng = createRng(2);
    const m = new Sequential(
      new Conv2d(2, 4, 3, { rng }),
      new BatchNorm2d(4),
      new Dropout2d(0.5, { seed: 1 }),
    );
    const bn = m.at(1) as BatchNorm2d;
    const state = m.namedRngs()[0]?.[1].getState();
    const s = modelSummary(m, randn([2, 2, 6, 6], { rng }));
    expect(m.training).toBe(true);
    expect(bn.training).toBe(true);
    expect(bn.numBatchesTracked?.data[0]).toBe(0);
    expect(Array.from(bn.runningMean?.data ?? [])).toEqual([0, 0, 0, 0]);
    expect(m.namedRngs()[0]?.[1].getState()).toEqual(state);
    expect(s.rows.map((r) => r.layer)).toEqual([
      'Sequential()',
      'Conv2d(2, 4, kernelSize=3, stride=1)',
      'BatchNorm2d(4, eps=0.00001, momentum=0.1, affine=true)',
      'Dropout2d(p=0.5)',
    ]);
    expect(s.rows[3]?.outputShape).toEqual([2, 4, 4, 4]);
    expect(() => modelSummary(m, [2, -1])).toThrow(ArgumentError);
    expect(() => modelSummary({} as Sequential, [1])).toThrow(/expected a model/);
  });
});
