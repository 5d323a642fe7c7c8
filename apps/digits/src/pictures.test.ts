import { tensor } from '@gradscope/core';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { enlarge, filterGrid, greyImage, pngDataUri, toPng } from './pictures.js';

/** Width, height, bit depth and colour type from a PNG's IHDR chunk, read by hand (PNG spec 11.2.2). */
function ihdr(png: Uint8Array) {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe('IHDR');
  return {
    width: view.getUint32(16),
    height: view.getUint32(20),
    depth: png[24],
    colorType: png[25],
  };
}

describe('pictures', () => {
  it('enlarge turns each pixel into a scale x scale square', () => {
    const p = enlarge({ width: 2, height: 1, channels: 1, data: Uint8Array.from([10, 200]) }, 3);
    expect([p.width, p.height]).toEqual([6, 3]);
    expect(Array.from(p.data)).toEqual([
      10, 10, 10, 200, 200, 200, 10, 10, 10, 200, 200, 200, 10, 10, 10, 200, 200, 200,
    ]);
    expect(() => enlarge(p, 0)).toThrow(/scale must be a positive integer, got 0/);
  });

  it('greyImage maps black..white to 0..255, clamped, for the image at index', () => {
    const x = tensor([0, 0, 0, 0, -1, 0, 0.5, 3], { shape: [2, 1, 2, 2] });
    const p = greyImage(x, 1, -1, 1);
    expect([p.width, p.height, p.channels]).toEqual([2, 2, 1]);
    expect(Array.from(p.data)).toEqual([0, 128, 191, 255]);
    expect(() => greyImage(x, 2, 0, 1)).toThrow(/index 2 out of range \[0, 2\)/);
    expect(() => greyImage(tensor([1, 2]), 0, 0, 1)).toThrow(
      /expected images \[N, 1, H, W\], got \[2\]/,
    );
  });

  it('a grey picture becomes a valid 8-bit greyscale PNG that decodes to the same bytes', () => {
    const data = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    const png = toPng({ width: 4, height: 3, channels: 1, data });
    expect(ihdr(png)).toEqual({ width: 4, height: 3, depth: 8, colorType: 0 });
    expect(Array.from(decode(png).data)).toEqual(Array.from(data));
    expect(pngDataUri({ width: 4, height: 3, channels: 1, data })).toBe(
      `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
    );
  });

  it('filterGrid lays C filters out in rows of `columns`, each on its own symmetric colour scale', () => {
    // 3 filters 2 x 2: f0 = [1, -1, 0, 0.5], f1 = 2 * f0, f2 = zeros.
    const f0 = [1, -1, 0, 0.5];
    const w = tensor([...f0, ...f0.map((v) => 2 * v), 0, 0, 0, 0], { shape: [3, 1, 2, 2] });
    const g = filterGrid(w, { scale: 4, columns: 2, gap: 1 });
    expect([g.columns, g.rows]).toEqual([2, 2]);
    // width: 2 tiles of 2·4 px and one gap; height: 2 rows of 8 px and one gap.
    expect([g.picture.width, g.picture.height, g.picture.channels]).toEqual([17, 17, 3]);
    expect(g.maxAbs).toEqual([1, 2, 0]);
    const px = (x: number, y: number) =>
      Array.from(g.picture.data.subarray((y * 17 + x) * 3, (y * 17 + x) * 3 + 3));
    expect(px(0, 0)).toEqual([0xb2, 0x18, 0x2b]); // f0's +max: full red
    expect(px(4, 0)).toEqual([0x21, 0x66, 0xac]); // f0's −max: full blue
    expect(px(0, 4)).toEqual([255, 255, 255]); // zero: white
    expect(px(9, 0)).toEqual(px(0, 0)); // f1 = 2 f0 looks the same on its own scale
    expect(px(8, 0)).toEqual([0x80, 0x80, 0x80]); // the gap
    expect(px(0, 9)).toEqual([255, 255, 255]); // f2, all zero
    expect(px(12, 12)).toEqual([0x80, 0x80, 0x80]); // the empty fourth cell
    const png = toPng(g.picture);
    expect(ihdr(png)).toEqual({ width: 17, height: 17, depth: 8, colorType: 2 });
  });

  it('filterGrid refuses a weight that is not a first layer', () => {
    expect(() => filterGrid(tensor([1, 2, 3, 4], { shape: [1, 2, 1, 2] }))).toThrow(
      /expected a first-layer weight \[C_out, 1, kH, kW\], got \[1,2,1,2\]/,
    );
  });
});
