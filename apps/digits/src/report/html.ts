/**
 * report.html: one self-contained file that works offline — inline CSS, the curves as inline
 * `<svg>` rendered by Vega at run time, the pictures as PNG data URIs; no script, no network.
 */
import type { Tensor } from '@gradscope/core';
import type { Results } from '../results.js';
import { curveSpec } from './charts.js';
import { escapeHtml } from './escape.js';
import { filtersHtml, type MistakeImages, mistakesHtml } from './pictures-section.js';
import { vegaLiteToSvg } from './vega-svg.js';

/** What the report is drawn from: the results, the test images and the first layer's weight. */
export interface ReportInput {
  readonly results: Results;
  /** The test images and how to show them. */
  readonly images: MistakeImages;
  /** The first convolution's weight `[C, 1, 5, 5]`. */
  readonly firstWeight: Tensor;
}

const pct = (x: number, digits = 2) => `${(100 * x).toFixed(digits)} %`;

function summary(r: Results): string {
  const o = r.options;
  const t = r.timings;
  const rows: Array<[string, string]> = [
    ['data', r.dataset.description],
    [
      'network',
      `LeNet-5 style, conv ${r.model.widths.conv1} → conv ${r.model.widths.conv2} → dense ${r.model.widths.fc1} → ${r.model.widths.fc2} → ${r.dataset.classNames.length}; ${r.model.parameters.toLocaleString('en')} parameters`,
    ],
    [
      'training',
      `${o.epochs} epochs, batch ${o.batchSize}, ${o.optimizer} lr ${o.lr} (${o.schedule} schedule), ${o.shift > 0 ? `random shifts up to ${o.shift} px` : 'no augmentation'}${o.dropout > 0 ? `, dropout ${o.dropout}` : ''}, seed ${o.seed}`,
    ],
    [
      'time',
      `${t.totalSeconds.toFixed(1)} s in all: ${t.loadSeconds.toFixed(1)} s loading, ${t.trainSeconds.toFixed(1)} s training (test evaluation after each epoch included), ${t.evaluateSeconds.toFixed(1)} s on the final evaluation`,
    ],
    [
      'machine',
      `${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}, gradscope kernels ${r.machine.kernels}`,
    ],
  ];
  return `<section id="summary"><h2>Summary</h2>
<p class="headline">Test accuracy <strong data-accuracy="${r.test.accuracy}">${pct(r.test.accuracy)}</strong> (${r.test.total - r.test.mistakes} of ${r.test.total} test images; cross-entropy ${r.test.loss.toFixed(4)}).</p>
<table class="facts"><tbody>
${rows.map(([k, v]) => `<tr><th>${k}</th><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</tbody></table>
<pre class="model">${escapeHtml(r.model.summary)}</pre></section>`;
}

async function curves(r: Results): Promise<string> {
  const loss = await vegaLiteToSvg(curveSpec(r.history, 'loss'));
  const acc = await vegaLiteToSvg(curveSpec(r.history, 'accuracy'));
  return `<section id="curves"><h2>Training curves</h2>
<p>Training figures are means over each epoch's mini-batches (${r.options.shift > 0 ? `images randomly shifted by up to ${r.options.shift} px, ` : ''}${r.options.dropout > 0 ? 'dropout on, ' : ''}weights changing during the epoch); test figures are measured after the epoch. The test images choose nothing: the reported model is the last epoch's.</p>
<div class="charts"><figure class="chart" data-chart="loss">${loss}<figcaption>Cross-entropy per epoch (log scale).</figcaption></figure>
<figure class="chart" data-chart="accuracy">${acc}<figcaption>Accuracy per epoch.</figcaption></figure></div></section>`;
}

function perClass(r: Results): string {
  const rows = r.test.perClass
    .map(
      (c, k) =>
        `<tr><td>${k}</td><td>${escapeHtml(c.name)}</td><td class="num">${c.correct}</td><td class="num">${c.total}</td><td class="num">${pct(c.accuracy, 1)}</td><td><span class="bar" style="width:${(100 * c.accuracy).toFixed(1)}px"></span></td></tr>`,
    )
    .join('\n');
  return `<section id="per-class"><h2>Accuracy per class</h2>
<table class="per-class"><thead><tr><th>k</th><th>class</th><th>correct</th><th>test images</th><th>accuracy</th><th></th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}

