/** The training controls: loss, optimiser, learning rate, schedule, penalty. */
import { OPTIMIZER_LABELS, SCHEDULE_LABELS } from '../../engine/optimizer.js';
import {
  isRegression,
  OPTIMIZERS,
  REGULARIZATIONS,
  SCHEDULES,
  type TrainingState,
  trainingOf,
  withSide,
} from '../../state/state.js';
import { update } from '../controller.js';
import { Select } from '../fields.js';
import { config, editing, info } from '../store.js';

const RATES = [1e-5, 3e-5, 1e-4, 3e-4, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const PENALTIES = [0, 1e-5, 1e-4, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];

export function TrainingPanel() {
  const side = editing.value;
  const t = trainingOf(config.value, side);
  const set = (p: Partial<TrainingState>) =>
    update((s) => withSide(s, side, { training: { ...trainingOf(s, side), ...p } }));
  const regression = isRegression(config.value.data.dataset) || info.value?.kind === 'regression';
  return (
    <section class="panel" aria-labelledby="training-heading">
      <h2 id="training-heading">
        Training{config.value.compare ? ` (${side.toUpperCase()})` : ''}
      </h2>
      <Select
        id="loss"
        label="Loss"
        value={regression ? 'mse' : t.loss}
        options={[
          { value: 'crossEntropy', label: 'cross-entropy', disabled: regression },
          { value: 'mse', label: 'mean squared error' },
        ]}
        hint={regression ? 'regression trains with mean squared error' : undefined}
        onChange={(loss) => set({ loss })}
      />
      <Select
        id="optimizer"
        label="Optimiser"
        value={t.optimizer}
        options={OPTIMIZERS.map((o) => ({ value: o, label: OPTIMIZER_LABELS[o] }))}
        onChange={(optimizer) => set({ optimizer })}
      />
      <Select
        id="lr"
        label="Learning rate"
        value={t.lr}
        options={RATES.map((r) => ({ value: r, label: String(r) }))}
        onChange={(lr) => set({ lr })}
      />
      <Select
        id="schedule"
        label="Schedule"
        value={t.schedule}
        options={SCHEDULES.map((s) => ({ value: s, label: SCHEDULE_LABELS[s] }))}
        onChange={(schedule) => set({ schedule })}
      />
      <Select
        id="regularization"
        label="Regularisation"
        value={t.regularization}
        options={REGULARIZATIONS.map((r) => ({
          value: r,
          label: r === 'none' ? 'none' : r === 'l1' ? 'L1: λ Σ|w|' : 'L2: λ/2 Σ w²',
        }))}
        onChange={(regularization) => set({ regularization })}
      />
      <Select
        id="reg-rate"
        label="Regularisation rate λ"
        value={t.regRate}
        options={PENALTIES.map((r) => ({ value: r, label: String(r) }))}
        onChange={(regRate) => set({ regRate })}
      />
    </section>
  );
}
