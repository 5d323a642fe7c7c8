/**
 * The safetensors format (Hugging Face): 8-byte little-endian unsigned header length N, then N
 * bytes of UTF-8 JSON `{ name: { dtype, shape, data_offsets: [begin, end] }, __metadata__?: {
 * string: string } }`, then the raw little-endian tensor bytes; offsets are relative to the start
 * of that byte buffer. gradscope reads and writes F32 and F64, and reads integer tensors (I8 to
 * I64, U8 to U64) as float64, exactly: PyTorch saves BatchNorm's `num_batches_tracked` as I64.
 */
import { describe, GradscopeError, type Tensor, tensor } from '@gradscope/core';

/** A malformed or unsupported safetensors file. */
export class SafetensorsError extends GradscopeError {
  static override readonly typeName: string = 'SafetensorsError';
}

/** Largest header accepted (as the reference implementation: 100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

const DTYPES = {
  F32: { bytes: 4, dtype: 'float32' },
  F64: { bytes: 8, dtype: 'float64' },
  I8: { bytes: 1, dtype: 'float64' },
  U8: { bytes: 1, dtype: 'float64' },
  I16: { bytes: 2, dtype: 'float64' },
  U16: { bytes: 2, dtype: 'float64' },
  I32: { bytes: 4, dtype: 'float64' },
  U32: { bytes: 4, dtype: 'float64' },
  I64: { bytes: 8, dtype: 'float64' },
  U64: { bytes: 8, dtype: 'float64' },
} as const;
const KNOWN_OTHER = ['F16', 'BF16', 'F8_E4M3', 'F8_E5M2', 'BOOL'];

type Reader = (view: DataView, at: number) => number | bigint;
type IntDType = Exclude<keyof typeof DTYPES, 'F32' | 'F64'>;
const READERS: Record<IntDType, Reader> = {
  I8: (v, at) => v.getInt8(at),
  U8: (v, at) => v.getUint8(at),
  I16: (v, at) => v.getInt16(at, true),
  U16: (v, at) => v.getUint16(at, true),
  I32: (v, at) => v.getInt32(at, true),
  U32: (v, at) => v.getUint32(at, true),
  I64: (v, at) => v.getBigInt64(at, true),
  U64: (v, at) => v.getBigUint64(at, true),
};
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** Decoded file contents. */
export interface SafetensorsContents {
  /** The tensors by name (F32 as float32; F64 and the integer dtypes as float64), data copied out of the file. */
  tensors: Record<string, Tensor>;
  /** The `__metadata__` string-to-string map (empty when the header has none). */
  metadata: Record<string, string>;
}

/** Encodes named tensors (keys in insertion order) and optional string metadata. */
export function encodeSafetensors(
  tensors: Readonly<Record<string, Tensor>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  if (tensors === null || typeof tensors !== 'object')
    throw new SafetensorsError(
      `encodeSafetensors: expected an object of named tensors, got ${describe(tensors)}`,
    );
  if (metadata !== undefined && (metadata === null || typeof metadata !== 'object'))
    throw new SafetensorsError(
      `encodeSafetensors: metadata must be an object of strings, got ${describe(metadata)}`,
    );
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata))
      if (typeof v !== 'string')
        throw new SafetensorsError(
          `encodeSafetensors: metadata '${k}' must be a string, got ${typeof v}`,
        );
    header.__metadata__ = { ...metadata };
  }
  let offset = 0;
  const entries = Object.entries(tensors);
  for (const [k, t] of entries) {
    if (k === '__metadata__')
      throw new SafetensorsError("encodeSafetensors: '__metadata__' is reserved");
    if (t === null || typeof t !== 'object' || !('dtype' in t))
      throw new SafetensorsError(`encodeSafetensors: '${k}' is not a tensor`);
    const n = t.size * (t.dtype === 'float64' ? 8 : 4);
    header[k] = {
      dtype: t.dtype === 'float64' ? 'F64' : 'F32',
      shape: [...t.shape],
      data_offsets: [offset, offset + n],
    };
    offset += n;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - (json.length % 8)) % 8;
  if (pad > 0) {
    const padded = new Uint8Array(json.length + pad).fill(0x20);
    padded.set(json);
    json = padded;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let p = 8 + json.length;
  for (const [, t] of entries) {
    const d = t.data;
    if (t.dtype === 'float64')
      for (let i = 0; i < d.length; i++, p += 8) view.setFloat64(p, d[i] as number, true);
    else for (let i = 0; i < d.length; i++, p += 4) view.setFloat32(p, d[i] as number, true);
  }
  return out;
}

function fail(msg: string): never {
  throw new SafetensorsError(`decodeSafetensors: ${msg}`);
}

/** Names that could reach an object's prototype machinery: refused as keys anywhere. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses duplicate and reserved keys at any depth of `text`, which is valid JSON (JSON.parse
 * silently keeps the last of duplicate keys, so two entries could disagree about one tensor).
 */
