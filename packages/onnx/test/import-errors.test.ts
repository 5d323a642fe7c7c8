/**
 * fromONNX refuses what it cannot read with an OnnxError that says what was expected and what
 * came: unsupported ops (named, with their node and position, and the list of supported ops),
 * and hostile files (truncated protobuf, wrong wire types, dims in the billions, cycles, inputs
 * that no node produces, external data, initializers whose byte size disagrees with their
 * shape), before any large allocation.
 */
import { create } from '@bufbuild/protobuf';
import { randn } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { fromONNX, OnnxError, supportedOnnxOps } from '../src/index.js';
import {
  AttributeProtoSchema,
  StringStringEntryProtoSchema,
  TensorProtoSchema,
} from '../src/proto/onnx_pb.js';
import { floats, int64s, linearModel, model, node, valueInfo } from './hostile-support.js';

function refuses(bytes: unknown, message: RegExp): void {
  let error: unknown;
  try {
    fromONNX(bytes as Uint8Array);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(OnnxError);
  expect((error as Error).message).toMatch(message);
}

describe('fromONNX on a valid hand-made model', () => {
  it('computes relu(x Wᵀ + b) and lifts the Gemm into a Linear', () => {
    const m = fromONNX(linearModel());
    const y = m.call(randn([2, 3]).mul(0).add(1));
    expect(Array.from(y.data)).toEqual([6.5, 14.5, 6.5, 14.5]);
    expect(m.namedModules().map(([, l]) => l.constructor.name)).toContain('Linear');
  });
});

describe('fromONNX refuses unsupported ops by name, node and position', () => {
  it('names the op type, the node, its position and what is supported', () => {
    const bytes = model({
      nodes: [node('Relu', ['x'], ['h']), node('LSTM', ['h'], ['y'])],
    });
    refuses(
      bytes,
      /op 'LSTM' of node 1 'LSTM_y' \(node 2 of 2\) is not supported; supported ops: .*Gemm/,
    );
    expect(supportedOnnxOps()).toEqual(expect.arrayContaining(['Conv', 'Gemm', 'MatMul', 'Relu']));
  });
  it('refuses ops of other domains, naming the domain', () => {
    const bytes = model({
      nodes: [{ ...node('FusedGemm', ['x'], ['y']), domain: 'com.microsoft' }],
    });
    refuses(bytes, /op 'FusedGemm' of domain 'com.microsoft'; only the default ONNX domain/);
  });
});

describe('fromONNX refuses hostile files', () => {
  const valid = linearModel();

  it('not bytes, empty bytes', () => {
    refuses('model.onnx', /expected the model's bytes as a Uint8Array or ArrayBuffer, got/);
    expect(fromONNX(linearModel().slice().buffer).inputNames).toEqual(['x']);
    refuses(new Uint8Array(0), /got 0 bytes/);
  });

  it('truncated protobuf, at every length', () => {
    let refused = 0;
    for (let n = 1; n < valid.length; n++) {
      try {
        fromONNX(valid.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(OnnxError);
        refused++;
      }
    }
    // A cut between top-level fields can still parse (and then fails a later check, or not).
    expect(refused).toBeGreaterThan(valid.length * 0.9);
    refuses(valid.subarray(0, 20), /not a valid ONNX model|no graph|opset|IR version/);
  });

  it('wrong wire types', () => {
    // Field 7 (graph, length-delimited) written as a varint; field 1 (ir_version) as bytes.
    refuses(Uint8Array.of((7 << 3) | 0, 0x05), /protobuf decoding failed/);
    refuses(Uint8Array.of((1 << 3) | 2, 0x02, 0x08, 0x01), /protobuf decoding failed|IR version/);
    refuses(Uint8Array.of((7 << 3) | 2, 0xff, 0xff, 0xff, 0xff, 0x0f), /protobuf decoding failed/);
  });

  it('dims in the billions, before allocating', () => {
    const huge = create(TensorProtoSchema, {
      name: 'W',
      dims: [3_000_000_000n, 2n],
      dataType: 1,
      rawData: new Uint8Array(24),
    });
    refuses(
      model({ nodes: [node('Gemm', ['x', 'W'], ['y'], { transB: 1 })], initializers: [huge] }),
      /initializer 'W': a tensor of shape \[3000000000,2\] .* is larger than/,
    );
    refuses(
      model({ nodes: [node('Relu', ['x'], ['y'])], inputs: [valueInfo('x', [5_000_000_000, 3])] }),
      /graph input 'x' declares dimension 5000000000/,
    );
    // A constant shape that would make 10^10 elements.
    refuses(
      model({
        nodes: [node('ConstantOfShape', ['s'], ['c']), node('Add', ['x', 'c'], ['y'])],
        initializers: [int64s('s', [100_000, 100_000])],
      }),
      /ConstantOfShape.*10000000000 elements\) is larger than/,
    );
    // The same at run time, where the shape meets the input.
    const expand = fromONNX(
      model({
        nodes: [node('Expand', ['x', 's'], ['y'])],
        initializers: [int64s('s', [100_000, 100_000, 3])],
      }),
    );
    expect(() => expand.call(randn([2, 3]))).toThrow(/Expand.*is larger than/);
  });

  it('graphs with cycles', () => {
    refuses(
      model({
        nodes: [
          node('Relu', ['x', 'b'], ['a']),
          node('Relu', ['a'], ['b']),
          node('Relu', ['b'], ['y']),
        ],
      }),
      /the graph has a cycle: nodes 0 'Relu_a' \(Relu\), 1 'Relu_b' \(Relu\)/,
    );
  });

  it('inputs that no node produces, outputs produced twice, missing outputs', () => {
    refuses(
      model({ nodes: [node('Add', ['x', 'ghost'], ['y'])] }),
      /input 'ghost' of node 0 'Add_y' \(Add\) is not produced by any node, graph input or initializer/,
    );
    refuses(
      model({ nodes: [node('Relu', ['x'], ['y']), node('Tanh', ['x'], ['y'])] }),
      /the value 'y' is produced twice: by node 0 and by node 1/,
    );
    refuses(model({ nodes: [node('Relu', ['x'], ['h'])] }), /graph output 'y' is not produced/);
  });

  it('external-data references', () => {
    const external = create(TensorProtoSchema, {
      name: 'W',
      dims: [2n, 3n],
      dataType: 1,
      dataLocation: 1,
      externalData: [
        create(StringStringEntryProtoSchema, { key: 'location', value: 'weights.bin' }),
      ],
    });
    refuses(
      model({ nodes: [node('Gemm', ['x', 'W'], ['y'], { transB: 1 })], initializers: [external] }),
      /initializer 'W': its data is stored outside the model \(in 'weights.bin'\); external data is not supported/,
    );
  });

  it('initializers whose byte size disagrees with their shape', () => {
    const short = floats('W', [2, 3], [1, 2, 3, 4, 5]);
    refuses(
      model({ nodes: [node('Gemm', ['x', 'W'], ['y'], { transB: 1 })], initializers: [short] }),
      /initializer 'W': shape \[2,3\] needs 6 float values \(24 bytes\), but the tensor holds 20 bytes of raw data/,
    );
    const odd = create(TensorProtoSchema, {
      name: 'W',
      dims: [2n],
      dataType: 1,
      rawData: new Uint8Array(7),
    });
    refuses(
      model({ nodes: [node('Add', ['x', 'W'], ['y'])], initializers: [odd] }),
      /needs 2 float values/,
    );
    const fewer = create(TensorProtoSchema, {
      name: 'W',
      dims: [4n],
      dataType: 1,
      floatData: [1, 2],
    });
    refuses(
      model({ nodes: [node('Add', ['x', 'W'], ['y'])], initializers: [fewer] }),
      /holds 2 values/,
    );
  });

  it('versions, types and domains it does not read', () => {
    refuses(
      model({ nodes: [node('Relu', ['x'], ['y'])], opset: 11 }),
      /opset 11 is not supported; expected 13 to 21/,
    );
    refuses(
      model({ nodes: [node('Relu', ['x'], ['y'])], irVersion: 12 }),
      /IR version 12 is not supported/,
    );
    refuses(
      model({ nodes: [node('Relu', ['x'], ['y'])], inputs: [valueInfo('x', [2], 7)] }),
      /graph input 'x' has element type int64; expected float or double/,
    );
    const f16 = create(TensorProtoSchema, {
      name: 'W',
      dims: [1n],
      dataType: 10,
      rawData: new Uint8Array(2),
    });
    refuses(
      model({ nodes: [node('Add', ['x', 'W'], ['y'])], initializers: [f16] }),
      /element type float16 is not supported/,
    );
  });

  it('wrong attribute types and bad inputs at run time name the node', () => {
    const bytes = model({
      nodes: [
        {
          ...node('Softmax', ['x'], ['y']),
          attribute: [create(AttributeProtoSchema, { name: 'axis', type: 1, f: 1.5 })],
        },
      ],
      outputs: [valueInfo('y', [2, 3])],
    });
    const softmax = fromONNX(bytes);
    expect(() => softmax.call(randn([2, 3]))).toThrow(
      /node 0 'Softmax_y' \(Softmax\): attribute 'axis' must be of type int, got float/,
    );
    const m = fromONNX(linearModel());
    expect(() => m.call(randn([2, 4]))).toThrow(
      /input 'x' must have shape \[batch, 3\], got \[2,4\]/,
    );
    expect(() => m.run(randn([2, 3]), randn([2, 3]))).toThrow(/expected 1 inputs \(x\), got 2/);
  });
});
