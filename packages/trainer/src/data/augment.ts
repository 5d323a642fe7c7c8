/** Image augmentation: integer shifts of `[N, C, H, W]` batches, seeded. */
import {
  ArgumentError,
  describe,
  formatShape,
  type Rng,
  ShapeError,
  type Tensor,
  tensor,
} from '@gradscope/core';

/** What fills the pixels a shift uncovers: a number, or `'min'` (each image channel's smallest value). */
export type ShiftFill = number | 'min';

/** Options of {@link randomShift} (and `DataLoader`'s `augment`). */
export interface ShiftOptions {
  /** Largest shift k in pixels: each image moves by (dy, dx) drawn uniformly from {−k, …, k}². */
  shift: number;
  /**
   * Value of the uncovered pixels (default 0). For standardised images pass their background
   * (`ImageSplit.background`), or `'min'`: each channel of each image is filled with its own
   * smallest value, the background of MNIST-like images whatever the normalisation.
   */
  fill?: ShiftFill;
}

function checkImages(where: string, x: unknown): Tensor {
  if (x === null || typeof x !== 'object' || !('shape' in x) || !('data' in x))
    throw new ArgumentError(`${where}: expected an image tensor [N, C, H, W], got ${describe(x)}`);
  const t = x as Tensor;
  if (t.ndim !== 4)
    throw new ShapeError(
      `${where}: expected images [N, C, H, W], got shape ${formatShape(t.shape)}`,
    );
  return t;
}

/** Checks a fill option (default 0). */
export function checkFill(where: string, v: unknown): ShiftFill {
  if (v === undefined) return 0;
  if (v !== 'min' && (typeof v !== 'number' || !Number.isFinite(v)))
    throw new ArgumentError(`${where}: fill must be a finite number or 'min', got ${describe(v)}`);
  return v;
}

/** Checks a largest shift k against images of height h and width w: an integer in [0, min(h, w)). */
export function checkShift(where: string, k: unknown, h: number, w: number): number {
  if (!Number.isSafeInteger(k) || (k as number) < 0 || (k as number) >= Math.min(h, w))
    throw new ArgumentError(
      `${where}: shift must be an integer in [0, ${Math.min(h, w) - 1}] for ${h} x ${w} images, got ${describe(k)}`,
    );
  return k as number;
}

/**
 * Moves each image of `x` `[N, C, H, W]` by its own (dy, dx) pixels, every channel alike:
 * out[n, c, i, j] = x[n, c, i − dy, j − dx] where that pixel exists, else the fill (positive dy
 * moves the content down, positive dx right). Returns a new tensor of the same shape and dtype
 * (data, not part of any graph).
 */
export function shiftImages(
  x: Tensor,
  shifts: ReadonlyArray<readonly [number, number]>,
  options: { fill?: ShiftFill } = {},
): Tensor {
  const t = checkImages('shiftImages', x);
  const [n, c, h, w] = t.shape as [number, number, number, number];
  if (!Array.isArray(shifts) || shifts.length !== n)
    throw new ArgumentError(
      `shiftImages: expected one [dy, dx] pair per image (${n}), got ${describe(shifts)}`,
    );
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`shiftImages: expected an options object, got ${describe(options)}`);
  const fill = checkFill('shiftImages', options.fill);
  for (const s of shifts)
    if (!Array.isArray(s) || s.length !== 2 || !s.every((d) => Number.isSafeInteger(d)))
      throw new ArgumentError(
        `shiftImages: each shift must be [dy, dx] integers, got ${describe(s)}`,
      );
  const src = t.data;
  const out = t.dtype === 'float64' ? new Float64Array(src.length) : new Float32Array(src.length);
  const plane = h * w;
  for (let img = 0; img < n; img++) {
    const [dy, dx] = shifts[img] as readonly [number, number];
    // Rows and columns of the output that come from inside the source.
    const i0 = Math.max(0, dy);
    const i1 = Math.min(h, h + dy);
    const j0 = Math.max(0, dx);
    const j1 = Math.min(w, w + dx);
    for (let ch = 0; ch < c; ch++) {
      const base = (img * c + ch) * plane;
      let value = fill as number;
      if (fill === 'min') {
        value = Number.POSITIVE_INFINITY;
        for (let p = base; p < base + plane; p++) value = Math.min(value, src[p] as number);
      }
      out.fill(value, base, base + plane);
      if (j0 >= j1) continue;
      for (let i = i0; i < i1; i++) {
        const from = base + (i - dy) * w + (j0 - dx);
        out.set(src.subarray(from, from + (j1 - j0)), base + i * w + j0);
      }
    }
  }
  return tensor(out, { shape: t.shape, dtype: t.dtype, copy: false });
}

/**
 * Random shift augmentation: each image of `x` `[N, C, H, W]` moves by (dy, dx) drawn uniformly
 * from {−k, …, k}² (k = `shift`; dy then dx per image, in row order, from `rng`), uncovered
 * pixels filled ({@link shiftImages}). The same as torchvision's `RandomCrop(size, padding=k,
 * fill)`; the same generator state gives the same shifts.
 */
export function randomShift(x: Tensor, options: ShiftOptions & { rng: Rng }): Tensor {
  const t = checkImages('randomShift', x);
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`randomShift: expected an options object, got ${describe(options)}`);
  const k = checkShift('randomShift', options.shift, t.shape[2] as number, t.shape[3] as number);
  const rng = options.rng;
  if (rng === null || typeof rng !== 'object' || typeof rng.int !== 'function')
    throw new ArgumentError(
      `randomShift: rng must come from createRng(seed), got ${describe(rng)}`,
    );
  const shifts = Array.from(
    { length: t.shape[0] as number },
    () => [rng.int(2 * k + 1) - k, rng.int(2 * k + 1) - k] as const,
  );
  return shiftImages(t, shifts, { fill: checkFill('randomShift', options.fill) });
}
