/**
 * The graph inspector, checked in the browser:
 *
 *  1. Graphviz is not fetched with the page; "Trace one step" draws the step's graph as an SVG
 *     with one drawn node per tensor of the same step traced in Node (this process), and no
 *     main-thread task over 50 ms while it traces and draws (6 × 16 preset);
 *  2. clicking a node (mouse), Enter on a focused node (keyboard) and the node list show its
 *     statistics, equal to Node's for the same seed and node: the exact numbers bit for bit
 *     (JSON in `data-stats`) and the printed ones as printed;
 *  3. collapsing a scope (click its cluster, the "Collapse layers" button) draws fewer nodes,
 *     as many as Node expects; Enter on a collapsed box expands it again;
 *  4. the downloads: DOT and Mermaid equal core's `toDot` / `toMermaid` of Node's graph, the SVG
 *     is the drawn one; the Mermaid text rendered by the real `mermaid` package in the same
 *     browser has one node per tensor, and with the layers collapsed as many nodes as Graphviz
 *     drew (the download follows the collapsed scopes);
 *  5. an ONNX file made here with `toONNX` draws its graph (node count and output statistics
 *     as Node's `fromONNX`); a bad file shows the OnnxError message and the graph stays;
 *  6. after Reset the session graph is traced again (step 1);
 *  7. in a 400 px window the page does not scroll sideways; the graph scrolls in its box.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createRng, type Graph, tensor, toDot, toMermaid } from '@gradscope/core';
import { fromONNX, toONNX } from '@gradscope/onnx';
import { Activation, Linear, Sequential } from '@gradscope/trainer';
import type { Page } from 'playwright-core';
import type { GraphReport, NodeStats } from '../../../src/engine/inspect.js';
import { traceStep } from '../../../src/engine/inspect.js';
import { onnxReport } from '../../../src/engine/onnx-graph.js';
import { DEFAULT_STATE, type PlaygroundState } from '../../../src/state/state.js';
import { stateToQuery } from '../../../src/state/url.js';
import { stat } from '../../../src/ui/format.js';
import { build } from '../../../src/worker/host.js';
import { describeTasks, readFrames, watchFrames } from '../frames.js';
import { app, type Harness } from '../harness.js';

const drawnNodes = (page: Page) =>
  page.$eval('#graph-box', (e) => e.querySelectorAll('svg g.node').length);

/** Waits until the drawn graph has `n` nodes (the drawing is asynchronous). */
async function waitDrawn(page: Page, n: number): Promise<number> {
  await page
    .waitForFunction((k) => document.querySelectorAll('#graph-box svg g.node').length === k, n, {
      timeout: 15_000,
    })
    .catch(() => {});
  return drawnNodes(page);
}

/** Drawn nodes when `collapsed` scopes are boxes: nodes outside them, plus one per box. */
function expectedDrawn(g: Graph, collapsed: readonly string[]): number {
  const inside = (scope: readonly string[]) =>
    collapsed.some((p) => {
      const parts = p.split('/');
      return parts.every((x, i) => scope[i] === x);
    });
  const outermost = collapsed.filter(
    (p) => !collapsed.some((q) => q !== p && p.startsWith(`${q}/`)),
  );
  return g.nodes.filter((n) => !inside(n.scope)).length + outermost.length;
}

/** The stats panel as the page shows it: exact JSON and the printed cells. */
async function shownStats(page: Page, id: number) {
  await page.waitForSelector(`#graph-stats[data-node="${id}"]`, { timeout: 10_000 });
  return page.$eval('#graph-stats', (e) => ({
    json: (e as HTMLElement).dataset.stats ?? '',
    cells: [...e.querySelectorAll('tbody tr[data-row] td')].map((td) => td.textContent ?? ''),
    bins: [...e.querySelectorAll('svg[data-counts]')].map((s) =>
      JSON.parse((s as SVGElement).dataset.counts ?? '[]'),
    ),
  }));
}

function printed(s: NodeStats): string[] {
  const row = (x: NodeStats['value']) => [
    stat(x.min),
    stat(x.max),
    stat(x.mean),
    stat(x.std),
    String(x.nonFinite),
    String(x.count),
  ];
  return [...row(s.value), ...(s.grad === null ? [] : row(s.grad))];
}

