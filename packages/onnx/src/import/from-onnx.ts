/**
 * `fromONNX`: reads an ONNX model into an {@link OnnxModel}. The bytes are decoded and checked
 * (`decode.ts`), initializers read (`tensor-proto.ts`), nodes whose inputs are all constants
 * folded once (PyTorch's Shape/Gather/Unsqueeze/Concat arithmetic on constants, `Constant`
 * nodes), layer nodes lifted into trainer modules (`lift.ts`), and the rest kept as steps that
 * the model's forward runs on gradscope ops.
 */
import { GradscopeError, noGrad, Tensor } from '@gradscope/core';
import type { Module } from '@gradscope/trainer';
import { Activation } from '@gradscope/trainer';
import { OnnxError } from '../errors.js';
import { BUFFERS_METADATA_KEY } from '../export.js';
import type { NodeProto } from '../proto/onnx_pb.js';
import { decodeModel } from './decode.js';
import { liftNode } from './lift.js';
import { OnnxModel, type OnnxScope, type Program, type Step } from './model.js';
import { NodeContext } from './node-context.js';
import type { OpImpl } from './op-support.js';
import { elementwiseOps } from './ops-elementwise.js';
import { nnOps } from './ops-nn.js';
import { shapeOps } from './ops-shape.js';
import { type ActivationPattern, findActivationPatterns } from './patterns.js';
import { readTensorProto } from './tensor-proto.js';
import type { OnnxValue } from './values.js';

const OPS: { readonly [opType: string]: OpImpl } = { ...elementwiseOps, ...shapeOps, ...nnOps };

/** ONNX op types (default domain) that `fromONNX` reads. */
export function supportedOnnxOps(): string[] {
  return Object.keys(OPS).sort();
}

/** Options of {@link fromONNX}. */
export interface FromOnnxOptions {
  /**
   * Lift layer nodes (Gemm, Conv, BatchNormalization, LayerNormalization, Dropout, activations)
   * into the trainer's layer modules (default true). With false, every node runs as a plain op
   * and every float initializer is a parameter of the model's scopes.
   */
  lift?: boolean;
}

/**
 * A module path from a node's name. gradscope writes `Sequential/0:Linear/Gemm_1` (the `name:`
 * parts are the path); PyTorch writes one component per module, each the module's name relative
 * to some enclosing scope: `/features/features.0/Conv` (features.0), `/2/f/f.1/Tanh` (2.f.1).
 */
function pathFromNodeName(name: string): string[] {
  const parts = name
    .split('/')
    .slice(0, -1)
    .filter((p) => p !== '');
  if (parts.some((p) => p.includes(':')))
    return parts.filter((p) => p.includes(':')).map((p) => p.slice(0, p.indexOf(':')));
  const path: string[] = [];
  for (const part of parts) {
    const names = part.split('.');
    const at = path.lastIndexOf(names[0] as string);
    if (names.length > 1 && at >= 0) path.splice(at, path.length - at, ...names);
    else path.push(...names);
  }
  return path;
}

const valid = (path: readonly string[]) => path.length > 0 && path.every((p) => p !== '');

/** Where a lifted layer goes: its weight's dotted prefix (`fc.weight` → fc), else its node's scope. */
function layerPath(
  node: { name: string; opType: string },
  index: number,
  weight?: string,
): string[] {
  const m = weight === undefined ? null : /^(.+)\.[^.]+$/.exec(weight);
  const fromWeight = m === null ? [] : (m[1] as string).split('.');
  if (valid(fromWeight) && !/[:/]/.test(m?.[1] ?? ':')) return fromWeight;
  const fromName = pathFromNodeName(node.name);
  if (valid(fromName)) return fromName;
  return [node.name === '' ? `${node.opType}_${index}` : node.name.replaceAll('.', '_')];
}

/** A name not yet used at `scope`'s level, based on `base`. */
function freeName(scope: OnnxScope, base: string): string {
  const clean = base.replaceAll('.', '_') || 'value';
  let n = clean;
  for (let i = 1; !scope.isFree(n); i++) n = `${clean}_${i}`;
  return n;
}

