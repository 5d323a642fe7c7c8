/**
 * Bad input gets a clear error (issue 9): a table of bad calls across core, activations and
 * trainer. Each row names the gradscope error class it must throw and the facts its message
 * must state (op name, what was expected, what came). None may surface as a bare TypeError or
 * RangeError from inside, and rows that could mutate state check that nothing changed.
 */

import { getActivation, leakyRelu, prelu } from '@gradscope/activations';
import {
  ArgumentError,
  concat,
  createRng,
  DTypeError,
  defineOp,
  GradscopeError,
  GraphError,
  getOp,
  gradcheck,
  NotFoundError,
  oneHot,
  ones,
  randn,
  ShapeError,
  scope,
  stack,
  type Tensor,
  tensor,
  where,
  zeros,
} from '@gradscope/core';
import {
  Activation,
  Adam,
  createOptimizer,
  crossEntropy,
  DataLoader,
  Dataset,
  decodeSafetensors,
  encodeSafetensors,
  getInitializer,
  getLoss,
  Linear,
  mlp,
  moons,
  mse,
  RMSProp,
  SafetensorsError,
  SGD,
  StateDictError,
  StepLR,
  fit as trainFit,
  trainValidationSplit,
} from '@gradscope/trainer';
import { describe, expect, it } from 'vitest';

type ErrorClass = abstract new (...args: never[]) => Error;

interface Row {
  /** What is wrong. */
  readonly name: string;
  readonly run: () => unknown;
  readonly error: ErrorClass;
  /** Substrings (or patterns) the message must contain. */
  readonly facts: ReadonlyArray<string | RegExp>;
}

const t23 = () =>
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
const f64 = () => tensor([1, 2, 3], { dtype: 'float64' });
const f32 = () => tensor([1, 2, 3]);

