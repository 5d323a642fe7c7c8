/**
 * The worker's exports through {@link WorkerHost}'s messages: the safetensors file holds the
 * session's weights after the same steps bit for bit, the ONNX file loads with `fromONNX` and
 * gives the model's outputs, the program's text is the run's, and exporting leaves training as
 * it was.
 */
import { tensor } from '@gradscope/core';
import { fromONNX } from '@gradscope/onnx';
import { decodeSafetensors } from '@gradscope/trainer';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, type PlaygroundState } from '../state/state.js';
import { build, type HostEnv, WorkerHost } from '../worker/host.js';
import type { FromWorker } from '../worker/protocol.js';
import type { WorkerExport } from './artifacts.js';

const state: PlaygroundState = {
  ...DEFAULT_STATE,
  seed: 5,
  network: { ...DEFAULT_STATE.network, depth: 3, width: 6, norm: 'batch', dropout: 0.1 },
};

function host() {
  const out: Array<{ m: FromWorker; transfer: Transferable[] }> = [];
  const env: HostEnv = {
    post: (m, transfer) => out.push({ m, transfer: transfer ?? [] }),
    defer: () => {},
    now: () => 0,
  };
  const h = new WorkerHost(env);
  h.handle({ type: 'configure', state, heatmapSize: 4 });
  const get = (what: WorkerExport, id = 1) => {
    h.handle({ type: 'export', id, what });
    const last = out.at(-1) as { m: FromWorker; transfer: Transferable[] };
    if (last.m.type !== 'export') throw new Error(`expected an export message, got ${last.m.type}`);
    return last;
  };
  return { h, get };
}

describe('exports from the worker host', () => {
  it('safetensors: the stateDict names and the weights after 7 steps, bit for bit; bytes transferred', () => {
    const { h, get } = host();
    h.handle({ type: 'step', count: 7 });
    const { m, transfer } = get('safetensors', 9);
    if (m.type !== 'export' || m.bytes === null) throw new Error('no bytes');
    expect(m.id).toBe(9);
    expect(m.step).toBe(7);
    expect(transfer).toEqual([m.bytes.buffer]);
    const { tensors, metadata } = decodeSafetensors(m.bytes);
    const truth = build(state);
    truth.run(7);
    const dict = truth.net.model.stateDict();
    expect(Object.keys(tensors)).toEqual(Object.keys(dict));
    for (const [k, t] of Object.entries(dict)) {
      expect(tensors[k]?.shape).toEqual(t.shape);
      expect(Array.from(tensors[k]?.data ?? [])).toEqual(Array.from(t.data));
    }
    expect(metadata.step).toBe('7');
  });

  it('ONNX: fromONNX gives the eval-mode outputs of the model on a few points; training goes on unchanged', () => {
    const { h, get } = host();
    h.handle({ type: 'step', count: 5 });
    const { m } = get('onnx');
    if (m.type !== 'export' || m.bytes === null)
      throw new Error(m.type === 'export' ? String(m.error) : 'no');
    const onnx = fromONNX(m.bytes);
    const truth = build(state);
    truth.run(5);
    const x = tensor(Float32Array.from([0.5, -1, 2, 3, -4, 0.1, 1, 1, -2, 5]), { shape: [5, 2] });
    truth.net.model.eval();
    const want = Array.from(truth.net.model.call(x).data);
    truth.net.model.train();
    const got = Array.from((onnx.run(x)[0] as ReturnType<typeof tensor>).data);
    expect(got.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i] as number, 6);
    // Exporting did not change the run: 5 more steps equal 10 steps without an export.
    h.handle({ type: 'step', count: 5 });
    const after = get('safetensors');
    truth.run(5);
    if (after.m.type !== 'export' || after.m.bytes === null) throw new Error('no bytes');
    const { tensors } = decodeSafetensors(after.m.bytes);
    for (const [k, t] of Object.entries(truth.net.model.stateDict()))
      expect(Array.from(tensors[k]?.data ?? [])).toEqual(Array.from(t.data));
  });

  it('program: the source of this run at the current step; no session gives an error', () => {
    const { h, get } = host();
    h.handle({ type: 'step', count: 3 });
    const { m } = get('program');
    if (m.type !== 'export' || m.bytes === null) throw new Error('no bytes');
    const text = new TextDecoder().decode(m.bytes);
    expect(text).toContain('"steps": 3');
    expect(text).toContain("from '@gradscope/trainer'");
    expect(text).not.toMatch(/from '\.\.?\//);
    const empty = new WorkerHost({
      post: (x) =>
        void expect(x).toMatchObject({
          bytes: null,
          error: 'nothing to export: no session is configured',
        }),
      defer: () => {},
      now: () => 0,
    });
    empty.handle({ type: 'export', id: 2, what: 'onnx' });
  });
});
