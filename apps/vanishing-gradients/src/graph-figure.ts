/**
 * The `graph` experiment: the computation graph of a small network, traced from core's recorded graph
 * (`traceGraph`), exported as DOT (`toDot`, nodes coloured by log10 of their gradient norm) and
 * laid out to SVG by Graphviz compiled to WebAssembly (`@viz-js/viz`).
 */
import { retainAllGrads, type Tensor, tensor, toDot, traceGraph } from '@gradscope/core';
import { crossEntropy, mlp } from '@gradscope/trainer';
import { instance } from '@viz-js/viz';
import { TRAINING_DATASETS } from './training.js';

/** One rendered graph (results.json `graph.graphs[]` keeps everything but the SVG). */
export interface GraphFigure {
  readonly activation: string;
  readonly init: string;
  readonly depth: number;
  readonly width: number;
  readonly nodes: number;
  readonly dot: string;
  readonly svg: string;
}

/** Builds the network, runs one forward/backward on a batch, and renders its graph. */
export async function renderNetworkGraph(o: {
  activation: string;
  init: string;
  depth?: number;
  width?: number;
  batch?: number;
  seed?: number;
}): Promise<GraphFigure> {
  const depth = o.depth ?? 3;
  const width = o.width ?? 8;
  const batch = o.batch ?? 16;
  const seed = o.seed ?? 0;
  const data = (
    TRAINING_DATASETS.twoSpirals as NonNullable<(typeof TRAINING_DATASETS)['twoSpirals']>
  )(batch, 1000 + seed);
  const model = mlp({
    inputSize: 2,
    hidden: new Array<number>(depth).fill(width),
    outputSize: 2,
    activation: o.activation,
    init: o.init,
    seed,
  });
  const x: Tensor = tensor(data.x.data, { shape: data.x.shape.slice() }).named('x');
  const loss = crossEntropy(model.call(x), data.y).named('loss');
  retainAllGrads(loss);
  loss.backward(undefined, { retainGraph: true });
  const graph = traceGraph(loss);
  const dot = toDot(graph, {
    colorBy: 'gradient',
    gradients: true,
    rankdir: 'LR',
    attrs: false,
    title: `${o.activation}, ${o.init}, ${depth} hidden layers of ${width}: fill = log10 |gradient| (grey = zero)`,
  });
  const viz = await instance();
  const svg = viz.renderString(dot, { format: 'svg', engine: 'dot' });
  return {
    activation: o.activation,
    init: o.init,
    depth,
    width,
    nodes: graph.nodes.length,
    dot,
    svg: svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/, ''),
  };
}
