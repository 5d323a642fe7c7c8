/**
 * The graph inspector: the computation graph of one training step of the session (forward,
 * loss, gradients; traced in the worker on request, and again after every reset or new
 * configuration once traced), or of an ONNX file's forward pass, drawn by Graphviz from core's
 * `toDot` with nodes filled by log10 ‖gradient‖. Scopes (the layers) collapse into one box and
 * expand again (click the cluster or the box, or the checkboxes). A node (click it, focus it and
 * press Enter, or choose it in the list) shows its statistics and histograms. The graph
 * downloads as DOT, Mermaid (core's `toMermaid`) and SVG.
 *
 * Graphviz runs in its own worker, started on the first drawing (`graph/render.ts`).
 */
import { type Graph, toDot, toMermaid } from '@gradscope/core';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { openOnnx, traceGraph } from '../controller.js';
import { download } from '../download.js';
import { NodeDetails, nodeLabel } from '../graph/NodeDetails.js';
import { renderDot } from '../graph/render.js';
import { graphMessage, graphReport, infoB } from '../store.js';

/** Every scope path of the graph (`'Sequential/0:Linear'`), in order of first appearance. */
export function scopePaths(g: Graph): string[] {
  const out = new Set<string>();
  for (const n of g.nodes)
    for (let d = 1; d <= n.scope.length; d++) out.add(n.scope.slice(0, d).join('/'));
  return [...out];
}

/** The layers: the scopes one below the outermost when there is one outermost scope. */
function layerPaths(paths: readonly string[]): string[] {
  const depth = (p: string) => p.split('/').length;
  const top = paths.filter((p) => depth(p) === 1);
  const want = top.length === 1 && paths.some((p) => depth(p) === 2) ? 2 : 1;
  return paths.filter((p) => depth(p) === want);
}

/** Makes the drawn nodes and scopes focusable buttons; marks the selected node. */
function decorate(box: HTMLElement, g: Graph, selected: number | null): void {
  for (const el of box.querySelectorAll<SVGGElement>('g.node, g.cluster')) {
    const title = el.querySelector('title')?.textContent ?? '';
    let label: string | null = null;
    if (/^n\d+$/.test(title)) {
      const id = Number(title.slice(1));
      el.dataset.node = String(id);
      const n = g.nodes[id];
      label = n === undefined ? null : `node ${nodeLabel(n)}`;
      el.classList.toggle('selected', id === selected);
    } else if (title.startsWith('scope_')) {
      el.dataset.scope = title.slice('scope_'.length);
      label = `expand ${el.dataset.scope}`;
    } else if (title.startsWith('cluster_')) {
      el.dataset.scope = title.slice('cluster_'.length);
      label = `collapse ${el.dataset.scope}`;
    }
    if (label === null) continue;
    el.setAttribute('tabindex', '0');
    el.setAttribute('role', 'button');
    el.setAttribute('aria-label', label);
  }
}

