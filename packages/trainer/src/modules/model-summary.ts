/**
 * `modelSummary`: a model's layers as a table (torchinfo's `summary`), the module tree of
 * `toString()` joined to core's graph `summary` of one forward pass, so that each row has the
 * layer's configuration (a convolution's channels, kernel, stride, padding...), its output shape,
 * its parameter count and its multiply–accumulate estimate.
 */
import {
  ArgumentError,
  className,
  describe,
  enableGrad,
  type Summary,
  summary,
  Tensor,
  zeros,
} from '@gradscope/core';
import type { Module } from './module.js';

/** One layer of a {@link ModelSummary}. */
export interface ModelSummaryRow {
  /** Dotted path of the module (`''` for the model itself, `'0'`, `'2.block'`). */
  readonly path: string;
  /** Nesting depth (0 for the model). */
  readonly depth: number;
  /** The module as `toString()` prints it without children: `Conv2d(1, 6, kernelSize=5, stride=1, padding=2)`. */
  readonly layer: string;
  /** Shape of the module's output in the traced pass (null when it did not run). */
  readonly outputShape: readonly number[] | null;
  /** Trainable scalars of the module and its children. */
  readonly params: number;
  /** Multiply–accumulate estimate of the ops the module ran (core's `summary`). */
  readonly macs: number;
}

/** What {@link modelSummary} returns. */
export interface ModelSummary {
  /** One row per module, depth first (the model first). */
  readonly rows: readonly ModelSummaryRow[];
  /** Shape of the input the pass ran on. */
  readonly inputShape: readonly number[];
  /** Trainable scalars of the model. */
  readonly totalParams: number;
  /** Sum of the ops' multiply–accumulate estimates for one pass over the input. */
  readonly totalMacs: number;
  /** Core's graph summary of the same pass (its rows are the graph scopes). */
  readonly graph: Summary;
  /** The table, as printed by `toString()`. */
  readonly text: string;
  /** Returns {@link ModelSummary.text}. */
  toString(): string;
}

/** The label `toString()` gives a module without its children. */
function label(m: Module): string {
  return `${className(m.constructor)}(${m.extraRepr()})`;
}

function int(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Runs `model` once on `input` (a tensor, or a shape for zeros of the model's dtype) in eval
 * mode, without changing it (training flags are restored; batch-norm statistics do not move),
 * and tabulates each layer with its configuration, output shape, parameters and MACs, as
 * torchinfo's `summary` does for PyTorch.
 *
 * @example
 * console.log(String(modelSummary(lenet, [1, 1, 28, 28])));
 */
export function modelSummary(model: Module, input: Tensor | readonly number[]): ModelSummary {
  if (model === null || typeof model !== 'object' || typeof model.namedModules !== 'function')
    throw new ArgumentError(`modelSummary: expected a model (a Module), got ${describe(model)}`);
  let x: Tensor;
  if (input instanceof Tensor) x = input;
  else if (Array.isArray(input) && input.every((d) => Number.isInteger(d) && d >= 0))
    x = zeros(input, { dtype: model.parameters()[0]?.dtype ?? 'float32' });
  else
    throw new ArgumentError(
      `modelSummary: expected an input tensor or shape, got ${describe(input)}`,
    );
  const modes = model.modules().map((m) => [m, m.training] as const);
  // Output shapes from forward hooks (a module that returns its input records no op).
  const shapes = new Map<Module, readonly number[]>();
  const removers = model
    .modules()
    .map((m) => m.registerForwardHook((mod, _x, y) => shapes.set(mod, [...y.shape])));
  model.eval();
  let g: Summary;
  try {
    g = summary(enableGrad(() => model.call(x)));
  } finally {
    for (const [m, t] of modes) m.training = t;
    for (const r of removers) r();
  }
  const rows: ModelSummaryRow[] = [];
  const visit = (m: Module, path: string, scope: string[], depth: number) => {
    // The scope path, or (when the summary ran inside an outer scope) a row ending with it.
    const endsWith = (r: { scope: readonly string[] }) =>
      r.scope.length >= scope.length &&
      scope.every((s, i) => r.scope[r.scope.length - scope.length + i] === s);
    const row =
      g.rows.find((r) => r.scope.length === scope.length && endsWith(r)) ?? g.rows.find(endsWith);
    rows.push({
      path,
      depth,
      layer: label(m),
      outputShape: shapes.get(m) ?? null,
      params: m.numParameters(),
      macs: row?.macs ?? 0,
    });
    for (const [k, c] of m.namedChildren())
      visit(c, path ? `${path}.${k}` : k, [...scope, `${k}:${c.scopeLabel()}`], depth + 1);
  };
  visit(model, '', [model.scopeName ?? model.scopeLabel()], 0);
  const text = table(rows, x.shape, model.numParameters(), g.totalMacs);
  return {
    rows,
    inputShape: [...x.shape],
    totalParams: model.numParameters(),
    totalMacs: g.totalMacs,
    graph: g,
    text,
    toString: () => text,
  };
}

function table(
  rows: readonly ModelSummaryRow[],
  input: readonly number[],
  params: number,
  macs: number,
): string {
  const head = ['Layer', 'Output shape', 'Params', 'MACs'];
  const body = rows.map((r) => [
    `${'  '.repeat(r.depth)}${r.depth === 0 ? '' : `(${r.path.split('.').pop()}) `}${r.layer}`,
    r.outputShape === null ? '-' : `[${r.outputShape.join(',')}]`,
    int(r.params),
    int(r.macs),
  ]);
  const widths = head.map((h, i) =>
    Math.max(h.length, ...body.map((b) => (b[i] as string).length)),
  );
  const fmt = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const rule = '='.repeat(fmt(head).length);
  return [
    rule,
    fmt(head),
    rule,
    ...body.map(fmt),
    rule,
    `Input shape: [${input.join(',')}]`,
    `Trainable params: ${int(params)}`,
    `Total MACs (estimate): ${int(macs)}`,
    rule,
    '',
  ].join('\n');
}
