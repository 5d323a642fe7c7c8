/** A small text plot of a loss curve on a log10 scale (no dependencies). */

/** Renders `values` (all > 0) as `height` rows × at most `width` columns of `*`, log10 y axis. */
export function plotLog(values: readonly number[], width = 60, height = 10): string {
  if (values.length === 0) return '(no values)';
  const cols = Math.min(width, values.length);
  const sampled: number[] = [];
  for (let c = 0; c < cols; c++) {
    const i = Math.round((c * (values.length - 1)) / Math.max(1, cols - 1));
    sampled.push(Math.log10(Math.max(values[i] as number, Number.MIN_VALUE)));
  }
  const hi = Math.max(...sampled);
  const lo = Math.min(...sampled);
  const span = hi - lo || 1;
  const grid = Array.from({ length: height }, () => Array<string>(cols).fill(' '));
  sampled.forEach((v, c) => {
    const row = Math.round(((hi - v) / span) * (height - 1));
    (grid[row] as string[])[c] = '*';
  });
  return grid
    .map((row, r) => {
      const v = hi - (r / Math.max(1, height - 1)) * span;
      return `${(10 ** v).toExponential(1).padStart(8)} │${row.join('')}`;
    })
    .concat(`${' '.repeat(9)}└${'─'.repeat(cols)} step 0..${values.length - 1}`)
    .join('\n');
}