export function GraphInspector() {
  const report = graphReport.value;
  const message = graphMessage.value;
  const graph = report?.graph ?? null;
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<number | null>(null);
  const [svg, setSvg] = useState<{ text: string; dot: string } | null>(null);
  const [drawError, setDrawError] = useState<string | null>(null);
  const box = useRef<HTMLElement>(null);
  const focusKey = useRef<string | null>(null);
  const paths = useMemo(() => (graph === null ? [] : scopePaths(graph)), [graph]);
  const layers = useMemo(() => layerPaths(paths), [paths]);

  // A new graph keeps the collapsed scopes it still has and the selection if it still exists.
  useEffect(() => {
    if (graph === null) return;
    setCollapsed((c) => new Set([...c].filter((p) => paths.includes(p))));
    setSelected((s) => (s !== null && s < graph.nodes.length ? s : (graph.outputs[0] ?? 0)));
  }, [graph, paths]);

  // The scopes drawn as one box: the drawing and both text downloads show the same graph.
  const collapse = useMemo(
    () => [...collapsed].filter((p) => paths.includes(p)),
    [collapsed, paths],
  );
  const dot = useMemo(
    () => (graph === null ? null : toDot(graph, { colorBy: 'gradient', collapse })),
    [graph, collapse],
  );

  useEffect(() => {
    if (dot === null) return;
    let live = true;
    renderDot(dot).then(
      (text) => {
        if (!live) return;
        setSvg({ text, dot });
        setDrawError(null);
      },
      (e: Error) => live && setDrawError(e.message),
    );
    return () => {
      live = false;
    };
  }, [dot]);

  useEffect(() => {
    const el = box.current;
    if (el === null || svg === null || graph === null) return;
    if (el.dataset.dot !== svg.dot) {
      el.innerHTML = svg.text;
      el.dataset.dot = svg.dot;
      el.dataset.nodes = String(el.querySelectorAll('g.node').length);
    }
    decorate(el, graph, selected);
    const key = focusKey.current;
    if (key !== null) {
      focusKey.current = null;
      el.querySelector<SVGGElement>(key)?.focus();
    }
  }, [svg, graph, selected]);

  const toggle = (path: string, collapse: boolean) =>
    setCollapsed((c) => {
      const n = new Set(c);
      if (collapse) n.add(path);
      else n.delete(path);
      return n;
    });

  const activate = (target: EventTarget | null): boolean => {
    const el = (target as Element | null)?.closest<SVGGElement>('[data-node], [data-scope]');
    if (el == null) return false;
    if (el.dataset.node !== undefined) {
      setSelected(Number(el.dataset.node));
      return true;
    }
    const path = el.dataset.scope as string;
    const focused = document.activeElement === el;
    if (focused) focusKey.current = `[data-scope="${CSS.escape(path)}"]`;
    toggle(path, el.classList.contains('cluster'));
    return true;
  };

  const node = graph !== null && selected !== null ? graph.nodes[selected] : undefined;
  const stats = report !== null && selected !== null ? report.stats[selected] : undefined;

  return (
    <section class="panel graph-inspector" aria-labelledby="graph-heading">
      <h2 id="graph-heading">Graph inspector</h2>
      <div class="graph-actions">
        <button type="button" id="graph-trace" onClick={traceGraph}>
          Trace one step
        </button>
        <label class="file">
          Open ONNX file{' '}
          <input
            type="file"
            id="graph-onnx"
            accept=".onnx,application/octet-stream"
            onChange={(e) => {
              const input = e.currentTarget;
              const f = input.files?.[0];
              if (f !== undefined) void openOnnx(f);
              input.value = '';
            }}
          />
        </label>
      </div>
      {message === null ? null : (
        <p
          id="graph-message"
          class={message.ok ? 'note' : 'error'}
          role={message.ok ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      )}
      {drawError === null ? null : (
        <p class="error" role="alert">
          {drawError}
        </p>
      )}
      {report === null || graph === null ? (
        <p class="note">
          “Trace one step” runs the next training step with its graph kept (the step counts like any
          other) and draws it here, coloured by the gradient of every tensor. Or open an ONNX file.
        </p>
      ) : (
        <>
          <p id="graph-title" data-source={report.source}>
            {report.source === 'session' && infoB.value !== null ? 'Configuration A, ' : ''}
            {report.title}: {graph.nodes.length} tensors, {graph.edges.length} edges.
            {report.source === 'session' && infoB.value !== null
              ? ' Configuration B took the same step (untraced), so both runs stay on one step.'
              : ''}
          </p>
          <div class="graph-actions">
            <button
              type="button"
              id="graph-collapse-all"
              onClick={() => setCollapsed(new Set(layers))}
            >
              Collapse layers
            </button>
            <button type="button" id="graph-expand-all" onClick={() => setCollapsed(new Set())}>
              Expand all
            </button>
            <button
              type="button"
              id="graph-download-dot"
              onClick={() => download('gradscope-graph.dot', dot ?? '', 'text/vnd.graphviz')}
            >
              DOT
            </button>
            <button
              type="button"
              id="graph-download-mermaid"
              onClick={() =>
                download(
                  'gradscope-graph.mmd',
                  toMermaid(graph, { colorBy: 'gradient', collapse }),
                  'text/plain',
                )
              }
            >
              Mermaid
            </button>
            <button
              type="button"
              id="graph-download-svg"
              disabled={svg === null}
              onClick={() => download('gradscope-graph.svg', svg?.text ?? '', 'image/svg+xml')}
            >
              SVG
            </button>
          </div>
          <details class="scopes">
            <summary>Collapse scopes ({paths.length})</summary>
            <fieldset>
              <legend class="visually-hidden">Scopes drawn as one box</legend>
              {paths.map((p) => (
                <label key={p} style={{ paddingLeft: `${(p.split('/').length - 1) * 0.8}rem` }}>
                  <input
                    type="checkbox"
                    data-scope={p}
                    checked={collapsed.has(p)}
                    onChange={(e) => toggle(p, e.currentTarget.checked)}
                  />{' '}
                  {p.split('/').at(-1)}
                </label>
              ))}
            </fieldset>
          </details>
          <figure
            class="graph-box"
            id="graph-box"
            ref={box}
            tabindex={0}
            aria-label="computation graph (nodes and scopes are buttons)"
            onClick={(e) => activate(e.target)}
            onKeyDown={(e) => {
              if ((e.key === 'Enter' || e.key === ' ') && e.target !== box.current) {
                if (activate(e.target)) e.preventDefault();
              }
            }}
          />
          <label class="node-select">
            Node{' '}
            <select
              id="graph-node"
              value={selected ?? ''}
              onChange={(e) => setSelected(Number(e.currentTarget.value))}
            >
              {graph.nodes.map((n) => (
                <option key={n.id} value={n.id}>
                  {nodeLabel(n)}
                  {n.scope.length > 0 ? ` — ${n.scope.join('/')}` : ''}
                </option>
              ))}
            </select>
          </label>
          {node === undefined || stats === undefined ? null : (
            <NodeDetails node={node} stats={stats} />
          )}
        </>
      )}
    </section>
  );
}