/** Background of a confusion cell: blue for the diagonal, red off it, darker for more images. */
function shade(count: number, rowTotal: number, diagonal: boolean): string {
  if (count === 0 || rowTotal === 0) return '';
  const a = diagonal
    ? 0.15 + 0.6 * (count / rowTotal)
    : Math.min(0.85, 0.1 + 4 * (count / rowTotal));
  const rgb = diagonal ? '76,120,168' : '228,87,86';
  return ` style="background:rgba(${rgb},${a.toFixed(3)})"`;
}

function confusion(r: Results): string {
  const names = r.dataset.classNames;
  const head = names.map((n) => `<th title="${escapeHtml(n)}">${escapeHtml(n)}</th>`).join('');
  const body = r.test.confusion
    .map((row, t) => {
      const total = row.reduce((a, b) => a + b, 0);
      const cells = row
        .map(
          (c, p) =>
            `<td class="num" data-count="${c}"${shade(c, total, t === p)}>${c === 0 ? '' : c}</td>`,
        )
        .join('');
      return `<tr><th>${escapeHtml(names[t] ?? String(t))}</th>${cells}<td class="num total">${total}</td></tr>`;
    })
    .join('\n');
  return `<section id="confusion"><h2>Confusion matrix</h2>
<p>Rows: the true class; columns: the predicted class. The diagonal (blue) counts correct answers; every other cell (red) counts test images of the row's class taken for the column's. Empty cells are zero.</p>
<table class="confusion" data-total="${r.test.total}"><thead><tr><th>true \\ predicted</th>${head}<th>total</th></tr></thead><tbody>
${body}
</tbody></table></section>`;
}

const CSS = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{margin-bottom:0}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
.subtitle{color:#555;margin-top:.3em}.headline{font-size:20px}nav a{margin-right:1em}
table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid #ddd;padding:2px 8px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}table.facts th{background:#f6f6f6;white-space:nowrap}
table.confusion td{min-width:2.6em}table.confusion td.total{color:#555}
.bar{display:inline-block;height:10px;background:#4c78a8}
pre.model{background:#f6f6f6;padding:.6em;font-size:12px;overflow-x:auto}
.charts{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}figcaption{color:#555;font-size:13px}
.mistakes{display:flex;flex-wrap:wrap;gap:10px}.mistake{text-align:center;font-size:12px;width:${28 * 3 + 12}px}
.mistake img{image-rendering:pixelated;display:block;margin:0 auto;border:1px solid #ccc}
.filters img{image-rendering:pixelated;display:block;margin:.5em 0}
.mistake .true{color:#2e7d32}.mistake .pred{color:#c62828}.filters{margin:1em 0;max-width:700px}
`;

/** Renders the whole report to an HTML string. */
export async function renderHtml(input: ReportInput): Promise<string> {
  const r = input.results;
  const title = `LeNet-5 on ${r.dataset.name === 'mnist' ? 'MNIST digits' : 'Fashion-MNIST'}: ${pct(r.test.accuracy)} test accuracy`;
  const sections = [
    summary(r),
    await curves(r),
    perClass(r),
    confusion(r),
    `<section id="mistakes"><h2>Misclassified test images</h2>\n${mistakesHtml(r.shownMistakes, r.test.mistakes, input.images)}</section>`,
    `<section id="filters"><h2>First-layer filters</h2>\n${filtersHtml(input.firstWeight)}</section>`,
  ];
  const nav = [
    ['summary', 'Summary'],
    ['curves', 'Curves'],
    ['per-class', 'Per class'],
    ['confusion', 'Confusion matrix'],
    ['mistakes', 'Mistakes'],
    ['filters', 'Filters'],
  ]
    .map(([id, label]) => `<a href="#${id}">${label}</a>`)
    .join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body><h1>${escapeHtml(title)}</h1><p class="subtitle">gradscope · apps/digits · ${escapeHtml(r.dataset.description)}</p>
<nav>${nav}</nav>
${sections.join('\n')}
</body></html>
`;
}
