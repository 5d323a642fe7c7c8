/**
 * Number boxes for the fixed parameters of the activations in use (leakyRelu's slope, ELU's
 * alpha, softplus's beta, …; PReLU's is the initial value of its learnable slope). A value the
 * activation refuses shows the activation's own message, and the network keeps its previous
 * value; a value equal to the default is stored as the default (absent from the URL).
 */
import { getActivation } from '@gradscope/activations';
import { useState } from 'preact/hooks';
import { checkActivationParams } from '../../state/names.js';
import {
  layerActivations,
  type NetworkState,
  paramsOf,
  withActivationParam,
} from '../../state/state.js';

/** The activations of `n` that have parameters, in layer order, each once. */
function withParams(n: NetworkState): string[] {
  return [...new Set(layerActivations(n))].filter((a) => getActivation(a).meta.params.length > 0);
}

export function ActivationParams(p: {
  network: NetworkState;
  onChange: (f: (n: NetworkState) => NetworkState) => void;
}) {
  const [message, setMessage] = useState<string | null>(null);
  const acts = withParams(p.network);
  if (acts.length === 0) return null;
  return (
    <div class="activation-params">
      {acts.map((a) => {
        const specs = getActivation(a).meta.params;
        const own = paramsOf(p.network, a) ?? {};
        return (
          <fieldset key={a} class="param-set">
            <legend>{a} parameters</legend>
            {specs.map((sp) => {
              const id = `param-${a}-${sp.name}`;
              const value = own[sp.name] ?? sp.default;
              return (
                <div class="field" key={sp.name}>
                  <label for={id} title={sp.description}>
                    {sp.name}{' '}
                    <span class="hint">
                      ({sp.description}; default {sp.default})
                    </span>
                  </label>
                  <input
                    id={id}
                    type="number"
                    step="any"
                    value={value}
                    onChange={(e) => {
                      const el = e.currentTarget as HTMLInputElement;
                      const v = el.value.trim() === '' ? Number.NaN : Number(el.value);
                      const full = Object.fromEntries(
                        specs.map((s) => [
                          s.name,
                          s.name === sp.name ? v : (own[s.name] ?? s.default),
                        ]),
                      );
                      const why = Number.isFinite(v)
                        ? checkActivationParams(a, full)
                        : `${a}: ${sp.name} must be a finite number, got '${el.value}'`;
                      if (why !== null) {
                        setMessage(`${why} (kept ${sp.name} = ${value})`);
                        el.value = String(value);
                        return;
                      }
                      setMessage(null);
                      p.onChange((n) => withActivationParam(n, a, sp.name, v, sp.default));
                    }}
                  />
                </div>
              );
            })}
          </fieldset>
        );
      })}
      {message !== null && (
        <p id="param-message" class="error" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}