async function downloadText(page: Page, button: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const path = await d.path();
  return readFile(path, 'utf8');
}

export async function graph(h: Harness): Promise<void> {
  const { page } = h;
  const state: PlaygroundState = { ...DEFAULT_STATE, seed: 7 };
  await h.open(page, stateToQuery(state));
  const node = traceStep(build(state)).report;
  const g = node.graph;

  // --- 1. Lazy Graphviz; trace and draw.
  const vizBefore = await page.evaluate(() =>
    performance.getEntriesByType('resource').some((r) => r.name.includes('viz.worker')),
  );
  // The page's script per long frame decides; long tasks are printed (see ../frames.ts).
  await watchFrames(page);
  const t0 = Date.now();
  await page.click('#graph-trace');
  const drawn = await waitDrawn(page, g.nodes.length);
  const drawMs = Date.now() - t0;
  await page.waitForTimeout(200);
  const { longTasks, maxScript } = await readFrames(page);
  h.check(
    'Graphviz is not fetched with the page, only when the inspector first draws',
    !vizBefore &&
      (await page.evaluate(() =>
        performance.getEntriesByType('resource').some((r) => r.name.includes('viz.worker')),
      )),
  );
  h.check(
    '"Trace one step" draws the step as an SVG with one node per tensor (as Node traces it)',
    drawn === g.nodes.length && (await h.stepCount(page)) === 1,
    `${drawn} drawn, ${g.nodes.length} in Node's graph of step 1`,
  );
  h.check(
    'no frame spends 50 ms in script while the 6 × 16 step is traced and drawn',
    maxScript < 50,
    `longest script in a long frame ${maxScript.toFixed(0)} ms; ${describeTasks(longTasks)}`,
  );
  h.figure(
    `graph inspector, 6 × 16 preset: ${g.nodes.length} tensors, ${g.edges.length} edges, click to drawn ${drawMs} ms (first drawing, Graphviz worker start included); longest main-thread task ${longTasks.length === 0 ? 'none over 50 ms' : `${Math.max(...longTasks).toFixed(0)} ms`}`,
  );
  await h.shot(page, 'graph', '#view-graph');

  // --- 2. A node's statistics: mouse, keyboard, list.
  const tanh = g.nodes.find((n) => n.op === 'tanh' && n.scope.join('/').includes('3:'));
  const weight = g.nodes.find((n) => n.role === 'parameter' && n.shape.length === 2);
  const loss = g.outputs[0] as number;
  if (tanh === undefined || weight === undefined) throw new Error('no tanh or weight node');
  const same = async (id: number, how: string) => {
    const shown = await shownStats(page, id);
    const want = node.stats[id] as NodeStats;
    const wantBins = [want.value.hist.counts, ...(want.grad ? [want.grad.hist.counts] : [])];
    h.check(
      `${how} shows node #${id}'s statistics, equal to Node's (bit for bit and as printed)`,
      shown.json === JSON.stringify(want) &&
        JSON.stringify(shown.cells) === JSON.stringify(printed(want)) &&
        JSON.stringify(shown.bins) === JSON.stringify(wantBins),
      `${g.nodes[id]?.op ?? g.nodes[id]?.name} [${g.nodes[id]?.shape}]: ${shown.cells.join(' ')}`,
    );
  };
  await page.click(`#graph-box g.node[data-node="${tanh.id}"]`);
  await same(tanh.id, 'clicking a node');
  await page.focus(`#graph-box g.node[data-node="${weight.id}"]`);
  await page.keyboard.press('Enter');
  await same(weight.id, 'Enter on a focused node');
  await page.selectOption('#graph-node', String(loss));
  await same(loss, 'choosing a node in the list');
  await page.click(`#graph-box g.node[data-node="${tanh.id}"]`);
  await shownStats(page, tanh.id);
  await h.shot(page, 'graph-node', '#graph-stats');

  // --- 4 (before collapsing). Downloads and Mermaid in the browser.
  const dot = await downloadText(page, '#graph-download-dot');
  const mermaidText = await downloadText(page, '#graph-download-mermaid');
  const svgText = await downloadText(page, '#graph-download-svg');
  h.check(
    'the DOT and Mermaid downloads equal core’s toDot / toMermaid of the same graph in Node',
    dot === toDot(g, { colorBy: 'gradient', collapse: [] }) &&
      mermaidText === toMermaid(g, { colorBy: 'gradient' }),
    `${dot.length} and ${mermaidText.length} characters`,
  );
  h.check(
    'the SVG download is the drawn graph',
    svgText.includes('<svg') && (svgText.match(/class="node"/g) ?? []).length === g.nodes.length,
    `${svgText.length} characters`,
  );
  const mermaidBundle = join(
    dirname(createRequire(join(app, 'package.json')).resolve('mermaid/package.json')),
    'dist/mermaid.min.js',
  );
  const mp = h.watch(await h.context.newPage());
  await mp.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
  await mp.addScriptTag({ path: mermaidBundle });
  let renders = 0;
  /** Renders Mermaid text with the real package: its nodes and subgraphs as drawn. */
  const renderMermaid = async (text: string) =>
    (await mp.evaluate(
      `(async () => {
        const m = window.mermaid;
        m.initialize({ startOnLoad: false, maxTextSize: 1e6, maxEdges: 5000 });
        const { svg } = await m.render('graph${++renders}', ${JSON.stringify(text)});
        const out = document.getElementById('out');
        out.innerHTML = svg;
        return {
          nodes: out.querySelectorAll('g.node').length,
          clusters: out.querySelectorAll('g.cluster').length,
          version: m.version ?? '',
        };
      })()`,
    )) as { nodes: number; clusters: number; version: string };
  const rendered = await renderMermaid(mermaidText);
  const scopes = new Set(
    g.nodes.flatMap((n) => n.scope.map((_, i) => n.scope.slice(0, i + 1).join('/'))),
  );
  h.check(
    'the real mermaid package renders the Mermaid export with one node per tensor and one box per scope',
    rendered.nodes === g.nodes.length && rendered.clusters === scopes.size,
    `${rendered.nodes} nodes, ${rendered.clusters} subgraphs (graph: ${g.nodes.length} tensors, ${scopes.size} scopes)`,
  );
  await h.shot(mp, 'graph-mermaid');

  // --- 3. Collapse and expand.
  const layer = 'Sequential/2:Linear';
  await page.click(`#graph-box g.cluster[data-scope="${layer}"] > text`);
  const one = await waitDrawn(page, expectedDrawn(g, [layer]));
  h.check(
    'clicking a scope collapses it into one box: fewer nodes drawn',
    one === expectedDrawn(g, [layer]) && one < g.nodes.length,
    `${g.nodes.length} → ${one} nodes`,
  );
  await page.click('#graph-collapse-all');
  const layers = [...scopes].filter((p) => p.split('/').length === 2);
  const all = await waitDrawn(page, expectedDrawn(g, layers));
  h.check(
    '"Collapse layers" draws each layer as one box',
    all === expectedDrawn(g, layers),
    `${all} nodes for ${layers.length} layers`,
  );
  await h.shot(page, 'graph-collapsed', '#view-graph');
  // The Mermaid download follows the collapsed layers, and mermaid draws what Graphviz drew.
  const collapsedText = await downloadText(page, '#graph-download-mermaid');
  const collapsedShown = await renderMermaid(collapsedText);
  const wantClusters = (collapsedText.match(/^\s*subgraph /gm) ?? []).length;
  h.check(
    'with the layers collapsed, the Mermaid download collapses them too: mermaid draws as many nodes as Graphviz',
    collapsedText === toMermaid(g, { colorBy: 'gradient', collapse: layers }) &&
      collapsedShown.nodes === all &&
      collapsedShown.clusters === wantClusters,
    `${collapsedShown.nodes} nodes (Graphviz ${all}), ${collapsedShown.clusters} subgraphs`,
  );
  await h.shot(mp, 'graph-mermaid-collapsed');
  await mp.close();
  await page.focus(`#graph-box g.node[data-scope="${layer}"]`);
  await page.keyboard.press('Enter');
  const rest = layers.filter((p) => p !== layer);
  const expanded = await waitDrawn(page, expectedDrawn(g, rest));
  const focusKept = await page.evaluate(
    (p) => (document.activeElement as HTMLElement | null)?.dataset?.scope === p,
    layer,
  );
  h.check(
    'Enter on a collapsed box expands it (keyboard), and the focus stays on that scope',
    expanded === expectedDrawn(g, rest) && focusKept,
    `${all} → ${expanded} nodes`,
  );
  await page.click('#graph-expand-all');
  await waitDrawn(page, g.nodes.length);

  // --- 5. ONNX files.
  const model = new Sequential(
    new Linear(4, 8, { rng: createRng(21) }),
    new Activation('relu'),
    new Linear(8, 3, { rng: createRng(22) }),
  );
  const x = createRng(23);
  const bytes = toONNX(
    model,
    [
      tensor(
        Array.from({ length: 4 }, () => x.normal()),
        { shape: [1, 4] },
      ),
    ],
    { opset: 17, dynamicBatch: true },
  );
  const onnxNode: GraphReport = onnxReport(bytes, 'small.onnx');
  await page.setInputFiles('#graph-onnx', {
    name: 'small.onnx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(bytes),
  });
  await page.waitForSelector('#graph-title[data-source="onnx"]', { timeout: 15_000 });
  const onnxDrawn = await waitDrawn(page, onnxNode.graph.nodes.length);
  const out = onnxNode.graph.outputs[0] as number;
  await page.selectOption('#graph-node', String(out));
  const outShown = await shownStats(page, out);
  h.check(
    'an ONNX file (toONNX of a trainer model) draws its graph; its output statistics equal Node’s',
    onnxDrawn === onnxNode.graph.nodes.length &&
      outShown.json === JSON.stringify(onnxNode.stats[out]),
    `${onnxDrawn} nodes; output ${outShown.cells.slice(0, 4).join(' ')}`,
  );
  await h.shot(page, 'graph-onnx', '#view-graph');
  const titleBefore = await page.$eval('#graph-title', (e) => e.textContent ?? '');
  const bad = Buffer.from('this is not an ONNX model');
  let expected = '';
  try {
    fromONNX(new Uint8Array(bad));
  } catch (e) {
    expected = `bad.onnx was not loaded: ${(e as Error).message}`;
  }
  await page.setInputFiles('#graph-onnx', {
    name: 'bad.onnx',
    mimeType: 'application/octet-stream',
    buffer: bad,
  });
  await page.waitForSelector('#graph-message.error', { timeout: 15_000 });
  const badMsg = await page.$eval('#graph-message', (e) => e.textContent ?? '');
  await page.waitForTimeout(300);
  h.check(
    'a bad ONNX file shows the OnnxError message and the previous graph stays',
    expected !== '' &&
      badMsg === expected &&
      (await page.$eval('#graph-title', (e) => e.textContent ?? '')) === titleBefore &&
      (await drawnNodes(page)) === onnxNode.graph.nodes.length,
    badMsg,
  );
  await h.shot(page, 'graph-onnx-error', '#view-graph');

  // --- 6. Reset traces the new session again.
  await page.click('#graph-trace');
  await page.waitForSelector('#graph-title[data-source="session"]');
  await page.click('#reset');
  await page.waitForFunction(
    () => /training step 1 /.test(document.querySelector('#graph-title')?.textContent ?? ''),
    undefined,
    { timeout: 15_000 },
  );
  const afterReset = await waitDrawn(page, g.nodes.length);
  await page
    .waitForFunction(() => document.querySelector('#step-count')?.textContent === '1')
    .catch(() => {});
  h.check(
    'after Reset the inspector traces the new session (step 1) again',
    afterReset === g.nodes.length && (await h.stepCount(page)) === 1,
    `${afterReset} nodes, step ${await h.stepCount(page)}`,
  );

  // --- 7. Narrow window.
  await page.setViewportSize({ width: 400, height: 900 });
  await page.waitForTimeout(300);
  const narrow = await page.evaluate(() => {
    const box = document.querySelector('#graph-box') as HTMLElement;
    return {
      page: document.documentElement.scrollWidth,
      box: box.scrollWidth,
      boxWidth: box.clientWidth,
    };
  });
  h.check(
    'a 400 px window: no sideways page scroll, the graph scrolls inside its box',
    narrow.page <= 401 && narrow.box > narrow.boxWidth && narrow.boxWidth <= 400,
    JSON.stringify(narrow),
  );
  await h.shot(page, 'graph-narrow', '#view-graph');
  await page.setViewportSize({ width: 1280, height: 1000 });
}
