/** Train and test loss against epochs (log scale), live. */
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { Chart, type ChartSpec } from '../charts/Chart.js';
import { decade } from '../format.js';
import { losses, snapshot } from '../store.js';

const spec: ChartSpec = {
  key: 'loss',
  height: 180,
  options: () => ({
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false }, y: { distr: 3 } },
    axes: [
      { label: 'epoch' },
      { label: 'loss', size: 60, values: (_u, ticks) => ticks.map(decade) },
    ],
    series: [
      {},
      { label: 'train', stroke: '#555', width: 1.5 },
      { label: 'test', stroke: '#d9480f', width: 1.5 },
    ],
  }),
};

const fmt = (v: number | undefined) => (v === undefined ? '–' : v.toPrecision(3));

export function LossChart() {
  const points = losses.value;
  const data = useMemo<uPlot.AlignedData>(() => {
    const clamp = (v: number) => (v > 0 && Number.isFinite(v) ? v : null);
    return [
      points.map((p) => p.epoch),
      points.map((p) => clamp(p.train)),
      points.map((p) => clamp(p.test)),
    ];
  }, [points]);
  const last = points[points.length - 1];
  const s = snapshot.value;
  return (
    <section class="panel" aria-labelledby="loss-heading">
      <h2 id="loss-heading">Loss</h2>
      <p class="figures">
        Train <strong id="train-loss">{fmt(last?.train)}</strong> · test{' '}
        <strong id="test-loss" data-value={last === undefined ? '' : String(last.test)}>
          {fmt(last?.test)}
        </strong>
        {s !== null && <> · learning rate {s.lr.toPrecision(3)}</>}
      </p>
      <Chart
        spec={spec}
        data={data}
        label="Train and test loss by epoch, logarithmic scale"
        id="loss-chart"
      />
    </section>
  );
}
