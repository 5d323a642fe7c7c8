/**
 * Compare mode: configuration B trained beside A (same data and seed) in a second worker. Off, the
 * view is its toggle and a preset link; on, a summary (step, test loss, steps/s for A and B),
 * both runs' per-layer gradients on one chart (one log y scale), both loss curves, and a table of
 * the per-layer numbers whose `data-flow` attributes carry the exact values (the browser test
 * compares them with Node). The "edit A / edit B" switch above the panels is {@link EditSwitch}.
 */
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { FlowStats } from '../../engine/probe.js';
import type { LossPoint } from '../../engine/session.js';
import { withCompare } from '../../state/state.js';
import { Chart, type ChartSpec } from '../charts/Chart.js';
import { update } from '../controller.js';
import { decade, sci } from '../format.js';
import { config, editing, info, infoB, losses, lossesB, snapshot, snapshotB } from '../store.js';

/** The preset link: sigmoid against ReLU, 12 hidden layers, everything else the default. */
export const SIGMOID_VS_RELU = '?depth=12&act=sigmoid&cmp=1&b.act=relu';

const A = '#1864ab';
const B = '#c2255c';
const positive = (v: number | undefined) =>
  v !== undefined && v > 0 && Number.isFinite(v) ? v : null;

function flowSpec(layers: number): ChartSpec {
  return {
    key: `compare-flow-${layers}`,
    height: 220,
    options: () => ({
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: [0.5, layers + 0.5] }, y: { distr: 3 } },
      axes: [
        {
          label: 'layer (input → output)',
          values: (_u, t) => t.map((x) => (Number.isInteger(x) ? String(x) : '')),
        },
        { label: 'gradient (log scale)', size: 70, values: (_u, t) => t.map(decade) },
      ],
      series: [
        {},
        { label: 'A RMS ∂ℓ/∂h', stroke: A, width: 2, points: { show: true, size: 5 } },
        { label: 'B RMS ∂ℓ/∂h', stroke: B, width: 2, points: { show: true, size: 5 } },
        { label: 'A ‖∂L/∂W‖', stroke: A, width: 1.5, dash: [5, 4] },
        { label: 'B ‖∂L/∂W‖', stroke: B, width: 1.5, dash: [5, 4] },
      ],
    }),
  };
}

const lossSpec: ChartSpec = {
  key: 'compare-loss',
  height: 180,
  options: () => ({
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false }, y: { distr: 3 } },
    axes: [{ label: 'epoch' }, { label: 'loss', size: 60, values: (_u, t) => t.map(decade) }],
    series: [
      {},
      { label: 'A test', stroke: A, width: 1.5, spanGaps: true },
      { label: 'B test', stroke: B, width: 1.5, spanGaps: true },
      { label: 'A train', stroke: A, width: 1, dash: [3, 3], spanGaps: true },
      { label: 'B train', stroke: B, width: 1, dash: [3, 3], spanGaps: true },
    ],
  }),
};

/** A's and B's loss points on one x axis (the union of their epochs; gaps spanned). */
function mergeLosses(a: readonly LossPoint[], b: readonly LossPoint[]): uPlot.AlignedData {
  const xs = [...new Set([...a.map((p) => p.epoch), ...b.map((p) => p.epoch)])].sort(
    (x, y) => x - y,
  );
  const at = new Map(xs.map((x, i) => [x, i]));
  const col = (pts: readonly LossPoint[], f: (p: LossPoint) => number) => {
    const out: Array<number | null> = xs.map(() => null);
    for (const p of pts) {
      const v = f(p);
      out[at.get(p.epoch) as number] = v > 0 && Number.isFinite(v) ? v : null;
    }
    return out;
  };
  return [
    xs,
    col(a, (p) => p.test),
    col(b, (p) => p.test),
    col(a, (p) => p.train),
    col(b, (p) => p.train),
  ];
}

const exact = (f: FlowStats | null) =>
  f === null
    ? ''
    : JSON.stringify({ step: f.step, rmsGradH: f.rmsGradH, weightGradNorm: f.weightGradNorm });

/** The switch above the network and training panels: which configuration they edit. */
export function EditSwitch() {
  if (!config.value.compare) return null;
  return (
    <fieldset class="panel edit-switch">
      <legend>Compare mode: the panels below edit</legend>
      {(['a', 'b'] as const).map((side) => (
        <label key={side} class="inline-option">
          <input
            type="radio"
            name="edit-side"
            id={`edit-${side}`}
            checked={editing.value === side}
            onChange={() => {
              editing.value = side;
            }}
          />{' '}
          configuration {side.toUpperCase()}
        </label>
      ))}
      <p class="note">Data and seed are shared.</p>
    </fieldset>
  );
}

