/**
 * `OnnxModel`: an imported ONNX graph as a trainer `Module`. Its forward runs the graph's nodes in
 * order on differentiable gradscope ops: lifted nodes through their layer modules (children, so
 * hooks, monitors and state dicts see them), the rest as plain ops inside a graph scope named
 * after the node. Float initializers are parameters, placed at their dotted names (`fc.weight` is
 * the `weight` of child `fc`), so `stateDict()` keys are PyTorch's.
 */
import { describe, formatShape, GradscopeError, scope, Tensor } from '@gradscope/core';
import { Module } from '@gradscope/trainer';
import { OnnxError } from '../errors.js';
import type { ValueSpec } from './decode.js';
import type { NodeContext } from './node-context.js';
import type { OpImpl } from './op-support.js';
import { asFloat, type OnnxValue } from './values.js';

/** One node of the forward: a layer module or an op implementation. */
export interface Step {
  readonly ctx: NodeContext;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** The lifted layer that runs this node, if any. */
  readonly layer: Module | null;
  /** The op implementation (when not lifted). */
  readonly impl: OpImpl;
  /** Graph scope of the plain op (the node's name). */
  readonly scope: string;
}

/** A module that only groups children and parameters under a dotted name. */
export class OnnxScope extends Module {
  /** Registers a parameter (the importer places initializers with it). */
  addParameter(name: string, t: Tensor): Tensor {
    return this.registerParameter(name, t);
  }
  /** Registers a buffer (state that is saved but not trained). */
  addBuffer(name: string, t: Tensor): Tensor {
    return this.registerBuffer(name, t);
  }
  /** Registers a child module. */
  addModule<M extends Module>(name: string, m: M): M {
    return this.registerModule(name, m);
  }
  /** Whether `name` is free for a parameter or child. */
  isFree(name: string): boolean {
    return (
      !this.namedChildren().some(([n]) => n === name) &&
      !this.namedParameters().some(([n]) => n === name && !n.includes('.')) &&
      !this.namedBuffers().some(([n]) => n === name && !n.includes('.'))
    );
  }
  /** The child scope `name`, made if absent; null when `name` is another kind of module. */
  scopeChild(name: string): OnnxScope | null {
    const found = this.namedChildren().find(([n]) => n === name)?.[1];
    if (found !== undefined) return found instanceof OnnxScope ? found : null;
    if (!this.isFree(name)) return null;
    return this.addModule(name, new OnnxScope());
  }
  /** Always throws: a scope only groups layers and parameters; call the model. */
  forward(x: Tensor): Tensor {
    throw new OnnxError(
      `OnnxScope: this module only groups imported layers and parameters; call the model, got ${describe(x)}`,
    );
  }
}

/** Everything the model runs with, made by `fromONNX`. */
export interface Program {
  readonly inputs: readonly ValueSpec[];
  readonly outputs: readonly string[];
  readonly steps: readonly Step[];
  /** Folded constants (non-trainable), by value name. */
  readonly constants: ReadonlyMap<string, OnnxValue>;
  /** Parameters and buffers read by plain ops, by initializer name. */
  readonly parameters: ReadonlyMap<string, Tensor>;
  /** Initializer name of each state-dict key the file supplied. */
  readonly onnxNames: ReadonlyMap<string, string>;
  readonly opset: number;
  readonly producer: string;
}

/** A graph input as the ONNX file declares it ({@link OnnxModel.inputSpecs}). */
export interface OnnxInputSpec {
  /** The input's name in the graph. */
  readonly name: string;
  /** Its element type. */
  readonly dtype: 'float32' | 'float64';
  /** Its dimensions, null where symbolic; null when the file gives no shape. */
  readonly dims: ReadonlyArray<number | null> | null;
}

/**
 * A model imported by `fromONNX`: a `Module` whose forward runs the ONNX graph on gradscope ops.
 * `call(x)` takes the single input of a single-output graph; `run(...inputs)` takes any number
 * and returns every output. The first dimension of an input may differ from the file's (it is
 * the batch); the others must match the declared shape.
 */
export class OnnxModel extends OnnxScope {
  private readonly program: Program;

  /** @internal Made by `fromONNX`. */
  constructor(program: Program) {
    super();
    this.program = program;
  }

