/** Play / pause, one step, reset; step and epoch counters, speed; errors from the worker. */
import { pause, play, reset, step } from '../controller.js';
import { info, snapshot, urlProblems, workerError } from '../store.js';

export function Toolbar() {
  const s = snapshot.value;
  const i = info.value;
  const running = s?.running ?? false;
  return (
    <header class="toolbar">
      <h1>gradscope playground</h1>
      <fieldset class="buttons">
        <legend class="visually-hidden">Training</legend>
        <button
          type="button"
          id="play"
          aria-pressed={running}
          disabled={i === null}
          onClick={() => (running ? pause() : play())}
        >
          {running ? 'Pause' : 'Play'}
        </button>
        <button type="button" id="step" disabled={i === null} onClick={() => step(1)}>
          Step
        </button>
        <button type="button" id="reset" disabled={i === null} onClick={reset}>
          Reset
        </button>
      </fieldset>
      <p class="counters" aria-live="off">
        Epoch <strong id="epoch">{s?.epoch ?? 0}</strong> · step{' '}
        <strong id="step-count">{s?.step ?? 0}</strong>
        {running && s !== null && (
          <>
            {' '}
            · <span id="speed">{Math.round(s.stepsPerSecond)}</span> steps/s (
            <span id="step-ms">{s.timing.stepMs.toFixed(2)}</span> ms a step, losses and heatmap{' '}
            <span id="heavy-ms">{s.timing.heavyMs.toFixed(0)}</span> ms)
          </>
        )}
        {i !== null && <> · {i.parameters.toLocaleString('en')} parameters</>}
      </p>
      {workerError.value !== null && (
        <p class="error" role="alert" id="worker-error">
          {workerError.value}
        </p>
      )}
      {urlProblems.value.length > 0 && (
        <p class="note" role="status">
          Ignored in the URL: {urlProblems.value.join('; ')}
        </p>
      )}
    </header>
  );
}
