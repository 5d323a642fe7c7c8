/**
 * Whole models exported at opsets 13, 17 and 21 with a symbolic batch, checked against the ONNX
 * spec and run in ONNX Runtime (one session per model) at two batch sizes other than the
 * example's: the trainer's mlp in residual and LayerNorm variants with several activations, and
 * CNNs — Conv2d / MaxPool2d / BatchNorm2d (eval) / Flatten / Linear, LeNet-5, a ConvTranspose2d
 * decoder, a Conv1d model, reflect padding with uneven adaptive pooling. Outputs equal
 * gradscope's forward within 1e-5.
 */
import { createRng, randn } from '@gradscope/core';
import {
  Activation,
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  ConvTranspose2d,
  Dropout,
  Dropout2d,
  Flatten,
  LayerNorm,
  Linear,
  MaxPool2d,
  type Module,
  mlp,
  Residual,
  Sequential,
} from '@gradscope/trainer';
import { describe, it } from 'vitest';
import { toONNX } from '../src/index.js';
import { OrtModel } from './export-support.js';
import { checkModel } from './onnx-spec.js';
import { expectClose } from './ort-support.js';

interface ModelCase {
  readonly make: () => Module;
  /** One sample's shape (the batch axis comes first). */
  readonly sample: readonly number[];
}

const seed = { seed: 7 };
const mlpCases: Record<string, ModelCase> = {};
for (const activation of ['relu', 'tanh', 'gelu', 'mish', 'prelu', 'swish']) {
  mlpCases[`residual ${activation}`] = {
    make: () =>
      mlp({ inputSize: 6, hidden: [6, 6, 6], outputSize: 3, activation, residual: true, ...seed }),
    sample: [6],
  };
  mlpCases[`LayerNorm ${activation}`] = {
    make: () => mlp({ inputSize: 5, hidden: [8, 8], outputSize: 3, activation, norm: 'layer' }),
    sample: [5],
  };
}
mlpCases['residual LayerNorm with dropout (eval)'] = {
  make: () =>
    mlp({
      inputSize: 6,
      hidden: [6, 6],
      outputSize: 2,
      activation: 'elu',
      residual: true,
      norm: 'layer',
      dropout: 0.3,
      ...seed,
    }),
  sample: [6],
};
mlpCases['LayerNorm without affine, residual with a projection'] = {
  make: () =>
    new Sequential(
      new Residual(
        new Sequential(new Linear(4, 8), new LayerNorm(8, { elementwiseAffine: false })),
        new Linear(4, 8, { bias: false }),
      ),
      new Activation('silu'),
      new Linear(8, 2),
    ),
  sample: [4],
};

const cnnCases: Record<string, ModelCase> = {
  'Conv2d, BatchNorm2d (eval), MaxPool2d, Flatten, Linear': {
    make: () =>
      new Sequential(
        new Conv2d(1, 4, 3, { padding: 1 }),
        new BatchNorm2d(4),
        new Activation('relu'),
        new MaxPool2d(2),
        new Conv2d(4, 8, 3, { stride: 2, bias: false }),
        new BatchNorm2d(8),
        new Activation('leakyRelu'),
        new Flatten(),
        new Linear(8 * 2 * 2, 5),
      ),
    sample: [1, 10, 10],
  },
  'LeNet-5': {
    make: () =>
      new Sequential(
        new Conv2d(1, 6, 5, { padding: 2 }),
        new Activation('tanh'),
        new AvgPool2d(2),
        new Conv2d(6, 16, 5),
        new Activation('tanh'),
        new AvgPool2d(2),
        new Flatten(),
        new Linear(16 * 5 * 5, 120),
        new Activation('tanh'),
        new Linear(120, 84),
        new Activation('tanh'),
        new Linear(84, 10),
      ),
    sample: [1, 28, 28],
  },
  'ConvTranspose2d decoder': {
    make: () =>
      new Sequential(
        new ConvTranspose2d(4, 8, 3, { stride: 2, padding: 1, outputPadding: 1 }),
        new BatchNorm2d(8),
        new Activation('relu'),
        new ConvTranspose2d(8, 2, 4, { stride: 2, padding: 1, groups: 2 }),
        new Activation('sigmoid'),
      ),
    sample: [4, 3, 3],
  },
  Conv1d: {
    make: () =>
      new Sequential(
        new Conv1d(2, 4, 5, { padding: 'same' }),
        new Activation('gelu'),
        new Conv1d(4, 4, 3, { stride: 2, dilation: 2, groups: 2 }),
        new Activation('mish'),
        new Flatten(),
        new Linear(4 * 6, 3),
      ),
    sample: [2, 16],
  },
  'reflect padding, ceil-mode pooling, uneven adaptive pooling, Dropout2d (eval)': {
    make: () =>
      new Sequential(
        new Conv2d(3, 4, 3, { padding: 1, paddingMode: 'reflect' }),
        new Activation('hardSwish'),
        new MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }),
        new Dropout2d(0.2),
        new AdaptiveAvgPool2d([3, 2]),
        new Flatten(),
        new Dropout(0.1),
        new Linear(4 * 3 * 2, 2),
      ),
    sample: [3, 9, 7],
  },
};

