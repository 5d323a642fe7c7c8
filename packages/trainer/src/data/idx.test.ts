import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readIdx, readIdxFile } from '../node.js';
import { decodeIdx, IdxError, readIdxHeader } from './idx.js';

// Hand-made files, byte by byte: magic 0x00 0x00 <dtype> <ndim>, big-endian uint32 sizes,
// big-endian values.
const u8 = (...b: number[]) => new Uint8Array(b);
const UINT8_2x3 = u8(0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 255);
const INT8_2 = u8(0, 0, 0x09, 1, 0, 0, 0, 2, 0xff, 0x7f);
const INT16_3 = u8(0, 0, 0x0b, 1, 0, 0, 0, 3, 0x00, 0x01, 0xff, 0xfe, 0x7f, 0xff);
const INT32_1x2 = u8(0, 0, 0x0c, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0x80, 0, 0, 0, 0, 0, 1, 0);
// 1.0 = 0x3f800000; float32(-pi) = 0xc0490fdb.
const FLOAT32_2 = u8(0, 0, 0x0d, 1, 0, 0, 0, 2, 0x3f, 0x80, 0, 0, 0xc0, 0x49, 0x0f, 0xdb);
// pi = 0x400921fb54442d18.
const FLOAT64_1 = u8(0, 0, 0x0e, 1, 0, 0, 0, 1, 0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18);

const dir = mkdtempSync(join(tmpdir(), 'gradscope-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('IDX decoding of hand-made files', () => {
  it('uint8: shape from the header, values in order', () => {
    const a = decodeIdx(UINT8_2x3);
    expect(a.dtype).toBe('uint8');
    expect(a.shape).toEqual([2, 3]);
    expect(a.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 255]);
  });

  it('int8, int16, int32, float32, float64: big-endian, signed', () => {
    expect(Array.from(decodeIdx(INT8_2).data)).toEqual([-1, 127]);
    const s = decodeIdx(INT16_3);
    expect(s.data).toBeInstanceOf(Int16Array);
    expect(Array.from(s.data)).toEqual([1, -2, 32767]);
    const i = decodeIdx(INT32_1x2);
    expect(i.shape).toEqual([1, 2]);
    expect(Array.from(i.data)).toEqual([-(2 ** 31), 256]);
    const f = decodeIdx(FLOAT32_2);
    expect(f.data).toBeInstanceOf(Float32Array);
    expect(Array.from(f.data)).toEqual([1, Math.fround(-Math.PI)]);
    const d = decodeIdx(FLOAT64_1);
    expect(d.dtype).toBe('float64');
    expect(Array.from(d.data)).toEqual([Math.PI]);
  });

  it('an empty dimension is an empty array; the header reads alone', () => {
    const e = decodeIdx(u8(0, 0, 0x08, 2, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff));
    expect(e.shape).toEqual([0, 2 ** 32 - 1]);
    expect(e.data.length).toBe(0);
    expect(readIdxHeader(UINT8_2x3.subarray(0, 12))).toEqual({
      dtype: 'uint8',
      shape: [2, 3],
      headerBytes: 12,
      dataBytes: 6,
    });
  });

  it('copies: the values do not share memory with the input (Node Buffers included)', () => {
    const buf = Buffer.from(UINT8_2x3);
    const a = decodeIdx(buf);
    expect(Buffer.isBuffer(a.data)).toBe(false);
    buf[12] = 99;
    expect(a.data[0]).toBe(1);
  });
});

describe('readIdx (Node entry): gzip and files', () => {
  it('reads gzipped files as the uncompressed ones', () => {
    for (const f of [UINT8_2x3, INT16_3, FLOAT32_2, FLOAT64_1]) {
      const plain = readIdx(f);
      const gz = readIdx(gzipSync(f));
      expect(gz).toEqual(plain);
    }
    const path = join(dir, 'labels-idx1-ubyte.gz');
    writeFileSync(path, gzipSync(UINT8_2x3));
    expect(Array.from(readIdxFile(path).data)).toEqual([1, 2, 3, 4, 5, 255]);
  });

  it('reads a large gzipped file whose header needs several peeks (a long gzip file name)', () => {
    // 60,000 uint8 values after a header, compressed with a 3 KiB file name in the gzip header.
    const n = 60000;
    const raw = new Uint8Array(8 + n);
    raw.set([0, 0, 8, 1, 0, 0, 0xea, 0x60]);
    for (let i = 0; i < n; i++) raw[8 + i] = (i * 7) % 10;
    const gz = gzipSync(raw);
    // Splice an FNAME field (flag 0x08) of 3000 bytes into the 10-byte gzip header.
    const name = new Uint8Array(3001).fill(0x61);
    name[3000] = 0;
    const withName = new Uint8Array(gz.length + name.length);
    withName.set(gz.subarray(0, 10));
    withName[3] = (gz[3] as number) | 0x08;
    withName.set(name, 10);
    withName.set(gz.subarray(10), 10 + name.length);
    const a = readIdx(withName);
    expect(a.shape).toEqual([60000]);
    expect(a.data[12345]).toBe((12345 * 7) % 10);
  });
});

