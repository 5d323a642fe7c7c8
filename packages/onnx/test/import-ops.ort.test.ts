/**
 * Every ONNX op that fromONNX reads, as a one- or two-node model written by hand (so the
 * exporter is not involved), run in ONNX Runtime and in gradscope: same outputs within 1e-5.
 * A new op in `supportedOnnxOps()` without a case here fails the coverage test.
 */
import { createRng, randn, type Tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { fromONNX, supportedOnnxOps } from '../src/index.js';
import type { TensorProto } from '../src/proto/onnx_pb.js';
import { type Attr, floats, int64s, model, opNode, valueInfo } from './hostile-support.js';
import { expectClose, runOrt } from './ort-support.js';

interface Case {
  /** Input shape of the float graph input `x` (a second input `z` when `z` is given). */
  x: number[];
  z?: number[];
  /** The op's inputs besides `x` / `z` (initializer names, '' for an omitted optional one). */
  inputs?: string[];
  attrs?: Record<string, Attr>;
  initializers?: TensorProto[];
  /** Output shape (checked against ONNX Runtime too). */
  y: number[];
  /** Opset (default 17). */
  opset?: number;
  /** Scale of the random input (to reach saturation regions). */
  scale?: number;
  /** Custom graph (nodes reading x (and z), writing y). */
  nodes?: ReturnType<typeof opNode>[];
}

const f = (v: number) => ({ f: v });
const unary = (extra: Partial<Case> = {}): Case => ({ x: [3, 4], y: [3, 4], scale: 2, ...extra });
const binary: Case = { x: [3, 4], z: [1, 4], y: [3, 4] };

const cases: Record<string, Case> = {
  Add: binary,
  Sub: binary,
  Mul: binary,
  Div: {
    ...binary,
    nodes: [
      opNode('Abs', ['z'], ['az']),
      opNode('Add', ['az', 'one'], ['d']),
      opNode('Div', ['x', 'd'], ['y']),
    ],
    initializers: [floats('one', [], [1])],
  },
  Pow: {
    x: [3, 4],
    y: [3, 4],
    nodes: [opNode('Abs', ['x'], ['a']), opNode('Pow', ['a', 'e'], ['y'])],
    initializers: [floats('e', [], [1.5])],
  },
  Equal: {
    x: [3, 4],
    y: [3, 4],
    nodes: [opNode('Equal', ['x', 'x'], ['c']), opNode('Cast', ['c'], ['y'], { to: 1 })],
  },
  Greater: {
    x: [3, 4],
    y: [3, 4],
    nodes: [opNode('Greater', ['x', 'zero'], ['c']), opNode('Cast', ['c'], ['y'], { to: 1 })],
    initializers: [floats('zero', [], [0])],
  },
  Less: {
    x: [3, 4],
    y: [3, 4],
    nodes: [opNode('Less', ['x', 'zero'], ['c']), opNode('Cast', ['c'], ['y'], { to: 1 })],
    initializers: [floats('zero', [], [0])],
  },
  GreaterOrEqual: {
    x: [3, 4],
    y: [3, 4],
    nodes: [
      opNode('GreaterOrEqual', ['x', 'zero'], ['c']),
      opNode('Cast', ['c'], ['y'], { to: 1 }),
    ],
    initializers: [floats('zero', [], [0])],
  },
  LessOrEqual: {
    x: [3, 4],
    y: [3, 4],
    nodes: [opNode('LessOrEqual', ['x', 'zero'], ['c']), opNode('Cast', ['c'], ['y'], { to: 1 })],
    initializers: [floats('zero', [], [0])],
  },
  And: {
    x: [3, 4],
    y: [3, 4],
    nodes: [
      opNode('Greater', ['x', 'zero'], ['a']),
      opNode('Less', ['x', 'one'], ['b']),
      opNode('And', ['a', 'b'], ['c']),
      opNode('Cast', ['c'], ['y'], { to: 1 }),
    ],
    initializers: [floats('zero', [], [0]), floats('one', [], [1])],
  },
  Or: {
    x: [3, 4],
    y: [3, 4],
    nodes: [
      opNode('Greater', ['x', 'one'], ['a']),
      opNode('Less', ['x', 'zero'], ['b']),
      opNode('Or', ['a', 'b'], ['c']),
      opNode('Cast', ['c'], ['y'], { to: 1 }),
    ],
    initializers: [floats('zero', [], [0]), floats('one', [], [1])],
  },
  Xor: {
    x: [3, 4],
    y: [3, 4],
    nodes: [
      opNode('Greater', ['x', 'zero'], ['a']),
      opNode('Less', ['x', 'one'], ['b']),
      opNode('Xor', ['a', 'b'], ['c']),
      opNode('Cast', ['c'], ['y'], { to: 1 }),
    ],
    initializers: [floats('zero', [], [0]), floats('one', [], [1])],
  },
  Not: {
    x: [3, 4],
    y: [3, 4],
    nodes: [
      opNode('Greater', ['x', 'zero'], ['a']),
      opNode('Not', ['a'], ['c']),
      opNode('Cast', ['c'], ['y'], { to: 1 }),
    ],
    initializers: [floats('zero', [], [0])],
  },
  Where: {
    x: [3, 4],
    z: [3, 4],
    y: [3, 4],
    nodes: [opNode('Greater', ['x', 'z'], ['c']), opNode('Where', ['c', 'x', 'z'], ['y'])],
  },
  Neg: unary(),
  Abs: unary(),
  Exp: unary(),
  Log: { x: [3, 4], y: [3, 4], nodes: [opNode('Exp', ['x'], ['e']), opNode('Log', ['e'], ['y'])] },
  Sqrt: {
    x: [3, 4],
    y: [3, 4],
    nodes: [opNode('Abs', ['x'], ['a']), opNode('Sqrt', ['a'], ['y'])],
  },
  Reciprocal: {
    x: [3, 4],
    y: [3, 4],
    nodes: [opNode('Exp', ['x'], ['e']), opNode('Reciprocal', ['e'], ['y'])],
  },
  Sign: unary(),
  Erf: unary(),
  Sum: { ...binary, nodes: [opNode('Sum', ['x', 'z', 'x'], ['y'])] },
  Mean: { ...binary, nodes: [opNode('Mean', ['x', 'z'], ['y'])] },
  Max: { ...binary, nodes: [opNode('Max', ['x', 'z'], ['y'])] },
  Min: { ...binary, nodes: [opNode('Min', ['x', 'z'], ['y'])] },
  Relu: unary(),
  Sigmoid: unary(),
  Tanh: unary(),
  Softsign: unary(),
  Softplus: unary(),
  HardSwish: unary(),
  Mish: unary({ opset: 18 }),
  Elu: unary({ attrs: { alpha: f(0.7) } }),
  Celu: unary({ attrs: { alpha: f(1.3) } }),
  LeakyRelu: unary({ attrs: { alpha: f(0.2) } }),
  Gelu: unary({ opset: 20, attrs: { approximate: 'tanh' } }),
  Selu: unary({ attrs: { alpha: f(1.5), gamma: f(1.1) } }),
  HardSigmoid: unary({ attrs: { alpha: f(0.3), beta: f(0.4) } }),
  Clip: unary({
    inputs: ['lo', 'hi'],
    initializers: [floats('lo', [], [-0.5]), floats('hi', [], [1.5])],
  }),
  PRelu: unary({ inputs: ['slope'], initializers: [floats('slope', [4], [0.1, 0.2, 0.3, 0.4])] }),
  ThresholdedRelu: unary({ attrs: { alpha: f(0.5) } }),
  Shrink: unary({ attrs: { lambd: f(0.6), bias: f(0.2) } }),
  Identity: unary(),
  Constant: {
    x: [2, 2],
    y: [2, 2],
    nodes: [
      opNode('Constant', [], ['c'], { value_float: f(2.5) }),
      opNode('Add', ['x', 'c'], ['y']),
    ],
  },
  Shape: {
    x: [2, 3, 4],
    y: [2, 12],
    nodes: [
      opNode('Shape', ['x'], ['s'], { end: 1 }),
      opNode('Concat', ['s', 'm1'], ['t'], { axis: 0 }),
      opNode('Reshape', ['x', 't'], ['y']),
    ],
    initializers: [int64s('m1', [-1])],
  },
  Size: {
    x: [2, 3],
    y: [2, 3],
    nodes: [
      opNode('Size', ['x'], ['n']),
      opNode('Cast', ['n'], ['nf'], { to: 1 }),
      opNode('Div', ['x', 'nf'], ['y']),
    ],
  },
  Cast: {
    x: [3, 4],
    y: [3, 4],
    scale: 3,
    nodes: [opNode('Cast', ['x'], ['i'], { to: 7 }), opNode('Cast', ['i'], ['y'], { to: 1 })],
  },
  Reshape: { x: [2, 3, 4], y: [2, 12], inputs: ['s'], initializers: [int64s('s', [0, -1])] },
  Flatten: { x: [2, 3, 4], y: [6, 4], attrs: { axis: 2 } },
  Transpose: { x: [2, 3, 4], y: [4, 2, 3], attrs: { perm: [2, 0, 1] } },
  Squeeze: { x: [2, 1, 4], y: [2, 4], inputs: ['a'], initializers: [int64s('a', [1])] },
  Unsqueeze: { x: [2, 4], y: [2, 1, 4, 1], inputs: ['a'], initializers: [int64s('a', [1, -1])] },
  Concat: {
    x: [2, 3],
    z: [2, 1],
    y: [2, 4],
    nodes: [opNode('Concat', ['x', 'z'], ['y'], { axis: -1 })],
  },
  Split: {
    x: [2, 6],
    y: [2, 2],
    nodes: [
      opNode('Split', ['x', 'sp'], ['a', 'b', 'c'], { axis: 1 }),
      opNode('Sub', ['c', 'a'], ['y']),
    ],
    initializers: [int64s('sp', [2, 2, 2])],
  },
  Slice: {
    x: [4, 6],
    y: [2, 2],
    inputs: ['st', 'en', 'ax', 'sp'],
    initializers: [
      int64s('st', [3, 1]),
      int64s('en', [0, 100]),
      int64s('ax', [0, 1]),
      int64s('sp', [-2, 3]),
    ],
  },
  Gather: {
    x: [4, 5],
    y: [4, 2, 2],
    inputs: ['ix'],
    attrs: { axis: 1 },
    initializers: [create2d('ix')],
  },
  GatherElements: {
    x: [3, 4],
    y: [3, 2],
    inputs: ['ix'],
    attrs: { axis: 1 },
    initializers: [int64s2d('ix', [3, 2], [3, 0, -1, 1, 2, 0])],
  },
  Expand: { x: [3, 1], y: [2, 3, 4], inputs: ['s'], initializers: [int64s('s', [2, 1, 4])] },
  ConstantOfShape: {
    x: [2, 3],
    y: [2, 3],
    nodes: [
      opNode('Shape', ['x'], ['s']),
      opNode('ConstantOfShape', ['s'], ['c']),
      opNode('Sub', ['x', 'c'], ['y']),
    ],
  },
  Range: {
    x: [5],
    y: [5],
    nodes: [opNode('Range', ['a', 'b', 'd'], ['r']), opNode('Mul', ['x', 'r'], ['y'])],
    initializers: [floats('a', [], [1]), floats('b', [], [3.5]), floats('d', [], [0.5])],
  },
  OneHot: {
    x: [3, 4],
    y: [3, 4],
    nodes: [
      opNode('OneHot', ['ix1', 'dep', 'vals'], ['o'], { axis: -1 }),
      opNode('Add', ['x', 'o'], ['y']),
    ],
    initializers: [int64s('ix1', [0, 3, -1]), int64s('dep', [4]), floats('vals', [2], [-1, 2])],
  },
  Pad: {
    x: [2, 3, 4],
    y: [2, 4, 7],
    inputs: ['p', 'v'],
    attrs: { mode: 'constant' },
    initializers: [int64s('p', [0, 1, 2, 0, 0, 1]), floats('v', [], [0.5])],
  },
  MatMul: { x: [2, 3, 4], z: [4, 5], y: [2, 3, 5], nodes: [opNode('MatMul', ['x', 'z'], ['y'])] },
  Gemm: {
    x: [4, 3],
    z: [5, 4],
    y: [3, 5],
    nodes: [
      opNode('Gemm', ['x', 'z', 'c'], ['y'], { transA: 1, transB: 1, alpha: f(0.5), beta: f(2) }),
    ],
    initializers: [floats('c', [5], [1, 2, 3, 4, 5])],
  } as Case,
  Conv: {
    x: [2, 2, 7, 6],
    y: [2, 4, 3, 3],
    inputs: ['w', 'b'],
    attrs: { pads: [1, 0, 0, 1], strides: [2, 2], group: 2 },
    initializers: [seeded('w', [4, 1, 3, 3]), seeded('b', [4])],
  },
  ConvTranspose: {
    x: [1, 2, 3, 3],
    y: [1, 3, 6, 6],
    inputs: ['w'],
    attrs: { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] },
    initializers: [seeded('w', [2, 3, 3, 3])],
  },
  MaxPool: {
    x: [2, 2, 7, 7],
    y: [2, 2, 4, 4],
    attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] },
  },
  AveragePool: {
    x: [2, 2, 7, 7],
    y: [2, 2, 4, 4],
    attrs: {
      kernel_shape: [3, 3],
      strides: [2, 2],
      pads: [1, 1, 1, 1],
      ceil_mode: 1,
      count_include_pad: 0,
    },
  },
  GlobalAveragePool: { x: [2, 3, 4, 5], y: [2, 3, 1, 1] },
  GlobalMaxPool: { x: [2, 3, 4, 5], y: [2, 3, 1, 1] },
  BatchNormalization: {
    x: [2, 3, 4],
    y: [2, 3, 4],
    inputs: ['s', 'b', 'm', 'v'],
    attrs: { epsilon: f(1e-3) },
    initializers: [
      seeded('s', [3]),
      seeded('b', [3]),
      seeded('m', [3]),
      floats('v', [3], [0.5, 1, 2]),
    ],
  },
  LayerNormalization: {
    x: [2, 3, 4],
    y: [2, 3, 4],
    opset: 17,
    inputs: ['s', 'b'],
    attrs: { axis: -2 },
    initializers: [seeded('s', [3, 4]), seeded('b', [3, 4])],
  },
  Dropout: { x: [3, 4], y: [3, 4] },
  Softmax: { x: [2, 3, 4], y: [2, 3, 4], attrs: { axis: 1 } },
  LogSoftmax: { x: [2, 3, 4], y: [2, 3, 4] },
  ReduceSum: { x: [2, 3, 4], y: [2, 1, 4], inputs: ['a'], initializers: [int64s('a', [1])] },
  ReduceMean: {
    x: [2, 3, 4],
    y: [2, 4],
    opset: 18,
    inputs: ['a'],
    attrs: { keepdims: 0 },
    initializers: [int64s('a', [1])],
  },
  ReduceMax: { x: [2, 3, 4], y: [1, 1, 1], opset: 13 },
  ReduceMin: { x: [2, 3, 4], y: [3], opset: 13, attrs: { axes: [0, 2], keepdims: 0 } },
  ReduceLogSumExp: { x: [2, 3, 4], y: [2, 3, 1], opset: 13, attrs: { axes: [-1] } },
  ReduceSumSquare: { x: [2, 3, 4], y: [2, 3, 1], opset: 13, attrs: { axes: [-1] } },
  ReduceL1: { x: [2, 3, 4], y: [1, 3, 1], opset: 13, attrs: { axes: [0, 2] } },
  ReduceL2: { x: [2, 3, 4], y: [2, 3, 1], opset: 13, attrs: { axes: [2] } },
};

