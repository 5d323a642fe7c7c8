/** The training curves as Vega-Lite specs: loss and accuracy per epoch, training beside test. */
import type { EpochRow } from '../train.js';
import type { TopLevelSpec } from './vega-svg.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Which curve a chart shows. */
export type CurveField = 'loss' | 'accuracy';

/**
 * One line per data part (training: mean over the epoch's augmented batches; test: after the
 * epoch, eval mode), per epoch.
 */
export function curveSpec(history: readonly EpochRow[], field: CurveField): TopLevelSpec {
  const rows = history.flatMap((h) => [
    { epoch: h.epoch, part: 'training', value: field === 'loss' ? h.loss : h.accuracy },
    { epoch: h.epoch, part: 'test', value: field === 'loss' ? h.testLoss : h.testAccuracy },
  ]);
  return {
    $schema: SCHEMA,
    data: { values: rows },
    width: 420,
    height: 240,
    mark: { type: 'line', point: { size: 20 } },
    encoding: {
      x: {
        field: 'epoch',
        type: 'quantitative',
        title: 'epoch',
        axis: { tickMinStep: 1, format: 'd' },
      },
      y: {
        field: 'value',
        type: 'quantitative',
        title: field === 'loss' ? 'cross-entropy' : 'accuracy',
        scale: field === 'loss' ? { type: 'log' } : { zero: false },
        ...(field === 'accuracy' ? { axis: { format: '.1%' } } : {}),
      },
      color: {
        field: 'part',
        type: 'nominal',
        title: null,
        scale: { domain: ['training', 'test'], range: ['#4c78a8', '#e45756'] },
      },
    },
  } as TopLevelSpec;
}