/** Places `module` at `path` under `root` (or at the root under a free name); returns its dotted path. */
function placeModule(root: OnnxModel, path: readonly string[], module: Module): string {
  let at: OnnxScope | null = root;
  for (const part of path.slice(0, -1)) at = at?.scopeChild(part) ?? null;
  const last = path[path.length - 1] as string;
  if (at?.isFree(last)) {
    at.addModule(last, module);
    return path.join('.');
  }
  const name = freeName(root, path.join('_'));
  root.addModule(name, module);
  return name;
}

/** Places parameter (or buffer) `t` at the dotted initializer name (or at the root); returns its dotted path. */
function placeState(root: OnnxModel, name: string, t: Tensor, buffer: boolean): string {
  const add = (scope: OnnxScope, key: string) =>
    buffer ? scope.addBuffer(key, t) : scope.addParameter(key, t);
  const path = name.split('.');
  if (valid(path)) {
    let at: OnnxScope | null = root;
    for (const part of path.slice(0, -1)) at = at?.scopeChild(part) ?? null;
    const last = path[path.length - 1] as string;
    if (at?.isFree(last)) {
      add(at, last);
      return name;
    }
  }
  const free = freeName(root, name);
  add(root, free);
  return free;
}

/**
 * Reads an ONNX model (the bytes of a `.onnx` file, as a Uint8Array or an ArrayBuffer from
 * `fetch`, e.g. from `torch.onnx.export` or
 * {@link toONNX}) into a trainable gradscope module. Float initializers become parameters under
 * their names (PyTorch's dotted state-dict keys), layer nodes become the trainer's layers (Linear,
 * Conv1d/Conv2d, BatchNorm, LayerNorm, Dropout, Activation), and the forward rebuilds the graph
 * from differentiable gradscope ops, so `traceGraph`, `toDot`, gradient hooks,
 * `GradientFlowMonitor` and `fit` work on it. Constant subgraphs (PyTorch's shape arithmetic) are
 * folded once. The model is returned in eval mode, as the file describes inference; `fit` puts it
 * in training mode (dropout, batch statistics).
 *
 * Reads opsets 13 to 21 of the default domain; see {@link supportedOnnxOps}. Anything else (an
 * unsupported op, a malformed or hostile file, external data) throws an {@link OnnxError} that
 * names the node or value and what was expected, before any large allocation.
 *
 * @example
 * const model = fromONNX(readFileSync('mlp.onnx'));
 * const y = model.call(randn([4, 784]));
 * y.sum().backward(); // gradients of every parameter
 */
