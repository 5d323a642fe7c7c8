/** Builds small ONNX models by hand (for the hostile-file and fuzz tests). */
import { create, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProtoSchema,
  GraphProtoSchema,
  ModelProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  type TensorProto,
  TensorProtoSchema,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  ValueInfoProtoSchema,
} from '../src/proto/onnx_pb.js';

/** A float32 value info with static dims. */
export function valueInfo(name: string, dims: readonly number[], elemType = 1) {
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, {
      value: {
        case: 'tensorType',
        value: create(TypeProto_TensorSchema, {
          elemType,
          shape: create(TensorShapeProtoSchema, {
            dim: dims.map((d) =>
              create(TensorShapeProto_DimensionSchema, {
                value: { case: 'dimValue', value: BigInt(d) },
              }),
            ),
          }),
        }),
      },
    }),
  });
}

/** A node with int attributes. */
export function node(
  opType: string,
  input: string[],
  output: string[],
  ints: Record<string, number> = {},
): NodeProto {
  return opNode(opType, input, output, ints);
}

/** A float32 initializer with raw data. */
export function floats(
  name: string,
  dims: readonly number[],
  values: readonly number[],
): TensorProto {
  return create(TensorProtoSchema, {
    name,
    dims: dims.map(BigInt),
    dataType: 1,
    rawData: new Uint8Array(Float32Array.from(values).buffer),
  });
}

/** An int64 initializer. */
export function int64s(name: string, values: readonly number[]): TensorProto {
  return create(TensorProtoSchema, {
    name,
    dims: [BigInt(values.length)],
    dataType: 7,
    int64Data: values.map(BigInt),
  });
}

/** Model bytes from parts (opset 17, IR 8 unless given). */
export function model(parts: {
  nodes: NodeProto[];
  initializers?: TensorProto[];
  inputs?: ReturnType<typeof valueInfo>[];
  outputs?: ReturnType<typeof valueInfo>[];
  opset?: number;
  irVersion?: number;
}): Uint8Array {
  return toBinary(
    ModelProtoSchema,
    create(ModelProtoSchema, {
      irVersion: BigInt(parts.irVersion ?? 8),
      opsetImport: [
        create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(parts.opset ?? 17) }),
      ],
      graph: create(GraphProtoSchema, {
        name: 'g',
        node: parts.nodes,
        initializer: parts.initializers ?? [],
        input: parts.inputs ?? [valueInfo('x', [2, 3])],
        output: parts.outputs ?? [valueInfo('y', [2, 2])],
      }),
    }),
  );
}

/** A valid small model: y = relu(x @ Wᵀ + b), x [2, 3]. */
export function linearModel(): Uint8Array {
  return model({
    nodes: [node('Gemm', ['x', 'W', 'b'], ['h'], { transB: 1 }), node('Relu', ['h'], ['y'])],
    initializers: [floats('W', [2, 3], [1, 2, 3, 4, 5, 6]), floats('b', [2], [0.5, -0.5])],
  });
}

/** An attribute value: an integer, integers, a string, or `{ f }` for a float. */
export type Attr = number | number[] | string | { f: number };

/** A node with typed attributes. */
export function opNode(
  opType: string,
  input: string[],
  output: string[],
  attrs: Record<string, Attr> = {},
): NodeProto {
  return create(NodeProtoSchema, {
    opType,
    input,
    output,
    name: `${opType}_${output[0]}`,
    attribute: Object.entries(attrs).map(([name, v]) => {
      if (typeof v === 'number')
        return create(AttributeProtoSchema, { name, type: 2, i: BigInt(v) });
      if (typeof v === 'string')
        return create(AttributeProtoSchema, { name, type: 3, s: new TextEncoder().encode(v) });
      if (Array.isArray(v))
        return create(AttributeProtoSchema, { name, type: 7, ints: v.map(BigInt) });
      return create(AttributeProtoSchema, { name, type: 1, f: v.f });
    }),
  });
}
