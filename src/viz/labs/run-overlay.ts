/**
 * A run made elsewhere (a PyTorch curves.json, parsed by src/core/train/run-curves.ts) as chart series to overlay on
 * the labs' live curves: dashed, labelled with where it ran, by step (the race) or by epoch (the train lab).
 */
import type { RunCurves } from '../../core/train/run-curves.ts';
import type { CurveSeries } from '../series.ts';
import type { ColourRole } from '../theme.ts';

export type OverlayMetric = 'loss' | 'error' | 'accuracy';

/** One metric of the run as a dashed series; `x` picks steps or epochs; `what` prefixes the label (e.g. 'loss'). */
export function overlaySeries(run: RunCurves, metric: OverlayMetric, x: 'step' | 'epoch', colour: ColourRole, what?: string): CurveSeries {
  const points = metric === 'accuracy'
    ? run.val.map((p) => ({ x: p[x], y: p.accuracy }))
    : run.train.map((p) => ({ x: p[x], y: metric === 'loss' ? p.loss : p.error }));
  return { id: `overlay:${metric}`, label: what ? `${what}, ${run.label}` : run.label, colour, dashed: true, points };
}