const rows: Row[] = [
  // --- tensor creation: shapes and data ---------------------------------------------------
  {
    name: 'zeros with a negative dimension',
    run: () => zeros([2, -1]),
    error: ShapeError,
    facts: ['zeros', 'non-negative integers', '-1'],
  },
  {
    name: 'zeros with a fractional dimension',
    run: () => zeros([2.5]),
    error: ShapeError,
    facts: ['zeros', '2.5'],
  },
  {
    name: 'ones with a NaN dimension',
    run: () => ones([Number.NaN, 2]),
    error: ShapeError,
    facts: ['ones', 'NaN', '[NaN,2]'],
  },
  {
    name: 'zeros with a shape that is not an array',
    run: () => zeros(3 as unknown as number[]),
    error: ShapeError,
    facts: ['zeros', 'expected a shape', 'got 3'],
  },
  {
    name: 'zeros with an infinite dimension',
    run: () => zeros([Number.POSITIVE_INFINITY]),
    error: ShapeError,
    facts: ['zeros', 'Infinity'],
  },
  {
    name: 'randn with a string dimension',
    run: () => randn(['3'] as unknown as number[]),
    error: ShapeError,
    facts: ['randn', '"3"'],
  },
  {
    name: 'ragged nested array (rows of different lengths)',
    run: () => tensor([[1, 2], [3]]),
    error: ShapeError,
    facts: ['tensor', 'ragged', 'expected 2 elements', 'got 1'],
  },
  {
    name: 'ragged nested array (number where an array is expected)',
    run: () => tensor([[1, 2], 3] as unknown as number[][]),
    error: ShapeError,
    facts: ['tensor', 'ragged'],
  },
  {
    name: 'ragged nested array (array where a number is expected)',
    run: () => tensor([1, [2]] as unknown as number[]),
    error: ShapeError,
    facts: ['tensor', 'ragged', '[1]'],
  },
  {
    name: 'nested array holding a string',
    run: () => tensor([1, 'x'] as unknown as number[]),
    error: ArgumentError,
    facts: ['tensor', 'expected numbers', '"x"', '[1]'],
  },
  {
    name: 'typed array with a shape of the wrong size',
    run: () => tensor(new Float32Array(6), { shape: [4, 2] }),
    error: ShapeError,
    facts: ['tensor', '[4,2]', '8 elements', '6'],
  },
  {
    name: 'tensor of a string',
    run: () => tensor('abc' as unknown as number[]),
    error: ArgumentError,
    facts: ['tensor', 'expected', '"abc"'],
  },
  {
    name: 'unknown dtype',
    run: () => tensor([1], { dtype: 'int8' as 'float32' }),
    error: DTypeError,
    facts: ['tensor', 'int8'],
  },
  // --- dtype mixes, arity ----------------------------------------------------------------
  {
    name: 'add float32 + float64',
    run: () => f32().add(f64()),
    error: DTypeError,
    facts: ['add', 'float32', 'float64'],
  },
  {
    name: 'matmul float64 @ float32',
    run: () => tensor([[1]], { dtype: 'float64' }).matmul(tensor([[1]])),
    error: DTypeError,
    facts: ['matmul', 'float64', 'float32'],
  },
  {
    name: 'concat of mixed dtypes',
    run: () => concat([f32(), f64()]),
    error: DTypeError,
    facts: ['concat', 'float32', 'float64'],
  },
  {
    name: 'where with a and b of different dtypes',
    run: () => where(tensor([1, 0, 1]), f32(), f64()),
    error: GradscopeError,
    facts: ['where', 'float32', 'float64'],
  },
  {
    name: 'op applied to the wrong number of inputs',
    run: () => getOp('add').apply([f32()]),
    error: ArgumentError,
    facts: ['add', 'expected 2 inputs', 'got 1'],
  },
  {
    name: 'op applied to a non-tensor input',
    run: () => getOp('exp').apply(['x' as unknown as number]),
    error: ArgumentError,
    facts: ['exp', 'input 0', '"x"'],
  },
  {
    name: 'defineOp with a negative arity',
    run: () => defineOp({ name: 'reliability.bad', arity: -1, forward: ([x]) => x as Tensor }),
    error: ArgumentError,
    facts: ['reliability.bad', 'arity', '-1'],
  },
  {
    name: 'defineOp over an existing name',
    run: () => defineOp({ name: 'add', arity: 2, forward: ([x]) => x as Tensor }),
    error: ArgumentError,
    facts: ["'add'", 'already defined', 'replace'],
  },
  // --- axes and shapes in ops --------------------------------------------------------------
  {
    name: 'sum over an axis out of range',
    run: () => t23().sum(2),
    error: ShapeError,
    facts: ['sum', 'axis 2', 'rank 2'],
  },
  {
    name: 'mean over a negative axis out of range',
    run: () => t23().mean(-3),
    error: ShapeError,
    facts: ['mean', 'axis -3', 'rank 2'],
  },
  {
    name: 'max over a fractional axis',
    run: () => t23().max(0.5),
    error: ArgumentError,
    facts: ['max', 'integer', '0.5'],
  },
  {
    name: 'sum over a repeated axis',
    run: () => t23().sum([0, -2]),
    error: ShapeError,
    facts: ['sum', 'repeated axis'],
  },
  {
    name: 'softmax over an axis out of range',
    run: () => t23().softmax(5),
    error: ShapeError,
    facts: ['softmax', 'axis 5'],
  },
  {
    name: 'permute with a repeated axis',
    run: () => t23().permute([0, 0]),
    error: ShapeError,
    facts: ['permute', 'repeated'],
  },
  {
    name: 'permute with the wrong number of axes',
    run: () => t23().permute([0]),
    error: ShapeError,
    facts: ['permute'],
  },
  {
    name: 'squeeze of an axis that is not 1',
    run: () => t23().squeeze(1),
    error: ShapeError,
    facts: ['squeeze', 'size 3', 'expected 1'],
  },
  {
    name: 'unsqueeze out of range',
    run: () => t23().unsqueeze(4),
    error: ShapeError,
    facts: ['unsqueeze', 'axis 4', 'rank 2'],
  },
  {
    name: 'add with incompatible broadcast',
    run: () => t23().add(tensor([1, 2])),
    error: ShapeError,
    facts: ['add', 'broadcast', '[2,3]', '[2]'],
  },
  {
    name: 'where with incompatible broadcast',
    run: () => where(tensor([1, 0]), t23(), 0),
    error: ShapeError,
    facts: ['where', 'broadcast'],
  },
  {
    name: 'matmul with inner dimensions that differ',
    run: () => t23().matmul(t23()),
    error: ShapeError,
    facts: ['matmul', '[2,3]', '[2,3]'],
  },
  {
    name: 'matmul of a scalar',
    run: () => tensor(2).matmul(t23()),
    error: ShapeError,
    facts: ['matmul'],
  },
  {
    name: 'reshape to a different size',
    run: () => t23().reshape([4, 2]),
    error: ShapeError,
    facts: ['reshape', '[2,3]', '[4,2]'],
  },
  {
    name: 'reshape with two -1',
    run: () => t23().reshape([-1, -1]),
    error: ShapeError,
    facts: ['reshape', 'one -1'],
  },
  {
    name: 'reshape with a fractional dimension',
    run: () => t23().reshape([1.5, 4]),
    error: ShapeError,
    facts: ['reshape', '1.5'],
  },
  {
    name: 'expand to an incompatible shape',
    run: () => t23().expand([4, 3]),
    error: ShapeError,
    facts: ['expand', '[2,3]', '[4,3]'],
  },
  {
    name: 'slice beyond the end',
    run: () => t23().slice([0, 2], [2, 2]),
    error: ShapeError,
    facts: ['slice'],
  },
  {
    name: 'gather with an index out of range',
    run: () => t23().gather(tensor([[5]]), 1),
    error: GradscopeError,
    facts: ['gather', '5'],
  },
  {
    name: 'concat of different ranks',
    run: () => concat([t23(), f32()]),
    error: ShapeError,
    facts: ['concat'],
  },
  {
    name: 'stack of different shapes',
    run: () => stack([t23(), f32()]),
    error: ShapeError,
    facts: ['stack', '[2,3]', '[3]'],
  },
  {
    name: 'concat of an empty list',
    run: () => concat([]),
    error: ArgumentError,
    facts: ['concat'],
  },
  {
    name: 'oneHot with depth 0',
    run: () => oneHot(tensor([0, 1]), 0),
    error: ArgumentError,
    facts: ['oneHot', 'depth', 'positive integer', 'got 0'],
  },
  {
    name: 'oneHot with a label outside the depth',
    run: () => oneHot(tensor([0, 3]), 3),
    error: ArgumentError,
    facts: ['oneHot', '3'],
  },
  {
    name: 'clamp with min > max',
    run: () => f32().clamp(2, 1),
    error: ArgumentError,
    facts: ['clamp', 'min (2)', 'max (1)'],
  },
  {
    name: 'item of a tensor with many elements',
    run: () => t23().item(),
    error: ShapeError,
    facts: ['item', 'one element', '[2,3]'],
  },
  // --- the graph ---------------------------------------------------------------------------
  {
    name: 'backward() on a non-scalar without a gradient',
    run: () => tensor([1, 2], { requiresGrad: true }).mul(2).backward(),
    error: GraphError,
    facts: ['backward', 'shape [2]', 'scalar'],
  },
  {
    name: 'backward() with a gradient of the wrong shape',
    run: () =>
      tensor([1, 2], { requiresGrad: true })
        .mul(2)
        .backward(tensor([1, 2, 3])),
    error: ShapeError,
    facts: ['backward', '[3]', '[2]'],
  },
  {
    name: 'backward() twice through a released graph',
    run: () => {
      const x = tensor([1, 2], { requiresGrad: true });
      const y = x.exp().sum();
      y.backward();
      y.backward();
    },
    error: GraphError,
    facts: ['backward', 'released', 'retainGraph'],
  },
  {
    name: 'backward() on a tensor that does not require grad',
    run: () => f32().sum().backward(),
    error: GraphError,
    facts: ['backward', 'does not require grad'],
  },
  {
    name: 'turning requiresGrad off on a non-leaf',
    run: () => {
      tensor([1], { requiresGrad: true }).mul(2).requiresGrad = false;
    },
    error: GraphError,
    facts: ['requiresGrad', 'non-leaf', "'mul'"],
  },
  {
    name: 'scope with an empty name',
    run: () => scope('', () => 1),
    error: ArgumentError,
    facts: ['scope', 'non-empty string', '""'],
  },
  {
    name: 'gradcheck with no inputs',
    run: () => gradcheck((x) => x, []),
    error: ArgumentError,
    facts: ['gradcheck', 'non-empty array'],
  },
  {
    name: 'unknown op name (suggests the closest)',
    run: () => getOp('matmull'),
    error: NotFoundError,
    facts: ["unknown op 'matmull'", "did you mean 'matmul'"],
  },
  // --- activations -------------------------------------------------------------------------
  {
    name: 'unknown activation name (suggests the closest)',
    run: () => getActivation('sigmod'),
    error: NotFoundError,
    facts: ["unknown activation 'sigmod'", "'sigmoid'"],
  },
  {
    name: 'unknown activation name, wrong case',
    run: () => getActivation('ReLU'),
    error: NotFoundError,
    facts: ["'ReLU'", "'relu'"],
  },
  {
    name: 'unknown activation parameter (suggests the closest)',
    run: () => getActivation('leakyRelu').apply(f32(), { alhpa: 0.2 }),
    error: NotFoundError,
    facts: ['leakyRelu', "'alhpa'", "'alpha'"],
  },
  {
    name: 'leakyRelu with a NaN slope',
    run: () => leakyRelu(f32(), Number.NaN),
    error: ArgumentError,
    facts: ['leakyRelu', 'alpha', 'NaN'],
  },
  {
    name: 'prelu with a slope of mismatched channels',
    run: () => prelu(t23(), tensor([0.1, 0.2])),
    error: ShapeError,
    facts: ['prelu'],
  },
  {
    name: 'activation of a mixed-dtype input pair (prelu)',
    run: () => prelu(f32(), tensor([0.1], { dtype: 'float64' })),
    error: DTypeError,
    facts: ['float32', 'float64'],
  },
  {
    name: 'unknown activation in an Activation layer',
    run: () => new Activation('swishh'),
    error: NotFoundError,
    facts: ["'swishh'", "'swish'"],
  },
  // --- trainer: initialisers, losses, modules --------------------------------------------
  {
    name: 'unknown initialiser name (suggests the closest)',
    run: () => getInitializer('heNormall'),
    error: NotFoundError,
    facts: ["unknown initializer 'heNormall'", "'heNormal'"],
  },
  {
    name: 'unknown initialiser given to Linear',
    run: () => new Linear(2, 2, { init: 'xavier_uniform' }),
    error: NotFoundError,
    facts: ["'xavier_uniform'", "'xavierUniform'"],
  },
  {
    name: 'initialiser with a negative dimension',
    run: () => getInitializer('heNormal')([2, -2]),
    error: ShapeError,
    facts: ['heNormal', '-2'],
  },
  {
    name: 'initialiser with a negative gain',
    run: () => getInitializer('xavierUniform')([2, 2], { gain: -1 }),
    error: ArgumentError,
    facts: ['xavierUniform', 'gain', '-1'],
  },
  {
    name: 'unknown loss name (suggests the closest)',
    run: () => getLoss('crossEntropi'),
    error: NotFoundError,
    facts: ["unknown loss 'crossEntropi'", "'crossEntropy'"],
  },
  {
    name: 'mse of mismatched shapes',
    run: () => mse(t23(), f32()),
    error: ShapeError,
    facts: ['mse', '[2,3]', '[3]'],
  },
  {
    name: 'crossEntropy with a label out of range',
    run: () => crossEntropy(t23(), [0, 3]),
    error: ArgumentError,
    facts: ['crossEntropy', 'label 1', '3', '[0, 2]'],
  },
  {
    name: 'crossEntropy with a fractional label',
    run: () => crossEntropy(t23(), [0, 1.5]),
    error: ArgumentError,
    facts: ['crossEntropy', '1.5'],
  },
  {
    name: 'crossEntropy with 1-d logits',
    run: () => crossEntropy(f32(), [0]),
    error: ShapeError,
    facts: ['crossEntropy', '[N, C]', '[3]'],
  },
  {
    name: 'crossEntropy with the wrong number of labels',
    run: () => crossEntropy(t23(), [0, 1, 2]),
    error: ShapeError,
    facts: ['crossEntropy', '2 integer labels', '[3]'],
  },
  {
    name: 'Linear with zero input features',
    run: () => new Linear(0, 3),
    error: ArgumentError,
    facts: ['Linear', 'inFeatures', 'positive integer', 'got 0'],
  },
  {
    name: 'Linear applied to the wrong width',
    run: () => new Linear(4, 3).call(t23()),
    error: ShapeError,
    facts: ['Linear', '4', '[2,3]'],
  },
  {
    name: 'mlp with an unknown norm',
    run: () => mlp({ inputSize: 2, hidden: [3], outputSize: 1, norm: 'group' as 'layer' }),
    error: ArgumentError,
    facts: ['mlp', 'norm', 'group'],
  },
  {
    name: 'mlp with a fractional hidden width',
    run: () => mlp({ inputSize: 2, hidden: [2.5], outputSize: 1 }),
    error: ArgumentError,
    facts: ['2.5'],
  },
  // --- optimisers ------------------------------------------------------------------------
  {
    name: 'SGD with a negative learning rate',
    run: () => new SGD(new Linear(2, 2).parameters(), { lr: -0.1 }),
    error: ArgumentError,
    facts: ['SGD', 'lr', '-0.1'],
  },
  {
    name: 'SGD with a NaN learning rate',
    run: () => new SGD(new Linear(2, 2).parameters(), { lr: Number.NaN }),
    error: ArgumentError,
    facts: ['SGD', 'lr', 'NaN'],
  },
  {
    name: 'SGD with momentum 1',
    run: () => new SGD(new Linear(2, 2).parameters(), { lr: 0.1, momentum: 1 }),
    error: ArgumentError,
    facts: ['SGD', 'momentum', '[0, 1)', 'got 1'],
  },
  {
    name: 'SGD with momentum 1.5',
    run: () => new SGD(new Linear(2, 2).parameters(), { lr: 0.1, momentum: 1.5 }),
    error: ArgumentError,
    facts: ['SGD', 'momentum', '1.5'],
  },
  {
    name: 'Adam with beta1 = 1',
    run: () => new Adam(new Linear(2, 2).parameters(), { betas: [1, 0.999] }),
    error: ArgumentError,
    facts: ['Adam', 'betas[0]', 'got 1'],
  },
  {
    name: 'Adam with a negative eps',
    run: () => new Adam(new Linear(2, 2).parameters(), { eps: -1e-8 }),
    error: ArgumentError,
    facts: ['Adam', 'eps', '-1e-8'],
  },
  {
    name: 'RMSProp with a negative alpha',
    run: () => new RMSProp(new Linear(2, 2).parameters(), { lr: 0.01, alpha: -0.5 }),
    error: ArgumentError,
    facts: ['RMSProp', 'alpha', '-0.5'],
  },
  {
    name: 'unknown optimiser name (suggests the closest)',
    run: () => createOptimizer('adamm' as 'adam', new Linear(2, 2).parameters()),
    error: NotFoundError,
    facts: ["unknown optimizer 'adamm'", "did you mean 'adam'"],
  },
  {
    name: 'unknown optimiser name, wrong case',
    run: () => createOptimizer('SGD' as 'sgd', new Linear(2, 2).parameters(), { lr: 0.1 }),
    error: NotFoundError,
    facts: ["'SGD'", "'sgd'"],
  },
  {
    name: 'named optimiser with momentum >= 1',
    run: () => createOptimizer('sgd', new Linear(2, 2).parameters(), { lr: 0.1, momentum: 1 }),
    error: ArgumentError,
    facts: ['SGD', 'momentum', 'got 1'],
  },
  {
    name: 'optimiser of an empty parameter list',
    run: () => new SGD([], { lr: 0.1 }),
    error: ArgumentError,
    facts: ['SGD', 'empty parameter list'],
  },
  {
    name: 'optimiser of a tensor that does not require grad',
    run: () => new SGD([f32()], { lr: 0.1 }),
    error: ArgumentError,
    facts: ['SGD', 'parameter 0', 'does not require grad'],
  },
  {
    name: 'setting a negative learning rate later',
    run: () => {
      new SGD(new Linear(2, 2).parameters(), { lr: 0.1 }).lr = -1;
    },
    error: ArgumentError,
    facts: ['SGD', 'lr', '-1'],
  },
  {
    name: 'StepLR with stepSize 0',
    run: () => new StepLR(new SGD(new Linear(2, 2).parameters(), { lr: 0.1 }), { stepSize: 0 }),
    error: ArgumentError,
    facts: ['StepLR', 'stepSize', 'got 0'],
  },
  // --- data and fit --------------------------------------------------------------------------
  {
    name: 'DataLoader with batch size 0',
    run: () => new DataLoader(new Dataset(t23(), tensor([0, 1])), { batchSize: 0 }),
    error: ArgumentError,
    facts: ['DataLoader', 'batchSize', 'positive integer', 'got 0'],
  },
  {
    name: 'DataLoader with a fractional batch size',
    run: () => new DataLoader(new Dataset(t23(), tensor([0, 1])), { batchSize: 1.5 }),
    error: ArgumentError,
    facts: ['DataLoader', 'batchSize', '1.5'],
  },
  {
    name: 'Dataset with different row counts',
    run: () => new Dataset(t23(), f32()),
    error: ShapeError,
    facts: ['Dataset', '[2,3]', '[3]', 'rows'],
  },
  {
    name: 'Dataset of non-tensors',
    run: () => new Dataset([1, 2] as unknown as Tensor, f32()),
    error: ArgumentError,
    facts: ['Dataset', 'tensors'],
  },
  {
    name: 'synthetic dataset with n = 1',
    run: () => moons({ n: 1 }),
    error: ArgumentError,
    facts: ['moons', 'n', '>= 2', 'got 1'],
  },
  {
    name: 'synthetic dataset with negative noise',
    run: () => moons({ noise: -0.1 }),
    error: ArgumentError,
    facts: ['moons', 'noise', '-0.1'],
  },
  {
    name: 'train/validation split with a fraction above 1',
    run: () => trainValidationSplit(moons({ n: 10 }), { validationFraction: 1.5 }),
    error: ArgumentError,
    facts: ['1.5'],
  },
  {
    name: 'fit with batch size 0',
    run: () => {
      const m = new Linear(3, 2);
      trainFit(m, {
        data: new Dataset(t23(), tensor([0, 1])),
        loss: 'crossEntropy',
        optimizer: new SGD(m.parameters(), { lr: 0.1 }),
        batchSize: 0,
      });
    },
    error: ArgumentError,
    facts: ['batchSize', 'got 0'],
  },
  {
    name: 'fit with negative epochs',
    run: () => {
      const m = new Linear(3, 2);
      trainFit(m, {
        data: new Dataset(t23(), tensor([0, 1])),
        loss: 'crossEntropy',
        optimizer: new SGD(m.parameters(), { lr: 0.1 }),
        epochs: -1,
      });
    },
    error: ArgumentError,
    facts: ['fit', 'epochs', '-1'],
  },
  {
    name: 'fit with an unknown loss name',
    run: () => {
      const m = new Linear(3, 2);
      trainFit(m, {
        data: new Dataset(t23(), tensor([0, 1])),
        loss: 'mean_squared_error',
        optimizer: new SGD(m.parameters(), { lr: 0.1 }),
      });
    },
    error: NotFoundError,
    facts: ["unknown loss 'mean_squared_error'"],
  },
  {
    name: 'fit with no optimiser',
    run: () =>
      trainFit(new Linear(3, 2), {
        data: new Dataset(t23(), tensor([0, 1])),
        loss: 'mse',
      } as unknown as Parameters<typeof trainFit>[1]),
    error: ArgumentError,
    facts: ['fit', 'optimizer'],
  },
  // --- safetensors ---------------------------------------------------------------------------
  {
    name: 'safetensors: too short for the length field',
    run: () => decodeSafetensors(new Uint8Array(4)),
    error: SafetensorsError,
    facts: ['decodeSafetensors', '4 bytes', '8-byte header length'],
  },
  {
    name: 'safetensors: header length beyond the file',
    run: () => {
      const b = encodeSafetensors({ w: f32() });
      new DataView(b.buffer).setBigUint64(0, 1000n, true);
      return decodeSafetensors(b);
    },
    error: SafetensorsError,
    facts: ['header length 1000', 'exceeds'],
  },
  {
    name: 'safetensors: not a byte array',
    run: () => decodeSafetensors('abc' as unknown as Uint8Array),
    error: SafetensorsError,
    facts: ['expected a Uint8Array', 'string'],
  },
  {
    name: 'encodeSafetensors of a non-tensor',
    run: () => encodeSafetensors({ w: [1, 2] as unknown as Tensor }),
    error: SafetensorsError,
    facts: ["'w'", 'not a tensor'],
  },
];

