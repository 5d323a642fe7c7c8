/**
 * The exports that need the model, made in the worker from the running {@link Session}: the
 * weights as safetensors (the trainer's writer; keys are the model's `stateDict()` names), the
 * model as ONNX (`toONNX` of `session.net.model`, the input named `input`, the batch dimension
 * symbolic), and the TypeScript program that reproduces the run ({@link reproductionProgram}).
 */
import { tensor } from '@gradscope/core';
import { toONNX } from '@gradscope/onnx';
import { encodeSafetensors } from '@gradscope/trainer';
import type { Session } from '../engine/session.js';
import { reproductionProgram } from './program.js';

/** What the worker can export. */
export type WorkerExport = 'safetensors' | 'onnx' | 'program';

/** The bytes of `what` for `session` now. */
export function exportArtifact(session: Session, what: WorkerExport): Uint8Array {
  switch (what) {
    case 'safetensors':
      return encodeSafetensors(session.net.model.stateDict(), {
        format: 'pt',
        producer: 'gradscope playground',
        step: String(session.step),
      });
    case 'onnx': {
      const model = session.net.model;
      const wasTraining = model.training;
      model.eval();
      try {
        const example = tensor(new Float32Array(2 * session.data.inputSize), {
          shape: [2, session.data.inputSize],
        });
        return toONNX(model, example, {
          inputNames: ['input'],
          outputNames: ['output'],
          dynamicBatch: true,
          graphName: 'gradscope_playground',
        });
      } finally {
        if (wasTraining) model.train();
      }
    }
    case 'program':
      return new TextEncoder().encode(reproductionProgram(session, session.step));
  }
}
