/**
 * The gradient-flow panel: per layer, live, RMS ∂ℓ/∂h (per example) and ‖∂L/∂W‖ on a log scale, with the
 * measurement at initialisation and the mean-field prediction for it (anchored at the last
 * hidden layer: the theory predicts how the gradient changes going down, not the loss's scale);
 * below, the table of every number (also as exact JSON in `data-flow` / `data-initial`, which
 * the browser test compares with Node), saturated and dead fractions and the update-to-weight
 * ratio; then the trainer monitors' warnings.
 */
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { FlowStats } from '../../engine/probe.js';
import type { Theory } from '../../engine/theory.js';
import { Chart, type ChartSpec } from '../charts/Chart.js';
import { decade, sci } from '../format.js';
import { info, snapshot } from '../store.js';

const positive = (v: number | undefined) =>
  v !== undefined && v > 0 && Number.isFinite(v) ? v : null;

/** Predicted RMS ∂ℓ/∂h per hidden layer, matched to `initial` at the last hidden layer. */
export function anchoredPrediction(theory: Theory, initial: FlowStats): Array<number | null> {
  if (!theory.available) return [];
  const depth = theory.relativeRmsGrad.length;
  const anchor = initial.rmsGradH[depth - 1] as number;
  return theory.relativeRmsGrad.map((r) => positive(r * anchor));
}

const pct = (v: number | undefined) => (v === undefined ? '–' : `${(100 * v).toFixed(0)}%`);

function specFor(layers: number): ChartSpec {
  return {
    key: `flow-${layers}`,
    height: 240,
    options: () => ({
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: [0.5, layers + 0.5] }, y: { distr: 3 } },
      axes: [
        {
          label: 'layer (input → output)',
          values: (_u, ticks) =>
            ticks.map((t) => (t === layers ? 'out' : Number.isInteger(t) ? String(t) : '')),
        },
        {
          label: 'gradient (log scale)',
          size: 70,
          values: (_u, ticks) => ticks.map(decade),
        },
      ],
      series: [
        {},
        { label: 'RMS ∂ℓ/∂h', stroke: '#1864ab', width: 2, points: { show: true, size: 5 } },
        { label: '‖∂L/∂W‖', stroke: '#e67700', width: 2, points: { show: true, size: 5 } },
        { label: 'RMS ∂ℓ/∂h at init', stroke: '#74c0fc', width: 1.5, dash: [6, 4] },
        {
          label: 'mean-field prediction at init',
          stroke: '#111',
          width: 1.5,
          dash: [2, 3],
          points: { show: true, size: 6, fill: '#fff' },
        },
      ],
    }),
  };
}

export function FlowPanel() {
  const i = info.value;
  const s = snapshot.value;
  const live = s !== null && s.run === i?.run ? s.flow : null;
  const flow = live ?? i?.initialFlow ?? null;
  const layers = i === null ? 0 : i.activations.length + 1;
  const predicted = useMemo(
    () => (i === null ? [] : anchoredPrediction(i.theory, i.initialFlow)),
    [i],
  );
  const data = useMemo<uPlot.AlignedData>(() => {
    const xs = Array.from({ length: layers }, (_, l) => l + 1);
    return [
      xs,
      xs.map((_, l) => positive(flow?.rmsGradH[l])),
      xs.map((_, l) => positive(flow?.weightGradNorm[l])),
      xs.map((_, l) => positive(i?.initialFlow.rmsGradH[l])),
      xs.map((_, l) => predicted[l] ?? null),
    ];
  }, [flow, i, predicted, layers]);
  if (i === null || flow === null) return <section class="panel">Gradient flow: waiting…</section>;
  const depth = i.activations.length;
  const first = flow.rmsGradH[0] as number;
  const lastHidden = flow.rmsGradH[depth - 1] as number;
  const ratio = Math.log10(first / lastHidden);
  const exact = JSON.stringify({
    step: flow.step,
    rmsGradH: flow.rmsGradH,
    weightGradNorm: flow.weightGradNorm,
  });
  const initial = JSON.stringify({
    step: 0,
    rmsGradH: i.initialFlow.rmsGradH,
    weightGradNorm: i.initialFlow.weightGradNorm,
  });
  return (
    <section class="panel flow" aria-labelledby="flow-heading">
      <h2 id="flow-heading">Gradient flow</h2>
      <p class="figures" id="flow-summary">
        Step {flow.step}: layer 1 gets{' '}
        <strong>{Number.isFinite(ratio) ? <Power10 e={ratio} /> : '0'}</strong> of layer {depth}
        ’s RMS gradient.{' '}
        {i.theory.available ? (
          <>
            Mean-field theory predicts <Power10 e={i.theory.log10Ratio} /> at initialisation
            (measured there:{' '}
            <Power10
              e={Math.log10(
                (i.initialFlow.rmsGradH[0] as number) /
                  (i.initialFlow.rmsGradH[depth - 1] as number),
              )}
            />
            ).
          </>
        ) : (
          <>No mean-field prediction: {i.theory.reason}.</>
        )}
      </p>
      <Chart
        spec={specFor(layers)}
        data={data}
        id="flow-chart"
        label="Per-layer RMS gradient of the pre-activations and weight-gradient norm, live and at initialisation, with the mean-field prediction, logarithmic scale"
      />
      <div class="table-wrap">
        <table id="flow-table" data-flow={exact} data-initial={initial} data-step={flow.step}>
          <caption>
            Per layer at step {flow.step} (batch loss {flow.loss.toPrecision(4)}). ℓ is one
            example's loss (the batch's ∂L/∂h times its rows); ∂L/∂W is the batch's. At init: the
            whole training set before any update.
          </caption>
          <thead>
            <tr>
              <th scope="col">layer</th>
              <th scope="col">activation</th>
              <th scope="col">RMS ∂ℓ/∂h</th>
              <th scope="col">‖∂L/∂W‖</th>
              <th scope="col">‖ΔW‖/‖W‖</th>
              <th scope="col">saturated</th>
              <th scope="col">dead</th>
              <th scope="col">RMS ∂ℓ/∂h at init</th>
              <th scope="col">theory at init</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: layers }, (_, l) => (
              <tr key={l}>
                <th scope="row">{l === depth ? 'out' : l + 1}</th>
                <td>{l === depth ? '(logits)' : i.activations[l]}</td>
                <td>{sci(flow.rmsGradH[l])}</td>
                <td>{sci(flow.weightGradNorm[l])}</td>
                <td>{sci(flow.updateRatio[l])}</td>
                <td>{l === depth ? '' : pct(flow.saturated[l])}</td>
                <td>{l === depth ? '' : pct(flow.dead[l])}</td>
                <td>{sci(i.initialFlow.rmsGradH[l])}</td>
                <td>{l === depth ? '' : sci(predicted[l] ?? undefined)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Warnings />
    </section>
  );
}

/** 10 to the power `e` (one decimal), as 10<sup>e</sup>. */
function Power10(p: { e: number }) {
  return (
    <>
      10<sup>{p.e.toFixed(1).replace('-', '−')}</sup>
    </>
  );
}

/** The trainer monitors' warnings, in plain words. */
function Warnings() {
  const w = snapshot.value?.warnings ?? [];
  return (
    <div id="warnings" role="status" aria-live="polite">
      {w.length === 0 ? (
        <p class="note">No warnings from the gradient-flow, saturation and dead-unit monitors.</p>
      ) : (
        <ul class="warnings">
          {w.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