/** Asserts that `fn` throws an instance of `cls` (a GradscopeError) with every fact. */
function expectError(fn: () => unknown, cls: ErrorClass, facts: ReadonlyArray<string | RegExp>) {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected an error, none was thrown').toBeDefined();
  const err = caught as Error;
  // A failing row shows the actual error rather than "expected false to be true".
  expect(`${err.name}: ${err.message}`).not.toMatch(/^(TypeError|RangeError|ReferenceError)/);
  expect(err, `${err.name}: ${err.message}`).toBeInstanceOf(GradscopeError);
  expect(err, `${err.name}: ${err.message}`).toBeInstanceOf(cls);
  for (const f of facts) {
    if (typeof f === 'string') expect(err.message).toContain(f);
    else expect(err.message).toMatch(f);
  }
}

describe('bad input gets a clear gradscope error', () => {
  it('the table has at least 60 cases', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, r) => {
    expectError(r.run, r.error, r.facts);
  });
});

// --- rows that could leave state half-updated ------------------------------------------------

function snapshot(ts: readonly Tensor[]): Uint8Array[] {
  return ts.map((t) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength).slice());
}
function expectBitsUnchanged(before: Uint8Array[], ts: readonly Tensor[]): void {
  const after = snapshot(ts);
  expect(after.length).toBe(before.length);
  for (let i = 0; i < before.length; i++) expect(after[i]).toEqual(before[i]);
}