export function fromONNX(
  bytes: Uint8Array | ArrayBuffer,
  options: FromOnnxOptions = {},
): OnnxModel {
  if (options === null || typeof options !== 'object')
    throw new OnnxError(`fromONNX: expected an options object, got ${String(options)}`);
  const lift = options.lift ?? true;
  const checked = decodeModel(bytes);
  const { graph, opset } = checked;
  const supported = supportedOnnxOps();
  graph.node.forEach((n, i) => {
    if (OPS[n.opType] === undefined)
      throw new OnnxError(
        `fromONNX: op '${n.opType}' of node ${i}${n.name === '' ? '' : ` '${n.name}'`} (node ${i + 1} of ${graph.node.length}) is not supported; supported ops: ${supported.join(', ')}`,
      );
  });

  const constants = new Map<string, OnnxValue>();
  const weights = new Map<string, Tensor>();
  for (const t of graph.initializer) {
    const v = readTensorProto(t, `fromONNX: initializer '${t.name}'`);
    if (v instanceof Tensor && v.ndim >= 1) weights.set(t.name, v);
    else constants.set(t.name, v);
  }
  const buffers = buffersOf(checked.model.metadataProps);
  const readers = new Map<string, number>();
  for (const n of graph.node) for (const x of n.input) readers.set(x, (readers.get(x) ?? 0) + 1);
  for (const o of graph.output) readers.set(o.name, (readers.get(o.name) ?? 0) + 1);

  const steps: Step[] = [];
  const parameters = new Map<string, Tensor>();
  const onnxNames = new Map<string, string>();
  const program: Program = {
    inputs: checked.inputs,
    outputs: checked.outputs.map((o) => o.name),
    steps,
    constants,
    parameters,
    onnxNames,
    opset,
    producer: [checked.model.producerName, checked.model.producerVersion]
      .filter((s) => s !== '')
      .join(' '),
  };
  const root = new OnnxModel(program);

  const patterns = new Map<number, ActivationPattern>();
  if (lift)
    for (const p of findActivationPatterns(graph, (v) => scalarValue(v, constants, graph, opset)))
      if ([...p.nodes].every((k) => !patterns.has(k))) for (const k of p.nodes) patterns.set(k, p);

  for (const i of checked.order) {
    const node = graph.node[i] as (typeof graph.node)[number];
    const ctx = new NodeContext(node, i, opset);
    const impl = OPS[node.opType] as OpImpl;
    const pattern = patterns.get(i);
    if (pattern !== undefined && !constants.has(pattern.input)) {
      // One Activation layer for the whole pattern, run at its last node.
      if (i !== pattern.last) continue;
      const layer = new Activation(pattern.name);
      placeModule(root, layerPath(node, i), layer);
      steps.push({
        ctx,
        inputs: [pattern.input],
        outputs: [node.output[0] as string],
        layer,
        impl,
        scope: '',
      });
      continue;
    }
    if (node.input.every((x) => x === '' || constants.has(x))) {
      const outs = run(ctx, () =>
        noGrad(() =>
          impl(
            node.input.map((x) => (x === '' ? undefined : constants.get(x))),
            ctx,
          ),
        ),
      );
      node.output.forEach((o, k) => {
        const v = outs[k];
        if (o !== '' && v !== undefined) constants.set(o, v);
      });
      continue;
    }
    const lifted = lift ? run(ctx, () => liftNode(ctx, { constants, weights, readers })) : null;
    let layer: Module | null = null;
    if (lifted !== null) {
      const weightName = lifted.took.get('weight');
      const path = placeModule(root, layerPath(node, i, weightName), lifted.module);
      for (const [key, init] of lifted.took) {
        onnxNames.set(`${path}.${key}`, init);
        weights.delete(init);
      }
      layer = lifted.module;
    } else {
      for (const x of node.input) {
        const w = weights.get(x);
        if (w === undefined || parameters.has(x)) continue;
        parameters.set(x, w);
        onnxNames.set(placeState(root, x, w, buffers.has(x)), x);
      }
    }
    steps.push({
      ctx,
      inputs: node.input,
      outputs: node.output,
      layer,
      impl,
      scope: node.name === '' ? `${node.opType}_${i}` : node.name,
    });
  }
  // A graph output read straight from an initializer.
  for (const o of graph.output) {
    const w = weights.get(o.name);
    if (w !== undefined && !parameters.has(o.name)) {
      parameters.set(o.name, w);
      onnxNames.set(placeState(root, o.name, w, buffers.has(o.name)), o.name);
    }
  }
  return root.eval();
}

/** The value of a scalar constant: a one-element initializer or `Constant` node. */
function scalarValue(
  name: string,
  constants: ReadonlyMap<string, OnnxValue>,
  graph: { readonly node: readonly NodeProto[] },
  opset: number,
): number | undefined {
  const c = constants.get(name);
  if (c !== undefined) return c.size === 1 ? (c.data[0] as number) : undefined;
  const i = graph.node.findIndex((n) => n.opType === 'Constant' && n.output[0] === name);
  if (i < 0) return undefined;
  try {
    const v = new NodeContext(graph.node[i] as NodeProto, i, opset).tensor('value');
    return v !== undefined && v.size === 1 ? (v.data[0] as number) : undefined;
  } catch {
    return undefined; // a malformed Constant fails with its own error when it is folded
  }
}

/** The initializers that `toONNX` marked as buffers (metadata `gradscope.buffers`). */
function buffersOf(props: ReadonlyArray<{ key: string; value: string }>): Set<string> {
  const entry = props.find((p) => p.key === BUFFERS_METADATA_KEY);
  if (entry === undefined) return new Set();
  let list: unknown;
  try {
    list = JSON.parse(entry.value);
  } catch {
    list = undefined;
  }
  if (!Array.isArray(list) || list.some((n) => typeof n !== 'string'))
    throw new OnnxError(
      `fromONNX: metadata '${BUFFERS_METADATA_KEY}' must be a JSON array of initializer names, got ${JSON.stringify(entry.value.slice(0, 80))}`,
    );
  return new Set(list as string[]);
}

/** Runs an import-time step, naming the node in any error it raises. */
function run<T>(ctx: NodeContext, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof OnnxError || !(e instanceof GradscopeError)) throw e;
    throw new OnnxError(`fromONNX: ${ctx.label}: ${e.message}`);
  }
}
