/**
 * The run record as JSON: the state, the seed, the versions of the packages the page was built
 * with, the step, the losses so far, the gradient-flow measurements at initialisation and at the
 * latest measured step, and the worker's timing.
 */
import activations from '../../../../packages/activations/package.json';
import core from '../../../../packages/core/package.json';
import onnx from '../../../../packages/onnx/package.json';
import trainer from '../../../../packages/trainer/package.json';
import type { FlowStats } from '../engine/probe.js';
import type { LossPoint } from '../engine/session.js';
import type { SessionInfo, Snapshot } from '../worker/protocol.js';

/** Versions of the packages in this build. */
export const PACKAGE_VERSIONS: Readonly<Record<string, string>> = {
  '@gradscope/core': core.version,
  '@gradscope/activations': activations.version,
  '@gradscope/trainer': trainer.version,
  '@gradscope/onnx': onnx.version,
};

/** The record's shape (version 1). */
export interface RunRecord {
  readonly format: 'gradscope-playground-run/1';
  readonly state: SessionInfo['state'];
  readonly seed: number;
  readonly packages: Readonly<Record<string, string>>;
  readonly step: number;
  readonly epoch: number;
  readonly losses: readonly LossPoint[];
  readonly flow: { readonly initial: FlowStats; readonly latest: FlowStats | null };
  readonly timing: {
    readonly stepsPerSecond: number;
    readonly stepMs: number;
    readonly heavyMs: number;
  } | null;
}

/** The record of the session `info` at `snapshot` with the page's loss history. */
export function runRecord(
  info: SessionInfo,
  snapshot: Snapshot | null,
  losses: readonly LossPoint[],
): RunRecord {
  return {
    format: 'gradscope-playground-run/1',
    state: info.state,
    seed: info.state.seed,
    packages: PACKAGE_VERSIONS,
    step: snapshot?.step ?? 0,
    epoch: snapshot?.epoch ?? 0,
    losses,
    flow: { initial: info.initialFlow, latest: snapshot?.flow ?? null },
    timing:
      snapshot === null ? null : { stepsPerSecond: snapshot.stepsPerSecond, ...snapshot.timing },
  };
}