/** Runs one batch in train mode (non-trivial batch-norm statistics), then switches to eval. */
function prepared(c: ModelCase): Module {
  const model = c.make();
  model.train();
  model.call(randn([6, ...c.sample], { rng: createRng(1) }).add(0.5));
  model.eval();
  return model;
}

for (const [title, cases] of [
  ['mlp variants', mlpCases],
  ['CNNs', cnnCases],
] as const) {
  describe(`${title} → ONNX Runtime with a symbolic batch`, () => {
    for (const opset of [13, 17, 21]) {
      it.each(Object.keys(cases))(`opset ${opset}: %s`, async (name) => {
        const c = cases[name] as ModelCase;
        const model = prepared(c);
        const example = randn([3, ...c.sample], { rng: createRng(2) });
        const bytes = toONNX(model, [example], { opset, dynamicBatch: true });
        checkModel(bytes, opset);
        const session = await OrtModel.load(bytes);
        try {
          for (const batch of [1, 5]) {
            const x = randn([batch, ...c.sample], { rng: createRng(10 + batch) }).mul(2);
            expectClose((await session.run([x]))[0] as never, model.call(x));
          }
        } finally {
          await session.release();
        }
      });
    }
  });
}

describe('float64 models → ONNX Runtime', () => {
  // Ops with float64 kernels in ONNX Runtime's CPU provider (export-variants.ort.test.ts lists the others).
  for (const opset of [13, 17, 21]) {
    it.each(['relu', 'tanh', 'sigmoid', 'elliott'])(
      `opset ${opset}: LayerNorm mlp, %s`,
      async (activation) => {
        const model = mlp({
          inputSize: 5,
          hidden: [8, 8],
          outputSize: 3,
          activation,
          norm: 'layer',
          dtype: 'float64',
        });
        const x = randn([4, 5], { rng: createRng(3), dtype: 'float64' });
        const bytes = toONNX(model, [x], { opset, dynamicBatch: true });
        checkModel(bytes, opset);
        const session = await OrtModel.load(bytes);
        const x2 = randn([2, 5], { rng: createRng(4), dtype: 'float64' }).mul(3);
        expectClose((await session.run([x2]))[0] as never, model.call(x2), 1e-12);
        await session.release();
      },
    );
  }
});

describe('every opset from 13 to 21', () => {
  // GELU, HardSwish and Mish change form with the opset (decomposed before 20, 14 and 18).
  const model = new Sequential(
    new Linear(4, 6),
    new Activation('gelu'),
    new Linear(6, 6),
    new Activation('hardSwish'),
    new Linear(6, 6),
    new Activation('mish'),
    new Linear(6, 2),
  );
  it.each([13, 14, 15, 16, 17, 18, 19, 20, 21])(
    'opset %i: the IR version of its opset (at most 10, for Netron), its opset import, its op types, and ONNX Runtime agrees',
    async (opset) => {
      const x = randn([3, 4], { rng: createRng(opset) });
      const bytes = toONNX(model, [x], { opset });
      checkModel(bytes, opset);
      const session = await OrtModel.load(bytes);
      expectClose((await session.run([x]))[0] as never, model.call(x));
      await session.release();
    },
  );
});
