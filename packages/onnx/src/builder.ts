/**
 * Collects ONNX nodes and initializers with unique value names, and writes tensors (raw
 * little-endian bytes) and attributes as protobuf messages.
 */
import { create } from '@bufbuild/protobuf';
import { describe } from '@gradscope/core';
import { OnnxError } from './errors.js';
import type { OnnxAttribute } from './mapping.js';
import {
  type AttributeProto,
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  type TensorProto,
  TensorProtoSchema,
} from './proto/onnx_pb.js';

/** Little-endian bytes of a typed array (copied). */
function bytesOf(a: Float32Array | Float64Array | Int32Array | BigInt64Array): Uint8Array {
  const out = new Uint8Array(a.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) {
    if (a instanceof Float32Array) view.setFloat32(i * 4, a[i] as number, true);
    else if (a instanceof Float64Array) view.setFloat64(i * 8, a[i] as number, true);
    else if (a instanceof Int32Array) view.setInt32(i * 4, a[i] as number, true);
    else view.setBigInt64(i * 8, a[i] as bigint, true);
  }
  return out;
}

/** A TensorProto holding `values` (float32, float64, int32 or int64) with raw data. */
export function tensorProto(
  name: string,
  dims: readonly number[],
  values: Float32Array | Float64Array | Int32Array | BigInt64Array,
): TensorProto {
  const dataType =
    values instanceof Float32Array
      ? 1
      : values instanceof Float64Array
        ? 11
        : values instanceof Int32Array
          ? 6
          : 7;
  return create(TensorProtoSchema, {
    name,
    dims: dims.map((d) => BigInt(d)),
    dataType,
    rawData: bytesOf(values),
  });
}

function attributeProto(name: string, a: OnnxAttribute): AttributeProto {
  const T = AttributeProto_AttributeType;
  switch (a.type) {
    case 'int':
      return create(AttributeProtoSchema, { name, type: T.INT, i: BigInt(a.value as number) });
    case 'float':
      return create(AttributeProtoSchema, { name, type: T.FLOAT, f: a.value as number });
    case 'string':
      return create(AttributeProtoSchema, {
        name,
        type: T.STRING,
        s: new TextEncoder().encode(a.value as string),
      });
    case 'ints':
      return create(AttributeProtoSchema, {
        name,
        type: T.INTS,
        ints: (a.value as readonly number[]).map((v) => BigInt(v)),
      });
    case 'floats':
      return create(AttributeProtoSchema, {
        name,
        type: T.FLOATS,
        floats: [...(a.value as readonly number[])],
      });
    default:
      throw new OnnxError(`toONNX: attribute '${name}' has unknown type ${describe(a.type)}`);
  }
}

/** Nodes and initializers of one ONNX graph under construction. */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly used = new Set<string>();
  private readonly opCounts = new Map<string, number>();

  /** Marks `name` as taken (graph inputs, parameters). Returns it, or a suffixed variant. */
  reserve(name: string): string {
    let n = name;
    for (let i = 1; this.used.has(n); i++) n = `${name}_${i}`;
    this.used.add(n);
    return n;
  }

  /** Adds an initializer under a fresh name based on `name`; returns the name used. */
  initializer(
    name: string,
    dims: readonly number[],
    values: Float32Array | Float64Array | Int32Array | BigInt64Array,
  ): string {
    const n = this.reserve(name);
    this.initializers.push(tensorProto(n, dims, values));
    return n;
  }

  /** Emits one node with a single output; returns the output's name. */
  node(
    opType: string,
    inputs: readonly string[],
    attrs: { readonly [name: string]: OnnxAttribute },
    where: { readonly scope: string; readonly doc: string },
  ): string {
    const k = (this.opCounts.get(opType) ?? 0) + 1;
    this.opCounts.set(opType, k);
    const base = `${where.scope === '' ? '' : `${where.scope}/`}${opType}_${k}`;
    const name = this.reserve(base);
    const output = this.reserve(`${base}:0`);
    this.nodes.push(
      create(NodeProtoSchema, {
        name,
        opType,
        input: [...inputs],
        output: [output],
        attribute: Object.keys(attrs).map((a) => attributeProto(a, attrs[a] as OnnxAttribute)),
        docString: where.doc,
      }),
    );
    return output;
  }

  /** Emits an Identity from `value` to the graph output `name`. */
  rename(value: string, name: string): void {
    this.nodes.push(
      create(NodeProtoSchema, {
        name: this.reserve(`${name}/Identity`),
        opType: 'Identity',
        input: [value],
        output: [name],
      }),
    );
  }
}
