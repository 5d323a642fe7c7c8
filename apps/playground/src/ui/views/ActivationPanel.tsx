/**
 * The activation panel: f and f′ of the chosen layer's activation on [−5, 5] (f′ by the op's
 * own backward rule, through the trainer's `Activation.derivative`), its metadata from the
 * catalogue and its note — the seed article's points (step's zero gradient, sigmoid's f′ ≤ 1/4
 * and non-zero-centred output, tanh's saturation, ReLU's dead side and kink) as the
 * activations package records them for every activation, the same notes the vanishing-gradients
 * report prints.
 */
import { getActivation } from '@gradscope/activations';
import { linspace } from '@gradscope/core';
import { useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { activationLayer } from '../../engine/network.js';
import { activationOf, paramsOf } from '../../state/state.js';
import { Chart, type ChartSpec } from '../charts/Chart.js';
import { Select } from '../fields.js';
import { config } from '../store.js';

const spec: ChartSpec = {
  key: 'activation',
  height: 180,
  options: () => ({
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false }, y: { range: [-2, 3] } },
    axes: [{ label: 'x' }, { size: 40 }],
    series: [
      {},
      { label: 'f(x)', stroke: '#1f77b4', width: 2 },
      { label: 'f′(x)', stroke: '#d62728', width: 2 },
    ],
  }),
};

const bound = (v: number) =>
  v === Number.POSITIVE_INFINITY
    ? '∞'
    : v === Number.NEGATIVE_INFINITY
      ? '−∞'
      : String(Math.round(v * 1e4) / 1e4);
const yes = (b: boolean) => (b ? 'yes' : 'no');

/** f and f′ on 201 points of [−5, 5], with the state's parameters. */
function curves(name: string, params?: Readonly<Record<string, number>>): uPlot.AlignedData {
  const xs = linspace(-5, 5, 201, { dtype: 'float64' });
  const a = activationLayer(name, params, 'float64');
  const f = a.call(xs).data;
  const df = a.derivative(xs).data;
  return [Array.from(xs.data), Array.from(f), Array.from(df)];
}

export function ActivationPanel() {
  const n = config.value.network;
  const [layer, setLayer] = useState(0);
  const l = Math.min(layer, n.depth - 1);
  const name = n.layerActivations === null ? n.activation : activationOf(n, l);
  const params = paramsOf(n, name);
  const data = useMemo(() => curves(name, params), [name, params]);
  const m = getActivation(name).meta;
  const r = m.range;
  const shown =
    params === undefined
      ? ''
      : ` (${Object.entries(params)
          .map(([k, v]) => `${k} = ${v}`)
          .join(', ')})`;
  return (
    <section class="panel" aria-labelledby="activation-heading">
      <h2 id="activation-heading">
        Activation: {m.displayName}
        {shown}
      </h2>
      {n.layerActivations !== null && (
        <Select
          id="activation-layer"
          label="Show the activation of"
          value={l}
          options={Array.from({ length: n.depth }, (_, k) => ({
            value: k,
            label: `layer ${k + 1} (${activationOf(n, k)})`,
          }))}
          onChange={setLayer}
        />
      )}
      <Chart
        spec={spec}
        data={data}
        id="activation-chart"
        label={`${m.displayName} and its derivative on −5 to 5`}
      />
      {params !== undefined && (
        <p class="note">The curves use these parameters; the table below is for the defaults.</p>
      )}
      <dl class="meta" id="activation-meta">
        <dt>formula</dt>
        <dd>{m.formula.text}</dd>
        <dt>range</dt>
        <dd>{`${r.loClosed ? '[' : '('}${bound(r.lo)}, ${bound(r.hi)}${r.hiClosed ? ']' : ')'}`}</dd>
        <dt>f′(0) · max f′</dt>
        <dd>
          {m.derivativeAtZero} · {m.maxDerivative}
        </dd>
        <dt>zero-centred · monotonic</dt>
        <dd>
          {yes(m.zeroCentred)} · {yes(m.monotonic)}
        </dd>
        <dt>saturates (left / right)</dt>
        <dd>
          {yes(m.saturating.left)} / {yes(m.saturating.right)}
        </dd>
        <dt>smoothness</dt>
        <dd>{m.smoothness}</dd>
        <dt>at the kink</dt>
        <dd>{m.kinkConvention}</dd>
        <dt>origin</dt>
        <dd>{m.origin.paper}</dd>
      </dl>
      <p class="note" id="activation-note">
        {m.note}
      </p>
    </section>
  );
}
