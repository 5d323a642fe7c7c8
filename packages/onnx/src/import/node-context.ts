/**
 * What an op implementation sees of its ONNX node: typed attribute readers that refuse a wrong
 * attribute type, and errors that name the node (`node 3 '/0/Gemm' (Gemm)`).
 */
import { OnnxError } from '../errors.js';
import {
  AttributeProto_AttributeType as A,
  type AttributeProto,
  type NodeProto,
} from '../proto/onnx_pb.js';
import { int64ToNumber, readTensorProto } from './tensor-proto.js';
import type { OnnxValue } from './values.js';

const TYPE_NAMES: { readonly [t: number]: string } = {
  [A.FLOAT]: 'float',
  [A.INT]: 'int',
  [A.STRING]: 'string',
  [A.TENSOR]: 'tensor',
  [A.GRAPH]: 'graph',
  [A.FLOATS]: 'floats',
  [A.INTS]: 'ints',
  [A.STRINGS]: 'strings',
  [A.TENSORS]: 'tensors',
  [A.GRAPHS]: 'graphs',
};

/** One ONNX node as the importer runs it. */
export class NodeContext {
  /** Attributes by name. */
  private readonly attrs = new Map<string, AttributeProto>();

  constructor(
    /** The node. */
    readonly node: NodeProto,
    /** Its position in the graph's node list. */
    readonly index: number,
    /** The model's default-domain opset. */
    readonly opset: number,
  ) {
    for (const a of node.attribute) this.attrs.set(a.name, a);
  }

  /** `node 3 '/0/Gemm' (Gemm)`: how messages name this node. */
  get label(): string {
    return `node ${this.index}${this.node.name === '' ? '' : ` '${this.node.name}'`} (${this.node.opType})`;
  }

  /** An `OnnxError` whose message starts with `fromONNX: <label>: `. */
  error(message: string): OnnxError {
    return new OnnxError(`fromONNX: ${this.label}: ${message}`);
  }

  private get(name: string, type: A): AttributeProto | undefined {
    const a = this.attrs.get(name);
    if (a === undefined) return undefined;
    // Files written before attribute types existed leave `type` unset: infer it from the field.
    const t = a.type === A.UNDEFINED ? inferType(a) : a.type;
    if (t !== type)
      throw this.error(
        `attribute '${name}' must be of type ${TYPE_NAMES[type]}, got ${TYPE_NAMES[t] ?? `type ${t}`}`,
      );
    return a;
  }

  /** Whether the node has attribute `name`. */
  has(name: string): boolean {
    return this.attrs.has(name);
  }

  /** An int attribute (or `fallback`). */
  int(name: string, fallback: number): number {
    const a = this.get(name, A.INT);
    return a === undefined ? fallback : int64ToNumber(a.i);
  }

  /** A float attribute (or `fallback`). */
  float(name: string, fallback: number): number {
    const a = this.get(name, A.FLOAT);
    return a === undefined ? fallback : a.f;
  }

  /** A string attribute (or `fallback`). */
  string(name: string, fallback: string): string {
    const a = this.get(name, A.STRING);
    return a === undefined ? fallback : new TextDecoder().decode(a.s);
  }

  /** An ints attribute (or `fallback`). */
  ints(name: string, fallback: readonly number[] | undefined): number[] | undefined {
    const a = this.get(name, A.INTS);
    return a === undefined
      ? fallback === undefined
        ? undefined
        : [...fallback]
      : a.ints.map(int64ToNumber);
  }

  /** A floats attribute (or `fallback`). */
  floats(name: string, fallback: readonly number[] | undefined): number[] | undefined {
    const a = this.get(name, A.FLOATS);
    return a === undefined ? (fallback === undefined ? undefined : [...fallback]) : [...a.floats];
  }

  /** A tensor attribute, read (or undefined). */
  tensor(name: string): OnnxValue | undefined {
    const a = this.get(name, A.TENSOR);
    if (a === undefined) return undefined;
    if (a.t === undefined) throw this.error(`attribute '${name}' holds no tensor`);
    return readTensorProto(a.t, `fromONNX: ${this.label}: attribute '${name}'`);
  }

  /** Refuses attributes this implementation does not read (so nothing is silently ignored). */
  only(...names: string[]): void {
    for (const a of this.attrs.keys())
      if (!names.includes(a))
        throw this.error(
          `attribute '${a}' is not supported${names.length === 0 ? '' : ` (supported: ${names.join(', ')})`}`,
        );
  }
}

function inferType(a: AttributeProto): A {
  if (a.t !== undefined) return A.TENSOR;
  if (a.g !== undefined) return A.GRAPH;
  if (a.ints.length > 0) return A.INTS;
  if (a.floats.length > 0) return A.FLOATS;
  if (a.strings.length > 0) return A.STRINGS;
  if (a.s.length > 0) return A.STRING;
  if (a.f !== 0) return A.FLOAT;
  return A.INT;
}
