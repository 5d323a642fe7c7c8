/** Timing: warm-up, then repeated samples; the figure is the median time per call. */

export interface MeasureOptions {
  /** Milliseconds of warm-up calls before sampling. */
  readonly warmupMs: number;
  /** Each sample runs enough calls to last at least this long (ms). */
  readonly sampleMs: number;
  /** Number of samples (0: warm up and calibrate only). */
  readonly samples: number;
  /**
   * Calls per sample, from an earlier warm-up of the same function in this process: skips the
   * warm-up and the calibration.
   */
  readonly calls?: number;
}

export interface Measurement {
  /** Median time per call, milliseconds. */
  readonly median: number;
  /** Every sample's time per call, milliseconds, sorted. */
  readonly perCall: readonly number[];
  /** Calls per sample. */
  readonly calls: number;
}

/** The median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Times `fn` (synchronous); see {@link MeasureOptions}. */
export function measure(fn: () => void, o: MeasureOptions): Measurement {
  const calls = o.calls ?? warmUp(fn, o);
  const perCall: number[] = [];
  for (let s = 0; s < o.samples; s++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) fn();
    perCall.push((performance.now() - start) / calls);
  }
  perCall.sort((a, b) => a - b);
  return { median: perCall.length > 0 ? median(perCall) : Number.NaN, perCall, calls };
}

/** Warm-up calls (at least two), then one timed call: returns the calls per sample. */
function warmUp(fn: () => void, o: MeasureOptions): number {
  let t0 = performance.now();
  let warm = 0;
  do {
    fn();
    warm++;
  } while (performance.now() - t0 < o.warmupMs || warm < 2);
  t0 = performance.now();
  fn();
  const one = Math.max(performance.now() - t0, 1e-4);
  return Math.max(1, Math.ceil(o.sampleMs / one));
}
