/** The data controls: the set, noise, split, batch size, regenerate, CSV upload, features. */

import { MAX_ROWS } from '../../data/csv.js';
import { DATASET_LABELS } from '../../data/datasets.js';
import { DATASETS, FEATURE_LABELS, FEATURES, LIMITS } from '../../state/state.js';
import { loadCsv, regenerate, update } from '../controller.js';
import { Check, NumberBox, Range, Select } from '../fields.js';
import { config, csvMessage, csvTable } from '../store.js';

export function DataPanel() {
  const d = config.value.data;
  const set = (p: Partial<typeof d>) => update((s) => ({ ...s, data: { ...s.data, ...p } }));
  const csv = csvTable.value;
  const msg = csvMessage.value;
  return (
    <section class="panel" aria-labelledby="data-heading">
      <h2 id="data-heading">Data</h2>
      <Select
        id="dataset"
        label="Data set"
        value={d.dataset}
        options={DATASETS.map((v) => ({
          value: v,
          label: DATASET_LABELS[v],
          disabled: v === 'csv' && csv === null,
        }))}
        onChange={(dataset) => set({ dataset })}
      />
      <div class="field">
        <label for="csv-file">
          Upload a CSV (numeric feature columns, label last; ≤ {MAX_ROWS} rows)
        </label>
        <input
          id="csv-file"
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(e) => {
            const f = (e.currentTarget as HTMLInputElement).files?.[0];
            if (f !== undefined) void loadCsv(f);
            (e.currentTarget as HTMLInputElement).value = '';
          }}
        />
        {msg !== null && (
          <p id="csv-message" class={msg.ok ? 'note' : 'error'} role={msg.ok ? 'status' : 'alert'}>
            {msg.text}
          </p>
        )}
      </div>
      <Range
        id="noise"
        label="Noise"
        value={d.noise}
        min={LIMITS.noise.min}
        max={LIMITS.noise.max}
        step={0.05}
        format={(v) => `${Math.round(v * 100)}%`}
        onChange={(noise) => set({ noise })}
      />
      <Range
        id="train-fraction"
        label="Training data"
        value={d.trainFraction}
        min={LIMITS.trainFraction.min}
        max={LIMITS.trainFraction.max}
        step={0.1}
        format={(v) => `${Math.round(v * 100)}%`}
        onChange={(trainFraction) => set({ trainFraction })}
      />
      <NumberBox
        id="batch-size"
        label="Batch size"
        value={d.batchSize}
        min={LIMITS.batchSize.min}
        max={LIMITS.batchSize.max}
        onChange={(batchSize) => set({ batchSize })}
      />
      <NumberBox
        id="samples"
        label="Points"
        value={d.samples}
        min={LIMITS.samples.min}
        max={LIMITS.samples.max}
        onChange={(samples) => set({ samples })}
      />
      <div class="row">
        <NumberBox
          id="seed"
          label="Seed"
          value={config.value.seed}
          min={LIMITS.seed.min}
          max={LIMITS.seed.max}
          onChange={(seed) => update((s) => ({ ...s, seed }))}
        />
        <button type="button" id="regenerate" onClick={regenerate}>
          Regenerate
        </button>
      </div>
      <fieldset>
        <legend>Input features</legend>
        {FEATURES.map((f) => (
          <Check
            key={f}
            id={`feature-${f}`}
            label={FEATURE_LABELS[f]}
            checked={d.features.includes(f)}
            onChange={(on) => {
              const features = on ? [...d.features, f] : d.features.filter((x) => x !== f);
              set({ features: FEATURES.filter((x) => features.includes(x)) });
            }}
          />
        ))}
      </fieldset>
    </section>
  );
}