  /** Names of the graph inputs, in order. */
  get inputNames(): string[] {
    return this.program.inputs.map((v) => v.name);
  }
  /**
   * The graph inputs as the file declares them, in order: name, element type and dimensions
   * (null where symbolic; `dims` null when the file gives no shape).
   */
  get inputSpecs(): OnnxInputSpec[] {
    return this.program.inputs.map((v) => ({
      name: v.name,
      dtype: v.dtype,
      dims: v.dims === null ? null : [...v.dims],
    }));
  }
  /** Names of the graph outputs, in order. */
  get outputNames(): string[] {
    return [...this.program.outputs];
  }
  /** The file's default-domain opset. */
  get opset(): number {
    return this.program.opset;
  }
  /** The ONNX initializer each state-dict key came from (`'0.weight'` → `'0.weight'`, or `'Conv_0.weight'` → `'onnx::Conv_12'`). */
  onnxNames(): Map<string, string> {
    return new Map(this.program.onnxNames);
  }

  override scopeLabel(): string {
    return 'OnnxModel';
  }

  override extraRepr(): string {
    const p = this.program;
    return `opset=${p.opset}, nodes=${p.steps.length}${p.producer === '' ? '' : `, producer=${p.producer}`}`;
  }

  /** Runs the graph on its single input and returns its single output (see {@link OnnxModel.run}). */
  override forward(x: Tensor): Tensor {
    const p = this.program;
    if (p.inputs.length !== 1 || p.outputs.length !== 1)
      throw new OnnxError(
        `OnnxModel: call(x) needs a graph with one input and one output; this one has ${p.inputs.length} inputs (${this.inputNames.join(', ')}) and ${p.outputs.length} outputs: use run(...inputs)`,
      );
    return this.evaluate([x])[0] as Tensor;
  }

  /** Runs the graph on `inputs` (one per graph input, in order); returns every output. */
  run(...inputs: Tensor[]): Tensor[] {
    return scope(this.scopeLabel(), () => this.evaluate(inputs));
  }

  private evaluate(inputs: readonly Tensor[]): Tensor[] {
    const p = this.program;
    if (inputs.length !== p.inputs.length)
      throw new OnnxError(
        `OnnxModel: expected ${p.inputs.length} inputs (${this.inputNames.join(', ')}), got ${inputs.length}`,
      );
    // Values this call computes; constants and parameters are read where they live.
    const env = new Map<string, OnnxValue>();
    const value = (n: string): OnnxValue | undefined =>
      env.get(n) ?? p.constants.get(n) ?? p.parameters.get(n);
    p.inputs.forEach((spec, i) => {
      env.set(spec.name, checkInput(spec, inputs[i]));
    });
    for (const step of p.steps) {
      const args = step.inputs.map((n) => (n === '' ? undefined : value(n)));
      let outs: OnnxValue[];
      try {
        outs =
          step.layer !== null
            ? [step.layer.call(args[0] as Tensor)]
            : scope(step.scope, () => step.impl(args, step.ctx));
      } catch (e) {
        if (e instanceof OnnxError || !(e instanceof GradscopeError)) throw e;
        throw new OnnxError(`fromONNX: ${step.ctx.label}: ${e.message}`);
      }
      step.outputs.forEach((o, i) => {
        const v = outs[i];
        if (o !== '' && v !== undefined) env.set(o, v);
      });
    }
    return p.outputs.map((name) => {
      const v = value(name) as OnnxValue;
      return v instanceof Tensor ? v : asFloat(v);
    });
  }
}

function checkInput(spec: ValueSpec, x: unknown): Tensor {
  if (!(x instanceof Tensor))
    throw new OnnxError(`OnnxModel: input '${spec.name}' must be a Tensor, got ${describe(x)}`);
  if (x.dtype !== spec.dtype)
    throw new OnnxError(`OnnxModel: input '${spec.name}' must be ${spec.dtype}, got ${x.dtype}`);
  const dims = spec.dims;
  if (dims === null) return x;
  const want = `[${dims.map((d, i) => (i === 0 ? 'batch' : d === null ? '?' : String(d))).join(', ')}]`;
  if (x.ndim !== dims.length || dims.some((d, i) => i > 0 && d !== null && d !== x.shape[i]))
    throw new OnnxError(
      `OnnxModel: input '${spec.name}' must have shape ${want}, got ${formatShape(x.shape)}`,
    );
  return x;
}
