/**
 * Reads an ONNX `TensorProto` (an initializer, a `Constant`'s value) into an {@link OnnxValue},
 * checking it first: element type, dimensions, where the data lives and that its size agrees with
 * the shape, so that a hostile file fails with an `OnnxError` before anything large is allocated.
 */
import { formatShape, Tensor, tensor } from '@gradscope/core';
import { OnnxError } from '../errors.js';
import { type TensorProto, TensorProto_DataLocation } from '../proto/onnx_pb.js';
import { checkedSize, IntTensor, type OnnxValue } from './values.js';

/** ONNX element types the importer reads, by `TensorProto.DataType` number. */
const ELEMENT_TYPES: { readonly [code: number]: { name: string; bytes: number } } = {
  1: { name: 'float', bytes: 4 },
  2: { name: 'uint8', bytes: 1 },
  3: { name: 'int8', bytes: 1 },
  5: { name: 'int16', bytes: 2 },
  6: { name: 'int32', bytes: 4 },
  7: { name: 'int64', bytes: 8 },
  9: { name: 'bool', bytes: 1 },
  11: { name: 'double', bytes: 8 },
};

/** The ONNX name of element type `code` (for messages). */
export function elementTypeName(code: number): string {
  const names: { [code: number]: string } = {
    0: 'undefined',
    4: 'uint16',
    8: 'string',
    10: 'float16',
    12: 'uint32',
    13: 'uint64',
    14: 'complex64',
    15: 'complex128',
    16: 'bfloat16',
  };
  return ELEMENT_TYPES[code]?.name ?? names[code] ?? `type ${code}`;
}

/** Whether the importer reads element type `code`. */
export function isReadableType(code: number): boolean {
  return ELEMENT_TYPES[code] !== undefined;
}

/** The dims of a TensorProto as numbers, refusing negative or oversized ones. */
export function dimsOf(dims: readonly bigint[], where: string): number[] {
  return dims.map((d) => {
    if (d < 0n || d > BigInt(Number.MAX_SAFE_INTEGER))
      throw new OnnxError(`${where}: expected dimensions ≥ 0, got ${dims.join(' × ')}`);
    return Number(d);
  });
}

/** An ONNX int64 as a number, clamped to ±2^53 − 1 (INT64_MAX, a common "to the end", stays huge). */
export function int64ToNumber(v: bigint): number {
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(v > max ? max : v < -max ? -max : v);
}

/** Reads `t` (named `where` in errors) into a float Tensor or an IntTensor. */
export function readTensorProto(t: TensorProto, where: string): OnnxValue {
  if (t.dataLocation === TensorProto_DataLocation.EXTERNAL || t.externalData.length > 0) {
    const location = t.externalData.find((e) => e.key === 'location')?.value;
    throw new OnnxError(
      `${where}: its data is stored outside the model${location === undefined ? '' : ` (in '${location}')`}; external data is not supported: save the model with its weights inside (e.g. onnx.save(model, path, save_as_external_data=False))`,
    );
  }
  const type = ELEMENT_TYPES[t.dataType];
  if (type === undefined)
    throw new OnnxError(
      `${where}: element type ${elementTypeName(t.dataType)} is not supported; expected one of ${Object.values(
        ELEMENT_TYPES,
      )
        .map((e) => e.name)
        .join(', ')}`,
    );
  const shape = dimsOf(t.dims, where);
  const n = checkedSize(shape, where);
  const raw = t.rawData;
  const typed =
    t.dataType === 1
      ? t.floatData
      : t.dataType === 11
        ? t.doubleData
        : t.dataType === 7
          ? t.int64Data
          : t.int32Data;
  const count = raw.length > 0 ? raw.length / type.bytes : typed.length;
  if (count !== n)
    throw new OnnxError(
      `${where}: shape ${formatShape(shape)} needs ${n} ${type.name} values (${n * type.bytes} bytes), but the tensor holds ${
        raw.length > 0 ? `${raw.length} bytes of raw data` : `${typed.length} values`
      }`,
    );
  if (raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    if (t.dataType === 1 || t.dataType === 11) {
      const out = t.dataType === 1 ? new Float32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++)
        out[i] = t.dataType === 1 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
      return tensor(out, { shape });
    }
    const ints = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const o = i * type.bytes;
      switch (t.dataType) {
        case 7:
          ints[i] = int64ToNumber(view.getBigInt64(o, true));
          break;
        case 6:
          ints[i] = view.getInt32(o, true);
          break;
        case 5:
          ints[i] = view.getInt16(o, true);
          break;
        case 3:
          ints[i] = view.getInt8(o);
          break;
        case 9:
          ints[i] = view.getUint8(o) === 0 ? 0 : 1;
          break;
        default:
          ints[i] = view.getUint8(o);
      }
    }
    return intTensor(t.dataType, shape, ints);
  }
  if (t.dataType === 1) return tensor(Float32Array.from(t.floatData), { shape });
  if (t.dataType === 11) return tensor(Float64Array.from(t.doubleData), { shape });
  if (t.dataType === 7) return intTensor(7, shape, t.int64Data.map(int64ToNumber));
  return intTensor(
    t.dataType,
    shape,
    t.int32Data.map((v) => (t.dataType === 9 ? (v === 0 ? 0 : 1) : v)),
  );
}

function intTensor(code: number, shape: number[], data: number[]): IntTensor {
  return new IntTensor(code === 9 ? 'bool' : code === 7 ? 'int64' : 'int32', shape, data);
}

/** Whether `v` is a float tensor (trainable when it is an initializer). */
export function isFloat(v: OnnxValue): v is Tensor {
  return v instanceof Tensor;
}