describe('hostile IDX files: a clear IdxError before any large allocation', () => {
  const bad = (bytes: Uint8Array, message: RegExp, options = {}) => {
    expect(() => readIdx(bytes, options)).toThrow(IdxError);
    expect(() => readIdx(bytes, options)).toThrow(message);
  };

  it('wrong magic number, dtype code or number of dimensions', () => {
    bad(u8(), /too short for an IDX file: 0 bytes/);
    bad(u8(0, 0, 8), /too short for an IDX file: 3 bytes/);
    bad(u8(0x50, 0x4b, 3, 4, 0, 0, 0, 0), /not an IDX file: it starts 0x50 0x4b/);
    bad(u8(0, 0, 0x07, 1, 0, 0, 0, 1, 0), /unknown IDX dtype code 0x07/);
    bad(u8(0, 0, 0x08, 0), /0 dimensions/);
    // decodeIdx (no gzip) names the cause when it is handed a gzip file.
    expect(() => decodeIdx(gzipSync(UINT8_2x3))).toThrow(/gzip-compressed: readIdx from/);
    expect(() => readIdx('x' as never)).toThrow(/expected the file's bytes as a Uint8Array/);
    expect(() => readIdxHeader(UINT8_2x3, null as never)).toThrow(IdxError);
    expect(() => decodeIdx(UINT8_2x3, null as never)).toThrow(/expected an options object/);
  });

  it('truncated header or data, trailing bytes', () => {
    bad(
      u8(0, 0, 0x08, 3, 0, 0, 0, 2),
      /truncated header: 3 dimensions need 16 header bytes, the file has 8/,
    );
    bad(
      UINT8_2x3.subarray(0, 17),
      /sizes \[2,3\] of uint8 need 6 data bytes, the file has 5 \(truncated\)/,
    );
    bad(u8(...UINT8_2x3, 0), /need 6 data bytes, the file has 7 \(1 trailing bytes\)/);
    bad(FLOAT64_1.subarray(0, 15), /sizes \[1\] of float64 need 8 data bytes, the file has 7/);
  });

  it('absurd sizes are refused from the header alone', () => {
    // 2^32 - 1 cubed bytes: far above the 1 GiB default.
    const huge = u8(
      0,
      0,
      0x08,
      3,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
    );
    bad(
      huge,
      /sizes \[4294967295,4294967295,4294967295\] of uint8 describe more than 1073741824 bytes/,
    );
    bad(gzipSync(huge), /describe more than 1073741824 bytes/);
    // float64 [2^27] is exactly 1 GiB: allowed by the header check, then the bytes are missing.
    bad(u8(0, 0, 0x0e, 1, 0x08, 0, 0, 0), /need 1073741824 data bytes, the file has 0/);
    bad(UINT8_2x3, /describe more than 5 bytes/, { maxBytes: 5 });
    expect(() => readIdx(UINT8_2x3, { maxBytes: -1 })).toThrow(
      /maxBytes must be a non-negative integer/,
    );
  });

  it('gzip bombs stop at the size the header announces; corrupt gzip is an IdxError', () => {
    // A header for 10 bytes followed by 64 MiB of zeros (compresses to about 64 KiB).
    const bomb = new Uint8Array(8 + 64 * 2 ** 20);
    bomb.set([0, 0, 8, 1, 0, 0, 0, 10]);
    const gz = gzipSync(bomb);
    expect(gz.length).toBeLessThan(2 ** 18);
    const before = process.memoryUsage().arrayBuffers;
    bad(gz, /inflates to more than the 18 bytes its IDX header describes/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 2 ** 20);
    const good = gzipSync(UINT8_2x3);
    bad(good.subarray(0, good.length - 6), /gzip data is corrupt or truncated/);
    const flipped = Uint8Array.from(good);
    flipped[12] = (flipped[12] as number) ^ 0xff;
    expect(() => readIdx(flipped)).toThrow(IdxError);
  });
});
