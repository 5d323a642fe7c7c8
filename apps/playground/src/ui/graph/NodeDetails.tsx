/**
 * The selected node of the graph inspector: op, shape, scope, value and gradient statistics
 * (also as exact JSON in `data-stats`, which the browser test compares with Node) and the two
 * histograms.
 */
import { formatAttrs, type GraphNode } from '@gradscope/core';
import type { NodeStats, Summary } from '../../engine/inspect.js';
import { stat } from '../format.js';
import { Histogram } from './Histogram.js';

/** What a node is, in one line: `#12 tanh [10,16]`, `#3 weight [16,7] (parameter)`. */
export function nodeLabel(n: GraphNode): string {
  const what = n.kind === 'op' ? (n.op as string) : (n.name ?? n.role ?? 'leaf');
  const named = n.kind === 'op' && n.name !== null ? ` ${n.name}` : '';
  const role = n.kind === 'leaf' ? ` (${n.role})` : '';
  return `#${n.id} ${what}${named} [${n.shape.join(',')}]${role}`;
}

const FIELDS = ['min', 'max', 'mean', 'std'] as const;

function Row({ name, s }: { name: string; s: Summary | null }) {
  if (s === null)
    return (
      <tr>
        <th scope="row">{name}</th>
        <td colSpan={6}>none kept</td>
      </tr>
    );
  return (
    <tr data-row={name}>
      <th scope="row">{name}</th>
      {FIELDS.map((f) => (
        <td key={f} data-field={f}>
          {stat(s[f])}
        </td>
      ))}
      <td data-field="nonFinite">{s.nonFinite}</td>
      <td data-field="count">{s.count}</td>
    </tr>
  );
}

export function NodeDetails({ node, stats }: { node: GraphNode; stats: NodeStats }) {
  const attrs = node.kind === 'op' ? formatAttrs(node.attrs) : '';
  return (
    <div
      class="node-details"
      id="graph-stats"
      data-node={node.id}
      data-stats={JSON.stringify(stats)}
      aria-live="polite"
    >
      <p>
        <strong>{nodeLabel(node)}</strong>
        {node.scope.length > 0 ? <> in {node.scope.join(' / ')}</> : null}
        {node.dtype === 'float32' ? null : <> · {node.dtype}</>}
        {attrs === '' ? null : <> · {attrs}</>}
      </p>
      <div class="table-wrap">
        <table class="stats">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">min</th>
              <th scope="col">max</th>
              <th scope="col">mean</th>
              <th scope="col">std</th>
              <th scope="col">non-finite</th>
              <th scope="col">count</th>
            </tr>
          </thead>
          <tbody>
            <Row name="value" s={stats.value} />
            <Row name="gradient" s={stats.grad} />
          </tbody>
        </table>
      </div>
      <div class="histograms">
        <Histogram summary={stats.value} label="value" id="graph-hist-value" />
        {stats.grad === null ? null : (
          <Histogram summary={stats.grad} label="gradient" id="graph-hist-grad" />
        )}
      </div>
    </div>
  );
}
