/**
 * TensorFlow Playground's network diagram for small networks (up to `DIAGRAM_LIMITS`: 8 hidden
 * layers of 16 units): each input feature and hidden neuron as a thumbnail of its output over the
 * input plane (orange–white–blue, scaled per neuron by its largest |value|), the output units as
 * boxes, and a line per weight, blue for positive and orange for negative, its width the weight's
 * size relative to the largest |w| of its layer. Updated with the heatmap (the worker computes it
 * in the same pass). With residual blocks a hidden neuron is the block's output x + f(x); norms
 * are not drawn. Larger networks get a one-line summary instead.
 */
import { useEffect, useRef } from 'preact/hooks';
import { DIAGRAM_LIMITS, fitsDiagram } from '../../engine/neurons.js';
import { heatmapSnapshot, info } from '../store.js';

const NODE = 28;
const COL = NODE + 56;
const ROW = NODE + 8;
const POS = '#0877bd';
const NEG = '#f59322';
/** Line widths are |w| / max |w| of the layer in this many steps. */
const WIDTH_STEPS = 8;

function Thumb(p: { values: ArrayLike<number>; offset: number; stride: number; size: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current?.getContext('2d');
    if (c === null || c === undefined) return;
    const n = p.size * p.size;
    let max = 0;
    for (let i = 0; i < n; i++)
      max = Math.max(max, Math.abs(p.values[p.offset + i * p.stride] ?? 0));
    const img = c.createImageData(p.size, p.size);
    for (let i = 0; i < n; i++) {
      const v = max > 0 ? (p.values[p.offset + i * p.stride] ?? 0) / max : 0;
      const t = Math.abs(Number.isFinite(v) ? v : 0);
      const to = v < 0 ? [245, 147, 34] : [8, 119, 189];
      const mid = [232, 234, 235];
      for (let k = 0; k < 3; k++)
        img.data[4 * i + k] = Math.round(
          (mid[k] as number) + ((to[k] as number) - (mid[k] as number)) * t,
        );
      img.data[4 * i + 3] = 255;
    }
    c.putImageData(img, 0, 0);
  });
  return <canvas ref={ref} width={p.size} height={p.size} class="thumb" />;
}

/**
 * The weight lines on one canvas (thousands of SVG elements re-rendered ten times a second
 * cost the main thread over 50 ms); `data-lines` says how many were drawn.
 */
function Lines(p: {
  weights: readonly Float32Array[];
  sizes: readonly number[];
  y: (c: number, r: number) => number;
  width: number;
  height: number;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const dpr = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
  useEffect(() => {
    const el = ref.current;
    const c = el?.getContext('2d');
    if (el === null || el === undefined || c === null || c === undefined) return;
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.clearRect(0, 0, p.width, p.height);
    // One path per colour and width step (16 strokes, not one per weight).
    const paths = Array.from({ length: 2 * WIDTH_STEPS }, () => new Path2D());
    let count = 0;
    p.weights.forEach((w, l) => {
      const ins = p.sizes[l] as number;
      const outs = p.sizes[l + 1] as number;
      let max = 0;
      for (const v of w) max = Math.max(max, Math.abs(v));
      for (let o = 0; o < outs; o++)
        for (let a = 0; a < ins; a++) {
          const v = w[o * ins + a] as number;
          const k =
            max > 0 ? Math.min(WIDTH_STEPS - 1, Math.floor((WIDTH_STEPS * Math.abs(v)) / max)) : 0;
          const path = paths[(v >= 0 ? 0 : WIDTH_STEPS) + k] as Path2D;
          path.moveTo(l * COL + NODE, p.y(l, a) + NODE / 2);
          path.lineTo((l + 1) * COL, p.y(l + 1, o) + NODE / 2);
          count++;
        }
    });
    paths.forEach((path, i) => {
      c.strokeStyle = i < WIDTH_STEPS ? POS : NEG;
      c.lineWidth = 0.25 + (3 * ((i % WIDTH_STEPS) + 0.5)) / WIDTH_STEPS;
      c.stroke(path);
    });
    el.dataset.lines = String(count);
  });
  return (
    <canvas
      ref={ref}
      id="diagram-lines"
      width={Math.round(p.width * dpr)}
      height={Math.round(p.height * dpr)}
      style={{ width: `${p.width}px`, height: `${p.height}px` }}
      role="img"
      aria-label="Weights between the neurons: blue positive, orange negative, width the size"
    />
  );
}

export function NetworkDiagram() {
  const i = info.value;
  const h = heatmapSnapshot.value;
  if (i === null) return <section class="panel">Network diagram: waiting…</section>;
  const n = i.state.network;
  if (!fitsDiagram(n))
    return (
      <section class="panel" aria-labelledby="diagram-heading">
        <h2 id="diagram-heading">Network</h2>
        <p class="note" id="diagram-summary">
          {n.depth} hidden layers × {n.width} units: the neuron-by-neuron diagram is drawn for up to{' '}
          {DIAGRAM_LIMITS.depth} hidden layers of at most {DIAGRAM_LIMITS.width} units. The
          gradient-flow panel shows every layer of this one.
        </p>
      </section>
    );
  const m = h !== null && h.run === i.run ? (h.neurons ?? null) : null;
  if (m === null) return <section class="panel">Network diagram: waiting…</section>;
  const k = m.inputs.length;
  const outputs = (m.weights[m.weights.length - 1]?.length ?? 0) / m.width;
  const sizes = [k, ...m.hidden.map(() => m.width), outputs];
  const rows = Math.max(...sizes);
  const width = (sizes.length - 1) * COL + NODE;
  const height = rows * ROW;
  const y = (c: number, r: number) => ((rows - (sizes[c] as number)) * ROW) / 2 + r * ROW;
  const at = (c: number, r: number) => ({ left: `${c * COL}px`, top: `${y(c, r)}px` });
  return (
    <section class="panel" aria-labelledby="diagram-heading">
      <h2 id="diagram-heading">Network</h2>
      <p class="note">
        Each neuron's output over the input plane (scaled to its own largest value; blue positive,
        orange negative); lines are weights (colour the sign, width the size within the layer)
        {n.residual ? '; with residual blocks a neuron is the block output x + f(x)' : ''}
        {n.norm !== 'none' ? '; the normalisation before each activation is not drawn' : ''}.
      </p>
      <div class="table-wrap">
        <div class="diagram" id="diagram" style={{ width: `${width}px`, height: `${height}px` }}>
          <Lines weights={m.weights} sizes={sizes} y={y} width={width} height={height} />
          {m.inputs.map((v, r) => (
            <div class="node" style={at(0, r)} key={`in-${r}`} title={i.inputNames[r]}>
              <Thumb values={v} offset={0} stride={1} size={m.size} />
            </div>
          ))}
          {m.hidden.map((v, l) =>
            Array.from({ length: m.width }, (_, u) => (
              <div
                class="node"
                style={at(l + 1, u)}
                key={`h-${l}-${u}`}
                title={`layer ${l + 1}, unit ${u + 1}`}
              >
                <Thumb values={v} offset={u} stride={m.width} size={m.size} />
              </div>
            )),
          )}
          {Array.from({ length: outputs }, (_, o) => (
            <div
              class="node out"
              style={at(sizes.length - 1, o)}
              key={`o-${o}`}
              title={i.classes[o] ?? 'output'}
            >
              {(i.classes[o] ?? 'out').slice(0, 3)}
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
