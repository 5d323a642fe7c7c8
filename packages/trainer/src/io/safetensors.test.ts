import { tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors.js';

/** Builds a file by hand from the specification: u64 LE header size, JSON header, raw LE bytes. */
function build(header: string, data: number[]): Uint8Array {
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + h.length + data.length);
  let n = h.length;
  for (let i = 0; i < 8; i++) {
    out[i] = n & 0xff;
    n = Math.floor(n / 256);
  }
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

// IEEE 754 little-endian bytes, written out by hand:
// float32 1.0 = 0x3F800000, -2.0 = 0xC0000000, 0.5 = 0x3F000000, 3.0 = 0x40400000
const F32 = [
  0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0x40, 0x40,
];
// float64 0.1 = 0x3FB999999999999A, -1.0 = 0xBFF0000000000000
const F64 = [
  0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0xbf,
];

describe('safetensors', () => {
  it('loads a file built byte by byte from the specification', () => {
    const header =
      '{"__metadata__":{"format":"pt"},"layer.0.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"layer.0.bias":{"dtype":"F64","shape":[2],"data_offsets":[16,32]}}';
    const { tensors, metadata } = decodeSafetensors(build(header, [...F32, ...F64]));
    expect(metadata).toEqual({ format: 'pt' });
    const w = tensors['layer.0.weight'];
    expect(w?.dtype).toBe('float32');
    expect(w?.shape).toEqual([2, 2]);
    expect(Array.from(w?.data ?? [])).toEqual([1, -2, 0.5, 3]);
    const b = tensors['layer.0.bias'];
    expect(b?.dtype).toBe('float64');
    expect(Array.from(b?.data ?? [])).toEqual([0.1, -1]);
  });

  it('writes what the specification says, and round-trips bit-exactly', () => {
    const w = tensor([1, -2, 0.5, 3], { shape: [2, 2] });
    const bytes = encodeSafetensors({ 'layer.0.weight': w }, { note: 'x' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header).toEqual({
      __metadata__: { note: 'x' },
      'layer.0.weight': { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] },
    });
    expect(Array.from(bytes.subarray(8 + n))).toEqual(F32);
    const r = new Float32Array(1000).map((_, i) => Math.sin(i) * 1e-3 + i);
    const s = new Float64Array(7).map((_, i) => Math.PI ** i);
    const out = decodeSafetensors(
      encodeSafetensors({
        a: tensor(r, { shape: [10, 100] }),
        b: tensor(s),
        empty: tensor([], { shape: [0, 3] }),
      }),
    );
    expect(out.tensors.a?.data).toEqual(r);
    expect(out.tensors.b?.data).toEqual(s);
    expect(out.tensors.empty?.shape).toEqual([0, 3]);
  });

  it('reads integer tensors as float64, exactly (PyTorch writes num_batches_tracked as I64)', () => {
    // I64 LE 300 = 2c 01 00..; -2 = fe ff .. ff; I32 -1 = ff ff ff ff; U8 255; I16 -300 = d4 fe
    const header =
      '{"n":{"dtype":"I64","shape":[2],"data_offsets":[0,16]},"i":{"dtype":"I32","shape":[1],"data_offsets":[16,20]},"u":{"dtype":"U8","shape":[2],"data_offsets":[20,22]},"h":{"dtype":"I16","shape":[1],"data_offsets":[22,24]}}';
    const data = [
      0x2c, 0x01, 0, 0, 0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 255, 7, 0xd4, 0xfe,
    ];
    const { tensors } = decodeSafetensors(build(header, data));
    expect(tensors.n?.dtype).toBe('float64');
    expect(Array.from(tensors.n?.data ?? [])).toEqual([300, -2]);
    expect(Array.from(tensors.i?.data ?? [])).toEqual([-1]);
    expect(Array.from(tensors.u?.data ?? [])).toEqual([255, 7]);
    expect(Array.from(tensors.h?.data ?? [])).toEqual([-300]);
    // 2^53 + 1 has no float64: refused rather than rounded
    const big = [0x01, 0, 0, 0, 0, 0, 0x20, 0];
    expect(() =>
      decodeSafetensors(build('{"n":{"dtype":"I64","shape":[],"data_offsets":[0,8]}}', big)),
    ).toThrow(/'n': I64 value 9007199254740993 at index 0 is beyond 2\^53/);
  });

  const ok = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['too short', new Uint8Array(5), /too short/],
    ['header longer than the file', build(ok, [0, 0, 0, 0, 0, 0, 0, 0]).slice(0, 20), /exceeds/],
    [
      'hostile 2^62 header length',
      (() => {
        const b = build(ok, [0, 0, 0, 0, 0, 0, 0, 0]);
        b[7] = 0x40;
        return b;
      })(),
      /limit/,
    ],
    ['bad JSON', build('{"a":', [1, 2]), /JSON/],
    ['not an object', build('[1,2]   ', []), /object/],
    [
      'unsupported dtype',
      build('{"a":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0]),
      /BF16 is not supported/,
    ],
    [
      'unknown dtype',
      build('{"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0]),
      /unknown dtype/,
    ],
    [
      'size mismatch',
      build('{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', [0, 0, 0, 0, 0, 0, 0, 0]),
      /needs 12 bytes/,
    ],
    [
      'huge shape',
      build(
        '{"a":{"dtype":"F32","shape":[1000000000,1000000000],"data_offsets":[0,8]}}',
        [0, 0, 0, 0, 0, 0, 0, 0],
      ),
      /needs/,
    ],
    [
      'offsets past the end',
      build('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', [0, 0, 0, 0]),
      /outside/,
    ],
    [
      'overlap',
      build(
        '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
        [0, 0, 0, 0, 0, 0, 0, 0],
      ),
      /overlaps/,
    ],
    [
      'gap',
      build('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', [0, 0, 0, 0, 0, 0, 0, 0]),
      /gap/,
    ],
    ['trailing bytes', build(ok, [0, 0, 0, 0, 0, 0, 0, 0, 9]), /cover 8/],
    [
      'negative shape',
      build('{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}', [0, 0, 0, 0, 0, 0, 0, 0]),
      /shape/,
    ],
    ['non-string metadata', build('{"__metadata__":{"k":1}}', []), /must be a string/],
  ];
  for (const [name, bytes, msg] of cases) {
    it(`rejects a malformed file: ${name}`, () => {
      expect(() => decodeSafetensors(bytes)).toThrow(SafetensorsError);
      expect(() => decodeSafetensors(bytes)).toThrow(msg);
    });
  }
});