function checkKeys(text: string): void {
  const objects: Array<Set<string> | null> = []; // null for arrays
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const keys = objects[objects.length - 1] as Set<string>;
        if (RESERVED_KEYS.has(key)) fail(`key '${key}' is not allowed in the header`);
        if (keys.has(key)) fail(`duplicate key '${key}' in the header`);
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */) {
      objects.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      objects.push(null);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      objects.pop();
    } else if (c === 0x2c /* , */) {
      expectKey = objects[objects.length - 1] != null;
    }
  }
}

/**
 * Decodes a safetensors file. Validates everything before allocating tensor memory: the header
 * length against the file size, JSON syntax, each entry's dtype / shape / offsets, that
 * `prod(shape) * itemsize` equals the offset span, and that the entries tile the byte buffer
 * exactly (no gaps, no overlaps). Throws {@link SafetensorsError} otherwise.
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContents {
  if (!(bytes instanceof Uint8Array))
    fail(`expected a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  if (bytes.length < 8)
    fail(`file is ${bytes.length} bytes; too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_BYTES))
    fail(`header length ${n64} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  const n = Number(n64);
  if (n > bytes.length - 8)
    fail(`header length ${n} exceeds the ${bytes.length - 8} bytes after the length field`);
  if (n < 2) fail(`header length ${n} is too small for a JSON object`);
  let header: unknown;
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
    header = JSON.parse(text);
  } catch (e) {
    fail(`header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  checkKeys(text);
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    fail('header must be a JSON object');
  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const specs: Array<{
    name: string;
    dtype: keyof typeof DTYPES;
    shape: number[];
    begin: number;
    end: number;
  }> = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
        fail('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} must be a string, got ${typeof v}`);
        metadata[k] = v;
      }
      continue;
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      fail(`entry '${name}' must be an object`);
    const e = raw as Record<string, unknown>;
    const dt = e.dtype;
    if (typeof dt !== 'string') fail(`entry '${name}': dtype must be a string`);
    if (!Object.hasOwn(DTYPES, dt)) {
      fail(
        KNOWN_OTHER.includes(dt)
          ? `entry '${name}': dtype ${dt} is not supported (gradscope reads F32, F64 and integers)`
          : `entry '${name}': unknown dtype '${dt}'`,
      );
    }
    const shape = e.shape;
    if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || (d as number) < 0))
      fail(`entry '${name}': shape must be an array of non-negative integers`);
    const off = e.data_offsets;
    if (
      !Array.isArray(off) ||
      off.length !== 2 ||
      off.some((d) => !Number.isSafeInteger(d) || (d as number) < 0)
    )
      fail(`entry '${name}': data_offsets must be two non-negative integers`);
    const [begin, end] = off as [number, number];
    if (begin > end || end > dataLen)
      fail(
        `entry '${name}': data_offsets [${begin},${end}] outside the ${dataLen}-byte data buffer`,
      );
    let count = 1;
    for (const d of shape as number[]) count *= d;
    const bytesNeeded = count * DTYPES[dt as keyof typeof DTYPES].bytes;
    if (bytesNeeded !== end - begin)
      fail(
        `entry '${name}': shape [${shape.join(',')}] ${dt} needs ${bytesNeeded} bytes, data_offsets span ${end - begin}`,
      );
    specs.push({ name, dtype: dt as keyof typeof DTYPES, shape: shape as number[], begin, end });
  }
  const sorted = [...specs].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const s of sorted) {
    if (s.begin !== cursor)
      fail(
        s.begin < cursor
          ? `entry '${s.name}' overlaps the previous tensor (begins at ${s.begin}, previous ends at ${cursor})`
          : `gap in the data buffer before '${s.name}' (bytes ${cursor}..${s.begin} unused)`,
      );
    cursor = s.end;
  }
  if (cursor !== dataLen) fail(`data buffer has ${dataLen} bytes but the tensors cover ${cursor}`);
  const tensors: Record<string, Tensor> = {};
  for (const s of specs) {
    const { bytes, dtype } = DTYPES[s.dtype];
    const count = (s.end - s.begin) / bytes;
    const p0 = dataStart + s.begin;
    const arr = dtype === 'float64' ? new Float64Array(count) : new Float32Array(count);
    if (s.dtype === 'F64')
      for (let i = 0; i < count; i++) arr[i] = view.getFloat64(p0 + 8 * i, true);
    else if (s.dtype === 'F32')
      for (let i = 0; i < count; i++) arr[i] = view.getFloat32(p0 + 4 * i, true);
    else {
      const read = READERS[s.dtype as IntDType];
      for (let i = 0; i < count; i++) {
        const v = read(view, p0 + bytes * i);
        if (typeof v === 'bigint' && (v > MAX_EXACT || v < -MAX_EXACT))
          fail(
            `entry '${s.name}': ${s.dtype} value ${v} at index ${i} is beyond 2^53, not exact as float64`,
          );
        arr[i] = Number(v);
      }
    }
    tensors[s.name] = tensor(arr, { shape: s.shape, dtype });
  }
  return { tensors, metadata };
}
