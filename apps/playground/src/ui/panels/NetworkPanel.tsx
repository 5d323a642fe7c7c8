/**
 * The network controls: depth, width, activation (for all layers or per layer) and its
 * parameters, initialiser and gain, residual blocks, normalisation, dropout.
 */
import { listInitializers } from '@gradscope/trainer';
import { hiddenActivations } from '../../state/names.js';
import {
  activationOf,
  LIMITS,
  type NetworkState,
  networkOf,
  withDepth,
  withSide,
} from '../../state/state.js';
import { update } from '../controller.js';
import { Check, Range, Select } from '../fields.js';
import { config, editing } from '../store.js';
import { ActivationParams } from './ActivationParams.js';

const ACTIVATIONS = hiddenActivations().map((a) => ({ value: a, label: a }));
const INITS = listInitializers().map((i) => ({ value: i, label: i }));

export function NetworkPanel() {
  const side = editing.value;
  const n = networkOf(config.value, side);
  const set = (f: (n: NetworkState) => NetworkState) =>
    update((s) => withSide(s, side, { network: f(networkOf(s, side)) }));
  return (
    <section class="panel" aria-labelledby="network-heading">
      <h2 id="network-heading">Network{config.value.compare ? ` (${side.toUpperCase()})` : ''}</h2>
      <Range
        id="depth"
        label="Hidden layers"
        value={n.depth}
        min={LIMITS.depth.min}
        max={LIMITS.depth.max}
        step={1}
        onChange={(depth) => set((x) => withDepth(x, depth))}
      />
      <Range
        id="width"
        label="Units per layer"
        value={n.width}
        min={LIMITS.width.min}
        max={LIMITS.width.max}
        step={1}
        onChange={(width) => set((x) => ({ ...x, width }))}
      />
      <Select
        id="activation"
        label={n.layerActivations === null ? 'Activation' : 'Activation (new layers)'}
        value={n.activation}
        options={ACTIVATIONS}
        onChange={(activation) =>
          set((x) => ({
            ...x,
            activation,
            layerActivations: x.layerActivations === null ? null : x.layerActivations,
          }))
        }
      />
      <Check
        id="per-layer"
        label="A different activation per layer"
        checked={n.layerActivations !== null}
        onChange={(on) =>
          set((x) => ({
            ...x,
            layerActivations: on
              ? Array.from({ length: x.depth }, (_, l) => activationOf(x, l))
              : null,
          }))
        }
      />
      {n.layerActivations !== null && (
        <div class="layer-list">
          {n.layerActivations.map((a, l) => (
            <Select
              key={l}
              id={`activation-${l + 1}`}
              label={`Layer ${l + 1}`}
              value={a}
              options={ACTIVATIONS}
              onChange={(v) =>
                set((x) => ({
                  ...x,
                  layerActivations: (x.layerActivations ?? []).map((old, i) => (i === l ? v : old)),
                }))
              }
            />
          ))}
        </div>
      )}
      <ActivationParams network={n} onChange={set} />
      <Select
        id="init"
        label="Initialiser"
        value={n.init}
        options={INITS}
        onChange={(init) => set((x) => ({ ...x, init }))}
      />
      <Select
        id="gain"
        label="Gain"
        value={n.gain}
        options={[
          { value: 'default', label: "the initialiser's own" },
          { value: 'moments', label: '1/√E[f(z)²] from the activation' },
        ]}
        onChange={(gain) => set((x) => ({ ...x, gain }))}
      />
      <Check
        id="residual"
        label="Residual blocks"
        checked={n.residual}
        onChange={(residual) => set((x) => ({ ...x, residual }))}
      />
      <Select
        id="norm"
        label="Normalisation"
        value={n.norm}
        options={[
          { value: 'none', label: 'none' },
          { value: 'layer', label: 'LayerNorm' },
          { value: 'batch', label: 'BatchNorm' },
        ]}
        onChange={(norm) => set((x) => ({ ...x, norm }))}
      />
      <Range
        id="dropout"
        label="Dropout"
        value={n.dropout}
        min={LIMITS.dropout.min}
        max={LIMITS.dropout.max}
        step={0.05}
        format={(v) => (v === 0 ? 'off' : v.toFixed(2))}
        onChange={(dropout) => set((x) => ({ ...x, dropout }))}
      />
    </section>
  );
}
