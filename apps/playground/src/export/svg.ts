/**
 * The loss chart as SVG. uPlot draws on canvas and has no SVG output, and no small, well-kept
 * library turns uPlot's series into SVG, so the SVG is drawn here from the same series the chart
 * shows (train and test loss by epoch, log scale): one `<path>` per series (with
 * `data-series` naming it), the decade grid and labels.
 */
import type { LossPoint } from '../engine/session.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** An SVG document of width × height for the loss history. */
export function lossSvg(points: readonly LossPoint[], width = 640, height = 240): string {
  const m = { l: 56, r: 12, t: 12, b: 36 };
  const ok = (v: number) => v > 0 && Number.isFinite(v);
  const ys = points.flatMap((p) => [p.train, p.test]).filter(ok);
  const x0 = points[0]?.epoch ?? 0;
  const x1 = Math.max(x0 + 1e-9, points[points.length - 1]?.epoch ?? 1);
  const d0 = Math.floor(Math.log10(ys.length > 0 ? Math.min(...ys) : 0.1));
  const d1 = Math.max(d0 + 1, Math.ceil(Math.log10(ys.length > 0 ? Math.max(...ys) : 1)));
  const px = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (width - m.l - m.r);
  const py = (y: number) => m.t + ((d1 - Math.log10(y)) / (d1 - d0)) * (height - m.t - m.b);
  const path = (key: 'train' | 'test') => {
    let d = '';
    let pen = 'M';
    for (const p of points) {
      const v = p[key];
      if (!ok(v)) {
        pen = 'M';
        continue;
      }
      d += `${pen}${px(p.epoch).toFixed(2)},${py(v).toFixed(2)}`;
      pen = 'L';
    }
    return d;
  };
  const grid: string[] = [];
  for (let k = d0; k <= d1; k++) {
    const y = py(10 ** k).toFixed(2);
    grid.push(
      `<line x1="${m.l}" x2="${width - m.r}" y1="${y}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${m.l - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">1e${k}</text>`,
    );
  }
  const series = [
    ['train', '#555'],
    ['test', '#d9480f'],
  ] as const;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${esc('Train and test loss by epoch, logarithmic scale')}</title>`,
    ...grid,
    `<line x1="${m.l}" x2="${width - m.r}" y1="${height - m.b}" y2="${height - m.b}" stroke="#888"/>`,
    `<text x="${m.l}" y="${height - 8}">epoch ${+x0.toFixed(3)}</text>`,
    `<text x="${width - m.r}" y="${height - 8}" text-anchor="end">epoch ${+x1.toFixed(3)}</text>`,
    ...series.map(
      ([key, colour]) =>
        `<path data-series="${key}" d="${path(key)}" fill="none" stroke="${colour}" stroke-width="1.5"><title>${key} loss</title></path>`,
    ),
    '</svg>',
  ].join('\n');
}
