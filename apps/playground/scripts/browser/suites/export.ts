/**
 * The Export panel and the built site's extra pages, checked in the browser: after STEPS steps
 * every export downloads; the safetensors file parses (header JSON, byte lengths) and equals the
 * Node session's weights bit for bit; the JSON record's latest flow equals the page's; the PNG
 * has the signature and the chart canvas's size; the SVG parses in the page and has both series;
 * the ONNX file loads with fromONNX in Node and gives the session model's outputs; the TS
 * program, run in Node with tsx, prints the numbers the page shows; the report and API pages
 * load and the panel's links resolve.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tensor } from '@gradscope/core';
import { fromONNX } from '@gradscope/onnx';
import { decodeSafetensors } from '@gradscope/trainer';
import type { Page } from 'playwright-core';
import { DEFAULT_STATE, type PlaygroundState } from '../../../src/state/state.js';
import { stateToQuery } from '../../../src/state/url.js';
import { build } from '../../../src/worker/host.js';
import { app, type Harness } from '../harness.js';

const STEPS = 6;

async function download(page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

export async function exportSuite(h: Harness): Promise<void> {
  const { page } = h;
  const state: PlaygroundState = {
    ...DEFAULT_STATE,
    seed: 4,
    network: { ...DEFAULT_STATE.network, depth: 3, width: 8 },
  };
  await h.open(page, stateToQuery(state));
  for (let i = 1; i <= STEPS; i++) {
    await page.click('#step');
    await page.waitForFunction(
      (n) => document.querySelector('#step-count')?.textContent === String(n),
      i,
    );
  }
  await page.waitForFunction(
    (n) => document.querySelector('#flow-table')?.getAttribute('data-step') === String(n),
    STEPS,
  );
  const shown = await h.flowOf(page);
  const node = build(state);
  node.run(STEPS);

  // Weights.
  const st = await download(page, '#export-safetensors');
  const headerLen = Number(st.bytes.readBigUInt64LE(0));
  const header = JSON.parse(st.bytes.subarray(8, 8 + headerLen).toString('utf8')) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] }
  >;
  const lengthsOk = Object.entries(header)
    .filter(([k]) => k !== '__metadata__')
    .every(
      ([, v]) =>
        v.data_offsets[1] - v.data_offsets[0] === 4 * v.shape.reduce((a, b) => a * b, 1) &&
        v.dtype === 'F32',
    );
  const { tensors } = decodeSafetensors(new Uint8Array(st.bytes));
  const dict = node.net.model.stateDict();
  const same = Object.entries(dict).every(
    ([k, t]) =>
      tensors[k] !== undefined &&
      JSON.stringify(Array.from(tensors[k].data)) === JSON.stringify(Array.from(t.data)),
  );
  h.check(
    'the safetensors file parses and equals the Node session’s weights bit for bit',
    lengthsOk && same && Object.keys(tensors).length === Object.keys(dict).length,
    `${st.name}, ${st.bytes.length} bytes, ${Object.keys(tensors).length} tensors`,
  );

  // Run record.
  const rec = await download(page, '#export-record');
  const record = JSON.parse(rec.bytes.toString('utf8'));
  const latest = record.flow?.latest;
  h.check(
    'the JSON record parses; its latest flow equals the page’s',
    latest !== null && h.exact(latest.step, latest) === shown.flow && record.step === STEPS,
    `${rec.name}: step ${record.step}, ${record.losses.length} loss points, packages ${JSON.stringify(record.packages)}`,
  );

  // PNG and SVG of the loss chart.
  const size = await page.$eval('#loss-chart canvas', (c) => [
    (c as HTMLCanvasElement).width,
    (c as HTMLCanvasElement).height,
  ]);
  const png = await download(page, '#export-png');
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const pngSize = [png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)];
  h.check(
    'the PNG has the signature and the chart canvas’s size',
    sig.every((b, i) => png.bytes[i] === b) && pngSize.join() === size.join(),
    `${png.name}: ${pngSize.join('×')} (canvas ${size.join('×')})`,
  );
  const svg = await download(page, '#export-svg');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror') !== null,
      series: [...doc.querySelectorAll('path[data-series]')].map(
        (p) => `${p.getAttribute('data-series')}:${(p.getAttribute('d') ?? '').split('L').length}`,
      ),
    };
  }, svg.bytes.toString('utf8'));
  h.check(
    'the SVG parses in the page and has the train and test series',
    !parsed.error && parsed.series.length === 2 && parsed.series.every((s) => !s.endsWith(':1')),
    `${svg.name}: ${parsed.series.join(', ')} points`,
  );

  // PNG and SVG of the gradient-flow chart.
  const flowSize = await page.$eval('#flow-chart canvas', (c) => [
    (c as HTMLCanvasElement).width,
    (c as HTMLCanvasElement).height,
  ]);
  const flowPng = await download(page, '#export-flow-png');
  const flowPngSize = [flowPng.bytes.readUInt32BE(16), flowPng.bytes.readUInt32BE(20)];
  h.check(
    'the gradient-flow chart PNG has the signature and the chart canvas’s size',
    sig.every((b, i) => flowPng.bytes[i] === b) && flowPngSize.join() === flowSize.join(),
    `${flowPng.name}: ${flowPngSize.join('×')} (canvas ${flowSize.join('×')})`,
  );
  const flowSvgFile = await download(page, '#export-flow-svg');
  const flowParsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror') !== null,
      series: Object.fromEntries(
        [...doc.querySelectorAll('path[data-series]')].map((p) => [
          p.getAttribute('data-series') ?? '',
          (p.getAttribute('d') ?? '').split(/[ML]/).length - 1,
        ]),
      ),
    };
  }, flowSvgFile.bytes.toString('utf8'));
  const shownFlow = JSON.parse(shown.flow) as { rmsGradH: number[]; weightGradNorm: number[] };
  const drawable = (vs: number[]) => vs.filter((v) => v > 0 && Number.isFinite(v)).length;
  h.check(
    'the gradient-flow chart SVG parses and draws a point per layer of the page’s numbers',
    !flowParsed.error &&
      Object.keys(flowParsed.series).length === 4 &&
      flowParsed.series.rmsGradH === drawable(shownFlow.rmsGradH) &&
      flowParsed.series.weightGradNorm === drawable(shownFlow.weightGradNorm) &&
      (flowParsed.series.predicted ?? 0) > 0,
    `${flowSvgFile.name}: ${JSON.stringify(flowParsed.series)} (page: ${shownFlow.rmsGradH.length} layers)`,
  );

  // ONNX.
  const onnxFile = await download(page, '#export-onnx');
  const onnx = fromONNX(new Uint8Array(onnxFile.bytes));
  const x = tensor(Float32Array.from([0.5, -1, 2, 3, -4, 0.1, 1, 1]), { shape: [4, 2] });
  node.net.model.eval();
  const want = Array.from(node.net.model.call(x).data);
  node.net.model.train();
  const got = Array.from((onnx.run(x)[0] as { data: ArrayLike<number> }).data);
  const maxDiff = Math.max(...want.map((w, i) => Math.abs(w - (got[i] ?? Number.NaN))));
  h.check(
    'the ONNX file loads with fromONNX and gives the session model’s outputs',
    got.length === want.length && maxDiff < 1e-6,
    `${onnxFile.name}, ${onnxFile.bytes.length} bytes, max |Δ| ${maxDiff.toExponential(2)} on 4 points`,
  );

  // The TypeScript program, run in Node inside the workspace.
  const prog = await download(page, '#export-program');
  const dir = join(app, '.tmp', 'browser-export');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'reproduce.ts');
  writeFileSync(file, prog.bytes);
  const out = execFileSync(join(app, 'node_modules', '.bin', 'tsx'), [file], {
    cwd: app,
    encoding: 'utf8',
  });
  rmSync(dir, { recursive: true, force: true });
  const printed = JSON.parse(out.trim().split('\n').at(-1) as string);
  const pageTest = await page.$eval('#test-loss', (e) => (e as HTMLElement).dataset.value ?? '');
  const ok =
    h.exact(printed.latest.step, printed.latest) === shown.flow &&
    h.exact(0, printed.initial) === shown.initial &&
    String(printed.losses.test) === pageTest;
  h.check(
    'the downloaded TS program, run in Node with tsx, prints the numbers the page shows',
    ok,
    `${prog.name}, ${prog.bytes.length} bytes; test loss ${printed.losses.test} (page ${pageTest})`,
  );
  await h.shot(page, 'export', '#view-export');

  // The report and the API pages of the built site, and the panel's links.
  const hrefs = await page.$$eval('#view-export a', (as) =>
    as.map((a) => (a as HTMLAnchorElement).href),
  );
  const statuses: string[] = [];
  for (const href of [
    ...hrefs,
    `${h.base}api/core/index.html`,
    `${h.base}api/trainer/index.html`,
  ]) {
    const p = h.watch(await h.context.newPage());
    const r = await p.goto(href, { waitUntil: 'load' });
    const title = await p.title();
    statuses.push(`${href.slice(h.base.length)} ${r?.status()} "${title.slice(0, 40)}"`);
    await p.close();
  }
  h.check(
    'the report and API pages load from the built site and the links resolve',
    hrefs.length === 2 && statuses.every((s) => s.includes(' 200 ')),
    statuses.join('; '),
  );
}
