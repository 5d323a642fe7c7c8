/** The record of one op application: what graph export and backward both read. */
import { currentScope } from './grad-mode.js';
import type { Attrs, OpDef } from './registry.js';
import type { Tensor } from './tensor.js';

let nextNodeId = 1;

/** One recorded op application: the record graph export and backward both read. */
export class Node {
  /** Unique, increasing id (creation order). */
  readonly id: number = nextNodeId++;
  /** Inputs; `null` once the graph has been released by a backward pass. */
  inputs: readonly Tensor[] | null;
  /** Output; `null` once released. */
  output: Tensor | null;
  /** Scope path active when the op ran (see {@link scope}). */
  readonly scope: readonly string[];
  /** Where the op was created (only recorded in anomaly-detection mode). */
  stack: string | undefined;
  constructor(
    /** The op's registry record. */
    readonly op: OpDef,
    inputs: readonly Tensor[],
    output: Tensor,
    /** Attributes the op was applied with. */
    readonly attrs: Attrs,
  ) {
    this.inputs = inputs;
    this.output = output;
    this.scope = currentScope();
  }
  /** True once a backward pass without `retainGraph` went through this node. */
  get released(): boolean {
    return this.inputs === null;
  }
  /** Drops the saved tensors: the graph cannot be walked through this node again. */
  release(): void {
    this.inputs = null;
    this.output = null;
  }
}
