/**
 * The output heatmap over [−6, 6]² with the training points (white rim) and, optionally, the
 * test points (black rim). Two classes and regression use TensorFlow Playground's diverging
 * orange–white–blue; more classes one colour each, faded by confidence.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { DOMAIN } from '../../engine/heatmap.js';
import type { PointSet } from '../../worker/protocol.js';
import { heatmapSnapshot, info } from '../store.js';

const NEG = [245, 147, 34];
const MID = [232, 234, 235];
const POS = [8, 119, 189];
const PALETTE = [
  [245, 147, 34],
  [8, 119, 189],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
];

/** Colour of v ∈ [−1, 1] on the diverging scale. */
function diverging(v: number): number[] {
  const t = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  const [a, b] = t < 0 ? [MID, NEG] : [MID, POS];
  const u = Math.abs(t);
  return [0, 1, 2].map((i) =>
    Math.round((a[i] as number) + ((b[i] as number) - (a[i] as number)) * u),
  );
}

const css = (c: number[]) => `rgb(${c[0]},${c[1]},${c[2]})`;

export function HeatmapView() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [showTest, setShowTest] = useState(true);
  const s = heatmapSnapshot.value;
  const i = info.value;

  useEffect(() => {
    const el = canvas.current;
    const h = s?.heatmap;
    if (el === null || i === null || h === null || h === undefined || s?.run !== i.run) return;
    const ctx = el.getContext('2d');
    if (ctx === null) return;
    const px = el.width;
    const [lo, hi] = i.targetRange;
    const toUnit = (v: number) => (i.kind === 'regression' ? (2 * (v - lo)) / (hi - lo) - 1 : v);
    const img = new ImageData(h.size, h.size);
    for (let k = 0; k < h.size * h.size; k++) {
      let c: number[];
      if (h.classes.length > 0) {
        const base = PALETTE[(h.classes[k] as number) % PALETTE.length] as number[];
        const conf = h.values[k] as number;
        c = base.map((x, j) => Math.round((MID[j] as number) + (x - (MID[j] as number)) * conf));
      } else c = diverging(toUnit(h.values[k] as number));
      img.data.set([c[0] as number, c[1] as number, c[2] as number, 255], 4 * k);
    }
    const small = new OffscreenCanvas(h.size, h.size);
    small.getContext('2d')?.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, px, px);
    const [d0, d1] = DOMAIN;
    const scale = (v: number) => ((v - d0) / (d1 - d0)) * px;
    const colourOf = (label: number) =>
      i.kind === 'regression'
        ? css(diverging(toUnit(label)))
        : i.classes.length > 2
          ? css(PALETTE[label % PALETTE.length] as number[])
          : css(label === 1 ? POS : NEG);
    const draw = (p: PointSet, rim: string) => {
      ctx.lineWidth = 1;
      ctx.strokeStyle = rim;
      for (let k = 0; k < p.labels.length; k++) {
        ctx.beginPath();
        ctx.arc(
          scale(p.xy[2 * k] as number),
          px - scale(p.xy[2 * k + 1] as number),
          3,
          0,
          2 * Math.PI,
        );
        ctx.fillStyle = colourOf(p.labels[k] as number);
        ctx.fill();
        ctx.stroke();
      }
    };
    draw(i.train, '#fff');
    if (showTest) draw(i.test, '#000');
  }, [s, i, showTest]);

  const summary =
    i === null
      ? 'no data yet'
      : `${i.kind === 'regression' ? 'Regression' : `${i.classes.length}-class`} output over X₁ and X₂ from −6 to 6, ${i.train.labels.length} training points${showTest ? ` and ${i.test.labels.length} test points` : ''}`;
  return (
    <section class="panel" aria-labelledby="heatmap-heading">
      <h2 id="heatmap-heading">Output</h2>
      <div class="heatmap-wrap">
        <canvas
          id="heatmap"
          ref={canvas}
          width={400}
          height={400}
          role="img"
          aria-label={summary}
        />
        <div class="axis-x" aria-hidden="true">
          <span>−6</span>
          <span>X₁</span>
          <span>6</span>
        </div>
      </div>
      <div class="field check">
        <input
          id="show-test"
          type="checkbox"
          checked={showTest}
          onChange={(e) => setShowTest((e.currentTarget as HTMLInputElement).checked)}
        />
        <label for="show-test">Show test data</label>
      </div>
      {i !== null && i.kind === 'classification' && (
        <ul class="legend" aria-label="classes">
          {i.classes.map((c, k) => (
            <li key={c}>
              <span
                class="swatch"
                style={{
                  background:
                    i.classes.length > 2
                      ? css(PALETTE[k % PALETTE.length] as number[])
                      : css(k === 1 ? POS : NEG),
                }}
              />
              {c}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