function smallModel() {
  return mlp({ inputSize: 3, hidden: [4], outputSize: 2, seed: 7 });
}

describe('failed calls leave models and optimisers untouched', () => {
  it('loadStateDict with a missing key loads nothing', () => {
    const m = smallModel();
    const before = snapshot(m.parameters());
    const sd = { ...smallModel().stateDict() };
    for (const t of Object.values(sd)) (t.data as Float32Array).fill(9);
    const last = Object.keys(sd).at(-1) as string;
    delete sd[last];
    expectError(() => m.loadStateDict(sd), StateDictError, ['missing keys', last]);
    expectBitsUnchanged(before, m.parameters());
  });

  it('loadStateDict with an unexpected key loads nothing', () => {
    const m = smallModel();
    const before = snapshot(m.parameters());
    const sd: Record<string, Tensor> = { ...smallModel().stateDict(), 'extra.weight': f32() };
    for (const t of Object.values(sd)) (t.data as Float32Array).fill(9);
    expectError(() => m.loadStateDict(sd), StateDictError, ['unexpected keys', 'extra.weight']);
    expectBitsUnchanged(before, m.parameters());
  });

  it('loadStateDict with a mis-shaped key at the end loads nothing (no partial load)', () => {
    const m = smallModel();
    const before = snapshot(m.parameters());
    const sd = { ...smallModel().stateDict() };
    for (const t of Object.values(sd)) (t.data as Float32Array).fill(9);
    const keys = Object.keys(sd);
    const last = keys.at(-1) as string;
    sd[last] = zeros([7]);
    expectError(() => m.loadStateDict(sd), StateDictError, [
      `shape mismatch for '${last}'`,
      'expected [2]',
      'got [7]',
    ]);
    expectBitsUnchanged(before, m.parameters());
  });

  it('loadStateDict with a wrong dtype loads nothing', () => {
    const m = smallModel();
    const before = snapshot(m.parameters());
    const sd = { ...smallModel().stateDict() };
    const last = Object.keys(sd).at(-1) as string;
    sd[last] = zeros([2], { dtype: 'float64' });
    expectError(() => m.loadStateDict(sd), StateDictError, [
      `dtype mismatch for '${last}'`,
      'float32',
      'float64',
    ]);
    expectBitsUnchanged(before, m.parameters());
  });

  it('loadStateDict with a non-tensor value loads nothing', () => {
    const m = smallModel();
    const before = snapshot(m.parameters());
    const sd = { ...smallModel().stateDict() } as Record<string, unknown>;
    const last = Object.keys(sd).at(-1) as string;
    sd[last] = [1, 2];
    expectError(() => m.loadStateDict(sd as Record<string, Tensor>), GradscopeError, [last]);
    expectBitsUnchanged(before, m.parameters());
  });

  it('optimizer.step with a gradient of the wrong shape on the last parameter changes nothing', () => {
    for (const make of [
      (ps: Tensor[]) => new SGD(ps, { lr: 0.1, momentum: 0.9 }),
      (ps: Tensor[]) => new Adam(ps, { lr: 0.1 }),
      (ps: Tensor[]) => new RMSProp(ps, { lr: 0.1 }),
    ]) {
      const m = smallModel();
      const ps = m.parameters();
      const opt = make(ps);
      // One good step, so the optimiser has state to corrupt.
      for (const p of ps) p.grad = randn(p.shape.slice(), { rng: createRng(1) });
      opt.step();
      const state = JSON.stringify(opt.stateDict(), (_k, v) =>
        v instanceof Float64Array ? Array.from(v) : v,
      );
      const before = snapshot(ps);
      for (const p of ps) p.grad = randn(p.shape.slice(), { rng: createRng(2) });
      (ps.at(-1) as Tensor).grad = zeros([5]);
      expectError(() => opt.step(), ShapeError, ['step', 'has shape [5]', 'parameter has [2]']);
      expectBitsUnchanged(before, ps);
      expect(
        JSON.stringify(opt.stateDict(), (_k, v) => (v instanceof Float64Array ? Array.from(v) : v)),
      ).toBe(state);
    }
  });

  it('optimizer.loadStateDict with a mis-sized buffer changes nothing', () => {
    const m = smallModel();
    const opt = new Adam(m.parameters(), { lr: 0.01 });
    for (const p of m.parameters()) p.grad = randn(p.shape.slice(), { rng: createRng(3) });
    opt.step();
    const sd = opt.stateDict();
    const good = JSON.stringify(sd, (_k, v) => (v instanceof Float64Array ? Array.from(v) : v));
    const bad = opt.stateDict();
    bad.hyper.lr = 0.5;
    const lastState = bad.state.at(-1) as Record<string, Float64Array>;
    lastState.expAvg = new Float64Array(99);
    expectError(() => opt.loadStateDict(bad), ShapeError, ['loadStateDict', '99', 'parameter']);
    expect(opt.lr).toBe(0.01);
    expect(
      JSON.stringify(opt.stateDict(), (_k, v) => (v instanceof Float64Array ? Array.from(v) : v)),
    ).toBe(good);
  });

  it('optimizer.loadStateDict with an out-of-range hyper-parameter changes nothing', () => {
    const json = (o: { stateDict(): unknown; lr: number }) =>
      JSON.stringify([o.stateDict(), o.lr], (_k, v) =>
        v instanceof Float64Array ? Array.from(v) : v,
      );
    const cases: Array<[string, (ps: Tensor[]) => SGD | Adam | RMSProp, string, unknown]> = [
      ['SGD', (ps) => new SGD(ps, { lr: 0.1, momentum: 0.5 }), 'momentum', 5],
      ['SGD', (ps) => new SGD(ps, { lr: 0.1, momentum: 0.5 }), 'nesterov', 'yes'],
      ['Adam', (ps) => new Adam(ps, { lr: 0.01 }), 'beta2', 1],
      ['Adam', (ps) => new Adam(ps, { lr: 0.01 }), 'eps', -1],
      ['RMSProp', (ps) => new RMSProp(ps, { lr: 0.01 }), 'alpha', Number.NaN],
    ];
    for (const [name, make, key, value] of cases) {
      const opt = make(smallModel().parameters());
      const before = json(opt);
      const bad = opt.stateDict();
      bad.hyper = { ...bad.hyper, lr: 0.5, [key]: value as number };
      expectError(() => opt.loadStateDict(bad), ArgumentError, [
        `${name}.loadStateDict`,
        key,
        String(value),
      ]);
      expect(json(opt), `${name} ${key}`).toBe(before);
    }
  });

  it('a failed forward (bad input width) leaves no gradient and no parameter change', () => {
    const m = smallModel();
    const before = snapshot(m.parameters());
    expectError(() => m.call(t23().reshape([3, 2])), ShapeError, ['[3,2]']);
    expectBitsUnchanged(before, m.parameters());
    for (const p of m.parameters()) expect(p.grad).toBeNull();
  });
});