export function CompareView() {
  const on = Boolean(config.value.compare);
  const ia = info.value;
  const ib = infoB.value;
  const sa = snapshot.value;
  const sb = snapshotB.value;
  const fa = (sa !== null && sa.run === ia?.run ? sa.flow : null) ?? ia?.initialFlow ?? null;
  const fb = (sb !== null && sb.run === ib?.run ? sb.flow : null) ?? ib?.initialFlow ?? null;
  const layers = Math.max(fa?.rmsGradH.length ?? 0, fb?.rmsGradH.length ?? 0);
  const flowData = useMemo<uPlot.AlignedData>(() => {
    const xs = Array.from({ length: layers }, (_, l) => l + 1);
    return [
      xs,
      xs.map((_, l) => positive(fa?.rmsGradH[l])),
      xs.map((_, l) => positive(fb?.rmsGradH[l])),
      xs.map((_, l) => positive(fa?.weightGradNorm[l])),
      xs.map((_, l) => positive(fb?.weightGradNorm[l])),
    ];
  }, [fa, fb, layers]);
  const la = losses.value;
  const lb = lossesB.value;
  const lossData = useMemo(() => mergeLosses(la, lb), [la, lb]);
  const toggle = (
    <label class="field-inline">
      <input
        type="checkbox"
        id="compare-toggle"
        checked={on}
        onChange={(e) =>
          update((s) => withCompare(s, (e.currentTarget as HTMLInputElement).checked))
        }
      />{' '}
      Compare with a second configuration (B)
    </label>
  );
  if (!on || ia === null || ib === null || fa === null || fb === null)
    return (
      <section class="panel" aria-labelledby="compare-heading">
        <h2 id="compare-heading">Compare</h2>
        {toggle}
        <p class="note">
          {on
            ? 'Starting configuration B…'
            : 'Train two configurations side by side on the same data and seed: B starts as a copy of A.'}{' '}
          Preset: <a href={SIGMOID_VS_RELU}>sigmoid vs ReLU at depth 12</a>.
        </p>
      </section>
    );
  const row = (name: string, i: typeof ia, s: typeof sa, l: readonly LossPoint[]) => {
    const last = l[l.length - 1];
    return (
      <tr>
        <th scope="row">{name}</th>
        <td>
          {i.activations.length} × {i.state.network.width} {i.activations[0]}
          {new Set(i.activations).size > 1 ? '…' : ''}, {i.state.training.optimizer}{' '}
          {i.state.training.lr}
        </td>
        <td id={`compare-step-${name.toLowerCase()}`}>{s?.step ?? 0}</td>
        <td data-value={last === undefined ? '' : String(last.test)}>
          {last === undefined ? '–' : last.test.toPrecision(3)}
        </td>
        <td>{s?.running ? Math.round(s.stepsPerSecond) : '–'}</td>
      </tr>
    );
  };
  return (
    <section class="panel" aria-labelledby="compare-heading">
      <h2 id="compare-heading">Compare</h2>
      {toggle}
      <div class="table-wrap">
        <table id="compare-summary">
          <thead>
            <tr>
              <th scope="col">run</th>
              <th scope="col">network, optimiser</th>
              <th scope="col">step</th>
              <th scope="col">test loss</th>
              <th scope="col">steps/s</th>
            </tr>
          </thead>
          <tbody>
            {row('A', ia, sa, la)}
            {row('B', ib, sb, lb)}
          </tbody>
        </table>
      </div>
      <Chart
        spec={flowSpec(layers)}
        data={flowData}
        id="compare-flow-chart"
        label="Per-layer RMS gradient and weight-gradient norm of A and B on one logarithmic scale"
      />
      <Chart
        spec={lossSpec}
        data={lossData}
        id="compare-loss-chart"
        label="Train and test loss of A and B by epoch, logarithmic scale"
      />
      <details>
        <summary>Per-layer numbers</summary>
        <div class="table-wrap">
          <table id="compare-flow">
            <thead>
              <tr>
                <th scope="col">layer</th>
                <th scope="col">A RMS ∂ℓ/∂h</th>
                <th scope="col">B RMS ∂ℓ/∂h</th>
                <th scope="col">A ‖∂L/∂W‖</th>
                <th scope="col">B ‖∂L/∂W‖</th>
              </tr>
            </thead>
            <tbody id="flow-table-a" data-flow={exact(fa)} data-step={fa.step}>
              {Array.from({ length: layers }, (_, l) => (
                <tr key={l}>
                  <th scope="row">{l + 1}</th>
                  <td>{sci(fa.rmsGradH[l])}</td>
                  <td>{sci(fb.rmsGradH[l])}</td>
                  <td>{sci(fa.weightGradNorm[l])}</td>
                  <td>{sci(fb.weightGradNorm[l])}</td>
                </tr>
              ))}
            </tbody>
            <tbody id="flow-table-b" data-flow={exact(fb)} data-step={fb.step} />
          </table>
        </div>
      </details>
    </section>
  );
}
