/**
 * The IDX format of LeCun's MNIST files (also Fashion-MNIST, EMNIST, KMNIST): a 4-byte magic
 * number `0x00 0x00 <dtype code> <ndim>`, then `ndim` big-endian uint32 sizes, then the values,
 * big-endian, row-major. This module decodes bytes already in memory (no files, no gzip: the
 * Node entry's `readIdx` adds those) and checks every size before it allocates anything.
 */
import { describe, formatShape, GradscopeError } from '@gradscope/core';

/** A malformed, truncated or oversized IDX file. */
export class IdxError extends GradscopeError {
  static override readonly typeName: string = 'IdxError';
}

/** Element types of IDX files, by their dtype code. */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The values of an IDX file. */
export interface IdxArray {
  /** Element type, from the dtype code (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64). */
  dtype: IdxDType;
  /** The sizes from the header, outermost first (`[60000, 28, 28]` for MNIST training images). */
  shape: number[];
  /** The values in row-major order, in the typed array of the dtype (native byte order). */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** What the header says, before any data is read. */
export interface IdxHeader {
  /** Element type, from the dtype code (third byte). */
  dtype: IdxDType;
  /** The sizes, outermost first. */
  shape: number[];
  /** Bytes taken by the magic number and sizes: 4 + 4 · ndim. */
  headerBytes: number;
  /** Bytes the values must take: product of the sizes × the element size. */
  dataBytes: number;
}

const DTYPES: Record<number, { dtype: IdxDType; size: number }> = {
  8: { dtype: 'uint8', size: 1 },
  9: { dtype: 'int8', size: 1 },
  11: { dtype: 'int16', size: 2 },
  12: { dtype: 'int32', size: 4 },
  13: { dtype: 'float32', size: 4 },
  14: { dtype: 'float64', size: 8 },
};

/** Largest data size accepted by default: 1 GiB (the full MNIST training images are 47 MB). */
export const IDX_MAX_BYTES = 2 ** 30;

const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;

/** True when `bytes` starts with the gzip magic number 0x1f 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function checkBytes(where: string, bytes: unknown): Uint8Array {
  if (!(bytes instanceof Uint8Array))
    throw new IdxError(
      `${where}: expected the file's bytes as a Uint8Array, got ${describe(bytes)}`,
    );
  return bytes;
}

/** Checks a `maxBytes` option (default {@link IDX_MAX_BYTES}). */
export function checkIdxMaxBytes(where: string, v: unknown): number {
  if (v === undefined) return IDX_MAX_BYTES;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new IdxError(`${where}: maxBytes must be a non-negative integer, got ${describe(v)}`);
  return v;
}

/**
 * Reads and checks an IDX header: magic number, dtype code, number of dimensions, sizes, and
 * that the data they describe fits in `maxBytes` (default {@link IDX_MAX_BYTES}). It does not
 * look past the header, so it works on the first bytes of a file.
 */
export function readIdxHeader(
  bytes: Uint8Array,
  options: { maxBytes?: number; where?: string } = {},
): IdxHeader {
  if (options === null || typeof options !== 'object')
    throw new IdxError(`readIdxHeader: expected an options object, got ${describe(options)}`);
  const where = options.where ?? 'readIdx';
  checkBytes(where, bytes);
  const maxBytes = checkIdxMaxBytes(where, options.maxBytes);
  if (bytes.length < 4)
    throw new IdxError(
      `${where}: too short for an IDX file: ${bytes.length} bytes, the magic number alone takes 4 (0x00 0x00 <dtype> <ndim>)`,
    );
  const [b0, b1, code, ndim] = bytes as unknown as [number, number, number, number];
  if (b0 !== 0 || b1 !== 0)
    throw new IdxError(
      `${where}: not an IDX file: it starts ${hex(b0)} ${hex(b1)}, an IDX file starts 0x00 0x00${isGzip(bytes) ? ' (this is gzip-compressed: readIdx from @gradscope/trainer/node decompresses it)' : ''}`,
    );
  const t = DTYPES[code];
  if (t === undefined)
    throw new IdxError(
      `${where}: unknown IDX dtype code ${hex(code)} (third byte); expected 0x08 uint8, 0x09 int8, 0x0b int16, 0x0c int32, 0x0d float32 or 0x0e float64`,
    );
  if (ndim === 0)
    throw new IdxError(
      `${where}: the IDX header says 0 dimensions (fourth byte); expected 1 or more`,
    );
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes)
    throw new IdxError(
      `${where}: truncated header: ${ndim} dimensions need ${headerBytes} header bytes, the file has ${bytes.length}`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const shape: number[] = [];
  for (let d = 0; d < ndim; d++) shape.push(view.getUint32(4 + 4 * d, false));
  // Sizes up to 2^32 - 1 each: the product is checked against the limit as it grows, so it never
  // leaves the exact range of doubles.
  let dataBytes = shape.includes(0) ? 0 : t.size;
  for (const s of dataBytes === 0 ? [] : shape) {
    dataBytes *= s;
    if (dataBytes > maxBytes)
      throw new IdxError(
        `${where}: the IDX header's sizes ${formatShape(shape)} of ${t.dtype} describe more than ${maxBytes} bytes of data (the maxBytes limit); the file is damaged or not what it seems`,
      );
  }
  return { dtype: t.dtype, shape, headerBytes, dataBytes };
}

/**
 * Decodes a whole uncompressed IDX file. Throws {@link IdxError}, before allocating the values,
 * when the magic number or dtype code is wrong, the sizes describe more than `maxBytes` (default
 * 1 GiB), or the file holds fewer or more data bytes than the sizes say.
 */
export function decodeIdx(bytes: Uint8Array, options: { maxBytes?: number } = {}): IdxArray {
  if (options === null || typeof options !== 'object')
    throw new IdxError(`readIdx: expected an options object, got ${describe(options)}`);
  const h = readIdxHeader(bytes, { ...options, where: 'readIdx' });
  const have = bytes.length - h.headerBytes;
  if (have !== h.dataBytes)
    throw new IdxError(
      `readIdx: the IDX header's sizes ${formatShape(h.shape)} of ${h.dtype} need ${h.dataBytes} data bytes, the file has ${have} (${have < h.dataBytes ? 'truncated' : `${have - h.dataBytes} trailing bytes`})`,
    );
  const n = h.dataBytes / (DTYPES[bytes[2] as number] as { size: number }).size;
  const at = bytes.byteOffset + h.headerBytes;
  const view = new DataView(bytes.buffer, at, h.dataBytes);
  let data: IdxArray['data'];
  switch (h.dtype) {
    // Copies into plain typed arrays (a Node Buffer's slice would share its memory).
    case 'uint8':
      data = new Uint8Array(bytes.subarray(h.headerBytes));
      break;
    case 'int8':
      data = new Int8Array(bytes.buffer.slice(at, at + h.dataBytes));
      break;
    case 'int16':
      data = new Int16Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getInt16(2 * i, false);
      break;
    case 'int32':
      data = new Int32Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getInt32(4 * i, false);
      break;
    case 'float32':
      data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getFloat32(4 * i, false);
      break;
    case 'float64':
      data = new Float64Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getFloat64(8 * i, false);
      break;
  }
  return { dtype: h.dtype, shape: h.shape, data };
}