function seeded(name: string, dims: number[]): TensorProto {
  const t = randn(dims, { rng: createRng(dims.length * 7 + name.length) });
  return floats(name, dims, Array.from(t.data));
}
function int64s2d(name: string, dims: number[], values: number[]): TensorProto {
  const t = int64s(name, values);
  t.dims = dims.map(BigInt);
  return t;
}
function create2d(name: string): TensorProto {
  const t = int64s(name, [0, 4, -1, 2]);
  t.dims = [2n, 2n];
  return t;
}

const irOf = (opset: number) => (opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10);

describe('every ONNX op fromONNX reads, against ONNX Runtime', () => {
  it('has a case for every supported op', () => {
    expect(supportedOnnxOps().filter((op) => cases[op] === undefined)).toEqual([]);
  });
  it.each(Object.entries(cases))('%s', async (op, c) => {
    const opset = c.opset ?? 17;
    const graphInputs = c.z === undefined ? ['x'] : ['x', 'z'];
    const nodes = c.nodes ?? [opNode(op, [...graphInputs, ...(c.inputs ?? [])], ['y'], c.attrs)];
    const bytes = model({
      nodes,
      initializers: c.initializers ?? [],
      inputs: graphInputs.map((n) => valueInfo(n, n === 'x' ? c.x : (c.z as number[]))),
      outputs: [valueInfo('y', c.y)],
      opset,
      irVersion: irOf(opset),
    });
    const feeds: Record<string, Tensor> = {
      x: randn(c.x, { rng: createRng(1) }).mul(c.scale ?? 1),
    };
    if (c.z !== undefined) feeds.z = randn(c.z, { rng: createRng(2) });
    const want = await runOrt(bytes, feeds);
    const got = fromONNX(bytes).run(...graphInputs.map((n) => feeds[n] as Tensor))[0] as Tensor;
    expect([...got.shape]).toEqual(c.y);
    expectClose(want.y as never, got);
  });
});
