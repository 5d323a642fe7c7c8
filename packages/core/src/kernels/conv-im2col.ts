/**
 * Convolutions as matrix products (the im2col method): the input patches each output reads are
 * copied into the columns of a matrix ("im2col"), so that the convolution of one image and group
 * is the product `weight [o/groups, k] @ cols [k, oh·ow]` with `k = c/groups · kh · kw`. The
 * input gradient is the transposed product followed by the adjoint copy ("col2im", which adds
 * each column entry back where it was read from); the weight gradient is `g @ colsᵀ` summed over
 * the batch. The products run on a backend's {@link Kernels.matmul}.
 */
import type { TypedArray } from '../dtype.js';
import type { ConvGeometry, Kernels } from './kernels.js';

/** Elements of im2col scratch per call: images are taken in chunks that fit. */
const CHUNK_ELEMENTS = 1 << 22;

/**
 * The first and one-past-last output index along an axis whose tap reads inside `[0, size)`:
 * `0 <= j·stride − pad + off < size`, with `off = tap · dilation`.
 */
function validRange(
  size: number,
  out: number,
  stride: number,
  pad: number,
  off: number,
): [number, number] {
  const lo = Math.min(out, Math.max(0, Math.ceil((pad - off) / stride)));
  const hi = Math.min(out, Math.floor((size - 1 + pad - off) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * Writes the patches of one image's group of `cg` channels (starting at `x[xOff]`) into `cols`:
 * row `(ci·kh + p)·kw + q`, column `i·ow + j` at `cols[colOff + row·ld + i·ow + j]`.
 */
export function im2col(
  x: TypedArray,
  xOff: number,
  geo: ConvGeometry,
  cg: number,
  cols: TypedArray,
  colOff: number,
  ld: number,
): void {
  const { h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw } = geo;
  let row = colOff;
  for (let ci = 0; ci < cg; ci++) {
    const plane = xOff + ci * h * w;
    for (let p = 0; p < kh; p++) {
      const [ilo, ihi] = validRange(h, oh, sh, ph, p * dh);
      for (let q = 0; q < kw; q++, row += ld) {
        const [jlo, jhi] = validRange(w, ow, sw, pw, q * dw);
        cols.fill(0, row, row + ilo * ow);
        for (let i = ilo; i < ihi; i++) {
          const d = row + i * ow;
          let s = plane + (i * sh - ph + p * dh) * w + jlo * sw - pw + q * dw;
          for (let j = 0; j < jlo; j++) cols[d + j] = 0;
          if (sw === 1) for (let j = jlo; j < jhi; j++, s++) cols[d + j] = x[s] as number;
          else for (let j = jlo; j < jhi; j++, s += sw) cols[d + j] = x[s] as number;
          for (let j = jhi; j < ow; j++) cols[d + j] = 0;
        }
        cols.fill(0, row + ihi * ow, row + oh * ow);
      }
    }
  }
}

/** The adjoint of {@link im2col}: adds every column entry into `gx` where im2col read it. */
export function col2im(
  cols: TypedArray,
  colOff: number,
  ld: number,
  geo: ConvGeometry,
  cg: number,
  gx: TypedArray,
  gxOff: number,
): void {
  const { h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw } = geo;
  let row = colOff;
  for (let ci = 0; ci < cg; ci++) {
    const plane = gxOff + ci * h * w;
    for (let p = 0; p < kh; p++) {
      const [ilo, ihi] = validRange(h, oh, sh, ph, p * dh);
      for (let q = 0; q < kw; q++, row += ld) {
        const [jlo, jhi] = validRange(w, ow, sw, pw, q * dw);
        for (let i = ilo; i < ihi; i++) {
          const d = row + i * ow;
          let s = plane + (i * sh - ph + p * dh) * w + jlo * sw - pw + q * dw;
          for (let j = jlo; j < jhi; j++, s += sw)
            gx[s] = (gx[s] as number) + (cols[d + j] as number);
        }
      }
    }
  }
}

let scratch32 = new Float32Array(0);
let scratch64 = new Float64Array(0);

/** A scratch array of `like`'s float type with at least `n` elements (reused between calls). */
function scratch(like: TypedArray, n: number): TypedArray {
  if (like instanceof Float32Array) {
    if (scratch32.length < n) scratch32 = new Float32Array(n);
    return scratch32;
  }
  if (scratch64.length < n) scratch64 = new Float64Array(n);
  return scratch64;
}

/** Images per chunk so that a chunk's columns (`k · l` each) fit the scratch budget. */
function chunkSize(n: number, k: number, l: number): number {
  return Math.max(1, Math.min(n, Math.floor(CHUNK_ELEMENTS / Math.max(1, k * l))));
}

/** The three convolution kernels of {@link Kernels} by im2col and the given matrix product. */
export function im2colConvKernels(
  mm: Kernels['matmul'],
): Pick<Kernels, 'conv2d' | 'conv2dInputGrad' | 'conv2dWeightGrad'> {
  return {
    conv2d(x, w, bias, out, geo) {
      const { n, c, h, w: wd, o, kh, kw, oh, ow, groups } = geo;
      const cg = c / groups;
      const og = o / groups;
      const k = cg * kh * kw;
      const l = oh * ow;
      const chunk = chunkSize(n, k, l);
      const cols = scratch(out, chunk * k * l);
      for (let b0 = 0; b0 < n; b0 += chunk) {
        const nb = Math.min(chunk, n - b0);
        for (let grp = 0; grp < groups; grp++) {
          for (let t = 0; t < nb; t++)
            im2col(x, ((b0 + t) * c + grp * cg) * h * wd, geo, cg, cols, t * k * l, l);
          if (groups === 1) {
            // One call for the chunk: the weight is packed once, each image's output follows the
            // previous one in `out`.
            const aOff = new Array<number>(nb).fill(0);
            const bOff = Array.from({ length: nb }, (_, t) => t * k * l);
            mm(
              w,
              aOff,
              cols,
              bOff,
              out.subarray(b0 * o * l, (b0 + nb) * o * l),
              o,
              k,
              l,
              false,
              false,
            );
          } else {
            for (let t = 0; t < nb; t++) {
              const at = ((b0 + t) * o + grp * og) * l;
              mm(
                w,
                [grp * og * k],
                cols,
                [t * k * l],
                out.subarray(at, at + og * l),
                og,
                k,
                l,
                false,
                false,
              );
            }
          }
        }
      }
      if (bias !== null) {
        for (let b = 0; b < n; b++) {
          for (let oc = 0; oc < o; oc++) {
            const v = bias[oc] as number;
            const at = (b * o + oc) * l;
            for (let s = at; s < at + l; s++) out[s] = (out[s] as number) + v;
          }
        }
      }
    },

    conv2dInputGrad(g, w, gx, geo) {
      const { n, c, h, w: wd, o, kh, kw, oh, ow, groups } = geo;
      const cg = c / groups;
      const og = o / groups;
      const k = cg * kh * kw;
      const l = oh * ow;
      gx.fill(0, 0, n * c * h * wd);
      const chunk = chunkSize(n, k, l);
      const cols = scratch(gx, chunk * k * l);
      for (let b0 = 0; b0 < n; b0 += chunk) {
        const nb = Math.min(chunk, n - b0);
        for (let grp = 0; grp < groups; grp++) {
          // cols[t] = w_grpᵀ [k x og] @ g[b0 + t, grp] [og x l]
          const aOff = new Array<number>(nb).fill(grp * og * k);
          const bOff = Array.from({ length: nb }, (_, t) => ((b0 + t) * o + grp * og) * l);
          mm(w, aOff, g, bOff, cols, k, og, l, true, false);
          for (let t = 0; t < nb; t++)
            col2im(cols, t * k * l, l, geo, cg, gx, ((b0 + t) * c + grp * cg) * h * wd);
        }
      }
    },

    conv2dWeightGrad(g, x, gw, geo) {
      const { n, c, h, w: wd, o, kh, kw, oh, ow, groups } = geo;
      const cg = c / groups;
      const og = o / groups;
      const k = cg * kh * kw;
      const l = oh * ow;
      gw.fill(0, 0, o * k);
      if (n === 0 || l === 0) return;
      const chunk = chunkSize(n, k, l);
      // The chunk's columns side by side ([k, nb·l]), its gradient rows likewise ([og, nb·l]),
      // and the chunk's product before it is added to gw.
      const cols = scratch(gw, chunk * k * l + chunk * og * l + og * k);
      const gOff = chunk * k * l;
      const pOff = gOff + chunk * og * l;
      for (let b0 = 0; b0 < n; b0 += chunk) {
        const nb = Math.min(chunk, n - b0);
        const ld = nb * l;
        for (let grp = 0; grp < groups; grp++) {
          for (let t = 0; t < nb; t++) {
            im2col(x, ((b0 + t) * c + grp * cg) * h * wd, geo, cg, cols, t * l, ld);
            for (let oc = 0; oc < og; oc++) {
              const src = ((b0 + t) * o + grp * og + oc) * l;
              cols.set(g.subarray(src, src + l), gOff + oc * ld + t * l);
            }
          }
          // gw_grp [og x k] += G [og x nb·l] @ colsᵀ (cols stored [k x nb·l]).
          const part = cols.subarray(pOff, pOff + og * k);
          mm(
            cols.subarray(gOff, gOff + og * ld),
            [0],
            cols.subarray(0, k * ld),
            [0],
            part,
            og,
            ld,
            k,
            false,
            true,
          );
          const at = grp * og * k;
          for (let s = 0; s < og * k; s++)
            gw[at + s] = (gw[at + s] as number) + (part[s] as number);
        }
      }
    },
  };
}
