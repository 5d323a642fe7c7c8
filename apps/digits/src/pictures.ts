/**
 * Pictures for the report as PNG data URIs (encoded with fast-png): test images in grey, and the
 * first convolution's filters on a blue–white–red scale, each enlarged by whole pixels (nearest
 * neighbour) so the browser shows sharp squares without scaling anything itself.
 */
import { ArgumentError, formatShape, ShapeError, type Tensor } from '@gradscope/core';
import { encode } from 'fast-png';

/** An 8-bit picture: `channels` bytes per pixel (1: grey, 3: RGB), rows top to bottom. */
export interface Picture {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** 1 (grey) or 3 (RGB). */
  readonly channels: 1 | 3;
  /** `height · width · channels` bytes. */
  readonly data: Uint8Array;
}

/** `p` enlarged `scale` times in each direction (every pixel becomes a `scale` × `scale` square). */
export function enlarge(p: Picture, scale: number): Picture {
  if (!Number.isInteger(scale) || scale < 1)
    throw new ArgumentError(`enlarge: scale must be a positive integer, got ${scale}`);
  if (scale === 1) return p;
  const { width, height, channels } = p;
  const w = width * scale;
  const out = new Uint8Array(w * height * scale * channels);
  for (let y = 0; y < height * scale; y++) {
    const src = Math.floor(y / scale) * width;
    for (let x = 0; x < w; x++) {
      const s = (src + Math.floor(x / scale)) * channels;
      const d = (y * w + x) * channels;
      for (let c = 0; c < channels; c++) out[d + c] = p.data[s + c] as number;
    }
  }
  return { width: w, height: height * scale, channels, data: out };
}

/** The picture as a PNG file. */
export function toPng(p: Picture): Uint8Array {
  return encode({ width: p.width, height: p.height, data: p.data, channels: p.channels, depth: 8 });
}

/** The picture as a `data:image/png;base64,...` URI for an `<img src>`. */
export function pngDataUri(p: Picture): string {
  return `data:image/png;base64,${Buffer.from(toPng(p)).toString('base64')}`;
}

/**
 * Image `index` of a batch `[N, 1, H, W]` as grey bytes: the value `black` maps to 0, `white` to
 * 255, clamped (for standardised images, `black` is the background value and `white` that of a
 * full-intensity pixel, so the picture shows the original bytes).
 */
export function greyImage(x: Tensor, index: number, black: number, white: number): Picture {
  if (x.ndim !== 4 || x.shape[1] !== 1)
    throw new ShapeError(`greyImage: expected images [N, 1, H, W], got ${formatShape(x.shape)}`);
  const [n, , h, w] = x.shape as [number, number, number, number];
  if (!Number.isInteger(index) || index < 0 || index >= n)
    throw new ArgumentError(`greyImage: index ${index} out of range [0, ${n})`);
  const data = new Uint8Array(h * w);
  const at = index * h * w;
  const span = white - black || 1;
  for (let p = 0; p < h * w; p++) {
    const v = ((x.data[at + p] as number) - black) / span;
    data[p] = Math.round(255 * Math.min(1, Math.max(0, v)));
  }
  return { width: w, height: h, channels: 1, data };
}

/** Blue (−1) – white (0) – red (+1), the diverging scale of the filter pictures. */
function diverging(t: number): [number, number, number] {
  const v = Math.min(1, Math.max(-1, t));
  // Toward #2166ac for negative values, toward #b2182b for positive ones (ColorBrewer RdBu).
  const [r, g, b] = v < 0 ? [0x21, 0x66, 0xac] : [0xb2, 0x18, 0x2b];
  const a = Math.abs(v);
  return [
    Math.round(255 + (r - 255) * a),
    Math.round(255 + (g - 255) * a),
    Math.round(255 + (b - 255) * a),
  ];
}

/** Grey level of the gaps between filters (mid grey: distinct from every colour of the scale). */
export const GAP_GREY = 0x80;

/** Layout of {@link filterGrid}. */
export interface FilterGridOptions {
  /** Screen pixels per weight (default 8). */
  readonly scale?: number;
  /** Filters per row (default: all in one row, at most 8). */
  readonly columns?: number;
  /** Grey gap between filters, in screen pixels (default 2). */
  readonly gap?: number;
}

/** The filters drawn as one picture, and where each one is. */
export interface FilterGrid {
  /** The picture (RGB). */
  readonly picture: Picture;
  /** Filters per row and rows. */
  readonly columns: number;
  readonly rows: number;
  /** Largest |weight| of each filter: its colour scale runs from −max (blue) to +max (red). */
  readonly maxAbs: number[];
}

/**
 * A first-layer weight `[C_out, 1, kH, kW]` as a grid of its C_out filters, each on its own
 * symmetric scale (−max|w| blue, 0 white, +max|w| red), so the sign pattern of every filter is
 * visible whatever its size; filters sit left to right, top to bottom, `gap` grey pixels apart.
 */
export function filterGrid(weight: Tensor, options: FilterGridOptions = {}): FilterGrid {
  if (weight.ndim !== 4 || weight.shape[1] !== 1)
    throw new ShapeError(
      `filterGrid: expected a first-layer weight [C_out, 1, kH, kW], got ${formatShape(weight.shape)}`,
    );
  const [count, , kh, kw] = weight.shape as [number, number, number, number];
  const scale = options.scale ?? 8;
  const gap = options.gap ?? 2;
  const columns = options.columns ?? Math.min(count, 8);
  if (!Number.isInteger(columns) || columns < 1)
    throw new ArgumentError(`filterGrid: columns must be a positive integer, got ${columns}`);
  if (!Number.isInteger(gap) || gap < 0)
    throw new ArgumentError(`filterGrid: gap must be a non-negative integer, got ${gap}`);
  const rows = Math.ceil(count / columns);
  const tw = kw * scale;
  const th = kh * scale;
  const width = columns * tw + (columns - 1) * gap;
  const height = rows * th + (rows - 1) * gap;
  const data = new Uint8Array(width * height * 3).fill(GAP_GREY);
  const maxAbs: number[] = [];
  for (let f = 0; f < count; f++) {
    let m = 0;
    for (let i = 0; i < kh * kw; i++)
      m = Math.max(m, Math.abs(weight.data[f * kh * kw + i] as number));
    maxAbs.push(m);
    const tile = new Uint8Array(kh * kw * 3);
    for (let i = 0; i < kh * kw; i++)
      tile.set(diverging((weight.data[f * kh * kw + i] as number) / (m || 1)), 3 * i);
    const big = enlarge({ width: kw, height: kh, channels: 3, data: tile }, scale);
    const x0 = (f % columns) * (tw + gap);
    const y0 = Math.floor(f / columns) * (th + gap);
    for (let y = 0; y < th; y++)
      data.set(big.data.subarray(y * tw * 3, (y + 1) * tw * 3), ((y0 + y) * width + x0) * 3);
  }
  return { picture: { width, height, channels: 3, data }, columns, rows, maxAbs };
}
