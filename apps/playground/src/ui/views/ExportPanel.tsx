/**
 * Exports of the running session: the weights (safetensors), the model (ONNX) and the program
 * that reproduces the run (TypeScript) come from the worker; the run record (JSON) and the loss
 * chart (PNG from uPlot's canvas, SVG drawn from the same series) are made in the page. Each is
 * a button (keyboard-operable) that downloads a file.
 */
import { useSignal } from '@preact/signals';
import type { WorkerExport } from '../../export/artifacts.js';
import { runRecord } from '../../export/record.js';
import { flowSvg, lossSvg } from '../../export/svg.js';
import { requestExport } from '../controller.js';
import { download } from '../download.js';
import { info, losses, snapshot } from '../store.js';
import { anchoredPrediction } from './FlowPanel.js';

const WORKER_FILES: Record<WorkerExport, { ext: string; mime: string }> = {
  safetensors: { ext: 'safetensors', mime: 'application/octet-stream' },
  onnx: { ext: 'onnx', mime: 'application/octet-stream' },
  program: { ext: 'ts', mime: 'text/typescript' },
};

function chartCanvas(chart: 'loss' | 'flow'): HTMLCanvasElement {
  const c = document.querySelector<HTMLCanvasElement>(`#${chart}-chart canvas`);
  if (c === null) throw new Error(`the ${chart} chart has no canvas yet`);
  return c;
}

const CHART_NAMES = { loss: 'Loss chart', flow: 'Gradient-flow chart' } as const;

export function ExportPanel() {
  const message = useSignal<{ ok: boolean; text: string } | null>(null);
  const base = () =>
    `gradscope-seed${info.value?.state.seed ?? 0}-step${snapshot.value?.step ?? 0}`;
  const run = async (label: string, make: () => Promise<[string, Blob]>) => {
    try {
      const [name, blob] = await make();
      download(name, blob);
      message.value = { ok: true, text: `${label}: ${name} (${blob.size} bytes)` };
    } catch (e) {
      message.value = { ok: false, text: `${label} failed: ${(e as Error).message}` };
    }
  };
  const fromWorker = (what: WorkerExport, label: string) =>
    run(label, async () => {
      const { bytes, step } = await requestExport(what);
      const f = WORKER_FILES[what];
      const name = `gradscope-seed${info.value?.state.seed ?? 0}-step${step}.${f.ext}`;
      return [name, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: f.mime })];
    });
  const items: Array<[string, string, () => void]> = [
    ['export-safetensors', 'Weights (.safetensors)', () => fromWorker('safetensors', 'Weights')],
    ['export-onnx', 'Model (.onnx)', () => fromWorker('onnx', 'Model')],
    ['export-program', 'Program (.ts)', () => fromWorker('program', 'Program')],
    [
      'export-record',
      'Run record (.json)',
      () =>
        run('Run record', async () => {
          const i = info.value;
          if (i === null) throw new Error('no session yet');
          const text = JSON.stringify(runRecord(i, snapshot.value, losses.value), null, 2);
          return [`${base()}.json`, new Blob([text], { type: 'application/json' })];
        }),
    ],
    ...(['loss', 'flow'] as const).flatMap(
      (chart): Array<[string, string, () => void]> => [
        [
          chart === 'loss' ? 'export-png' : 'export-flow-png',
          `${CHART_NAMES[chart]} (.png)`,
          () =>
            run(`${CHART_NAMES[chart]} PNG`, async () => {
              const blob = await new Promise<Blob | null>((r) =>
                chartCanvas(chart).toBlob(r, 'image/png'),
              );
              if (blob === null) throw new Error('the canvas gave no PNG');
              return [`${base()}-${chart}.png`, blob];
            }),
        ],
        [
          chart === 'loss' ? 'export-svg' : 'export-flow-svg',
          `${CHART_NAMES[chart]} (.svg)`,
          () =>
            run(`${CHART_NAMES[chart]} SVG`, async () => {
              const c = chartCanvas(chart);
              const w = c.clientWidth || 640;
              const h = c.clientHeight || 240;
              return [
                `${base()}-${chart}.svg`,
                new Blob([chartSvg(chart, w, h)], { type: 'image/svg+xml' }),
              ];
            }),
        ],
      ],
    ),
  ];
  const m = message.value;
  return (
    <section class="panel" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <div class="export-buttons">
        {items.map(([id, label, act]) => (
          <button type="button" id={id} key={id} onClick={act}>
            {label}
          </button>
        ))}
      </div>
      <p id="export-status" role="status" aria-live="polite" class={m?.ok === false ? 'error' : ''}>
        {m?.text ?? ''}
      </p>
      <p class="note">
        The program needs only <code>@gradscope/core</code> and <code>@gradscope/trainer</code>; it
        embeds the exact training and test points and prints the numbers shown here. Also on this
        site: the <a href="report/index.html">vanishing-gradients report</a> and the{' '}
        <a href="api/index.html">API documentation</a>.
      </p>
    </section>
  );
}

/** The SVG of a chart, from the series the page shows. */
function chartSvg(chart: 'loss' | 'flow', width: number, height: number): string {
  if (chart === 'loss') return lossSvg(losses.value, width, height);
  const i = info.value;
  if (i === null) throw new Error('no session yet');
  const s = snapshot.value;
  const flow = (s !== null && s.run === i.run ? s.flow : null) ?? i.initialFlow;
  return flowSvg(
    {
      rmsGradH: flow.rmsGradH,
      weightGradNorm: flow.weightGradNorm,
      initialRmsGradH: i.initialFlow.rmsGradH,
      predicted: anchoredPrediction(i.theory, i.initialFlow),
    },
    width,
    height,
  );
}
