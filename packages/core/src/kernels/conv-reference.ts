/**
 * The convolution kernels as the plain loops of their definitions (see {@link ConvGeometry}):
 * the reference every faster backend is tested against. Each output element is one sum, written
 * once, so the sums run in float64 whatever the dtype. Padding is zeros that take part in the
 * products (0 · Inf is NaN, as with an explicitly padded input and im2col).
 */
import type { TypedArray } from '../dtype.js';
import type { ConvGeometry } from './kernels.js';

/** `out[n, o, i, j] = bias[o] + Σ_{c, p, q} x[n, g·cg + c, i·sh − ph + p·dh, j·sw − pw + q·dw] · w[o, c, p, q]`. */
export function referenceConv2d(
  x: TypedArray,
  w: TypedArray,
  bias: TypedArray | null,
  out: TypedArray,
  geo: ConvGeometry,
): void {
  const { n, c, h, w: wd, o, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, groups } = geo;
  const cg = c / groups;
  const og = o / groups;
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < o; oc++) {
      const c0 = Math.floor(oc / og) * cg;
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++) {
          let acc = bias === null ? 0 : (bias[oc] as number);
          for (let ci = 0; ci < cg; ci++) {
            for (let p = 0; p < kh; p++) {
              const y = i * sh - ph + p * dh;
              for (let q = 0; q < kw; q++) {
                const xc = j * sw - pw + q * dw;
                const inside = y >= 0 && y < h && xc >= 0 && xc < wd;
                const xv = inside ? (x[((b * c + c0 + ci) * h + y) * wd + xc] as number) : 0;
                acc += xv * (w[((oc * cg + ci) * kh + p) * kw + q] as number);
              }
            }
          }
          out[((b * o + oc) * oh + i) * ow + j] = acc;
        }
      }
    }
  }
}

/**
 * `gx[n, g·cg + c, y, x] = Σ g[n, o, i, j] · w[o, c, p, q]` over the outputs `(o, i, j)` of its
 * group whose tap `(p, q)` reads `(y, x)`: `i·sh − ph + p·dh = y`, `j·sw − pw + q·dw = x`.
 */
export function referenceConv2dInputGrad(
  g: TypedArray,
  w: TypedArray,
  gx: TypedArray,
  geo: ConvGeometry,
): void {
  const { n, c, h, w: wd, o, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, groups } = geo;
  const cg = c / groups;
  const og = o / groups;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const grp = Math.floor(ch / cg);
      const ci = ch - grp * cg;
      for (let y = 0; y < h; y++) {
        for (let xc = 0; xc < wd; xc++) {
          let acc = 0;
          for (let oc = grp * og; oc < (grp + 1) * og; oc++) {
            for (let p = 0; p < kh; p++) {
              const ti = y + ph - p * dh;
              if (ti < 0 || ti % sh !== 0 || ti / sh >= oh) continue;
              const i = ti / sh;
              for (let q = 0; q < kw; q++) {
                const tj = xc + pw - q * dw;
                if (tj < 0 || tj % sw !== 0 || tj / sw >= ow) continue;
                const j = tj / sw;
                acc +=
                  (g[((b * o + oc) * oh + i) * ow + j] as number) *
                  (w[((oc * cg + ci) * kh + p) * kw + q] as number);
              }
            }
          }
          gx[((b * c + ch) * h + y) * wd + xc] = acc;
        }
      }
    }
  }
}

/** `gw[o, c, p, q] = Σ_{n, i, j} g[n, o, i, j] · x[n, g·cg + c, i·sh − ph + p·dh, j·sw − pw + q·dw]`. */
export function referenceConv2dWeightGrad(
  g: TypedArray,
  x: TypedArray,
  gw: TypedArray,
  geo: ConvGeometry,
): void {
  const { n, c, h, w: wd, o, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, groups } = geo;
  const cg = c / groups;
  const og = o / groups;
  for (let oc = 0; oc < o; oc++) {
    const c0 = Math.floor(oc / og) * cg;
    for (let ci = 0; ci < cg; ci++) {
      for (let p = 0; p < kh; p++) {
        for (let q = 0; q < kw; q++) {
          let acc = 0;
          for (let b = 0; b < n; b++) {
            for (let i = 0; i < oh; i++) {
              const y = i * sh - ph + p * dh;
              for (let j = 0; j < ow; j++) {
                const xc = j * sw - pw + q * dw;
                const inside = y >= 0 && y < h && xc >= 0 && xc < wd;
                const xv = inside ? (x[((b * c + c0 + ci) * h + y) * wd + xc] as number) : 0;
                acc += (g[((b * o + oc) * oh + i) * ow + j] as number) * xv;
              }
            }
          }
          gw[((oc * cg + ci) * kh + p) * kw + q] = acc;
        }
      }
    }
  }
}
