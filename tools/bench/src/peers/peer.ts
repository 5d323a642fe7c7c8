import type { MlpConfig } from '../data.js';

/** One framework (and backend) under test. Each method prepares inputs and returns the timed call. */
export interface Peer {
  readonly name: string;
  /** Package versions to print in the report. */
  readonly version: string;
  /** Makes this peer's backend current (tfjs switches backends). */
  activate(): Promise<void>;
  /** `C = A B`, float32, `n x n`; null when the peer would take too long at this size. */
  matmul(n: number): (() => void) | null;
  /**
   * `a + b` on 16 float32 elements; with `recording`, inputs that require gradients. `ops` is
   * how many adds one call performs (tfjs records only inside a gradient tape, so its recorded
   * case runs a batch of adds in one tape).
   */
  add16(recording: boolean): { run: () => void; ops: number } | null;
  /** Frees what the last builder allocated (tfjs tensors). */
  cleanup(): void;
  /** One training step (forward, loss, backward, SGD update); returns the step and a loss probe. */
  mlpStep(cfg: MlpConfig): { step: () => void; loss: () => number } | null;
  /** One forward of the `CONV` convolution of data.ts (no gradient); null when the peer has no conv. */
  conv2d(): (() => void) | null;
  /**
   * LeNet-5 on the shared data (`LENET` in data.ts): one training step, or one forward pass
   * without gradients (`'forward'`, whose loss probe is the forward's loss); null when the peer
   * cannot run it.
   */
  lenet(mode: 'step' | 'forward'): { step: () => void; loss: () => number } | null;
}
