import { ArgumentError, describe, type Tensor } from '@gradscope/core';
import { Module } from './module.js';

/** Applies its children in order: `y = m_n(...m_1(x))`. Children are named `'0'`, `'1'`, ... */
export class Sequential extends Module {
  static override readonly typeName: string = 'Sequential';
  private readonly layers: Module[];
  constructor(...layers: Module[]) {
    super();
    this.layers = [];
    for (const l of layers) this.append(l);
  }

  /** Adds a module at the end; returns this. */
  append(m: Module): this {
    if (!(m instanceof Module))
      throw new ArgumentError(`Sequential: expected Module children, got ${describe(m)}`);
    this.registerModule(String(this.layers.length), m);
    this.layers.push(m);
    return this;
  }

  /** Number of children. */
  get length(): number {
    return this.layers.length;
  }

  /** The i-th child. */
  at(i: number): Module {
    const m = this.layers[i < 0 ? this.layers.length + i : i];
    if (m === undefined)
      throw new ArgumentError(
        `Sequential.at: index ${i} out of range for ${this.layers.length} layers`,
      );
    return m;
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const l of this.layers) y = l.call(y);
    return y;
  }
}
