/**
 * Labelled form controls, all native elements (keyboard-operable as browsers make them): a
 * select, a slider with its value shown, a number box and a checkbox. Each commits its value on
 * `change` (slider release, Enter, blur), so dragging does not rebuild the network at every
 * pixel.
 */
import { useEffect, useId, useState } from 'preact/hooks';

interface Option<T extends string | number> {
  readonly value: T;
  readonly label: string;
  readonly disabled?: boolean;
}

/** A labelled `<select>`. */
export function Select<T extends string | number>(p: {
  label: string;
  value: T;
  options: readonly Option<T>[];
  onChange: (v: T) => void;
  id?: string;
  hint?: string;
}) {
  const auto = useId();
  const id = p.id ?? auto;
  const options = p.options.some((o) => o.value === p.value)
    ? p.options
    : [...p.options, { value: p.value, label: String(p.value) }];
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <select
        id={id}
        title={p.hint}
        onChange={(e) => {
          const i = (e.currentTarget as HTMLSelectElement).selectedIndex;
          const o = options[i];
          if (o !== undefined) p.onChange(o.value);
        }}
      >
        {options.map((o) => (
          <option
            key={String(o.value)}
            value={String(o.value)}
            selected={o.value === p.value}
            disabled={o.disabled}
          >
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled slider showing its value; commits on change. */
export function Range(p: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange: (v: number) => void;
  format?: (v: number) => string;
  id?: string;
}) {
  const auto = useId();
  const id = p.id ?? auto;
  const [shown, setShown] = useState(p.value);
  useEffect(() => setShown(p.value), [p.value]);
  const fmt = p.format ?? String;
  return (
    <div class="field">
      <label for={id}>
        {p.label} <output for={id}>{fmt(shown)}</output>
      </label>
      <input
        id={id}
        type="range"
        min={p.min}
        max={p.max}
        step={p.step}
        value={shown}
        aria-valuetext={fmt(shown)}
        onInput={(e) => setShown(Number((e.currentTarget as HTMLInputElement).value))}
        onChange={(e) => p.onChange(Number((e.currentTarget as HTMLInputElement).value))}
      />
    </div>
  );
}

/** A labelled number box; out-of-range or non-integer entries are clamped and rounded. */
export function NumberBox(p: {
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (v: number) => void;
  id?: string;
}) {
  const auto = useId();
  const id = p.id ?? auto;
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <input
        id={id}
        type="number"
        min={p.min}
        max={p.max}
        step={1}
        value={p.value}
        onChange={(e) => {
          const el = e.currentTarget as HTMLInputElement;
          const v = Math.round(Number(el.value));
          const c = Number.isFinite(v) ? Math.min(p.max, Math.max(p.min, v)) : p.value;
          el.value = String(c);
          if (c !== p.value) p.onChange(c);
        }}
      />
    </div>
  );
}

/** A labelled checkbox. */
export function Check(p: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  id?: string;
}) {
  const auto = useId();
  const id = p.id ?? auto;
  return (
    <div class="field check">
      <input
        id={id}
        type="checkbox"
        checked={p.checked}
        onChange={(e) => p.onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>{p.label}</label>
    </div>
  );
}
