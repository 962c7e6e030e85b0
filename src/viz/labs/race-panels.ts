/**
 * The degradation race as chart panels: one series per (run, net) for training loss, training error and validation
 * accuracy. The current run is drawn in colour; earlier runs stay, dimmed, until cleared.
 */
import { colourVar, type ColourRole } from '../theme.ts';
import type { CurvePanel, CurveSeries } from './curves.ts';

/** Everything a race reported, as plain data (built up from the worker's events by the lab). */
export interface RunRecord {
  readonly run: number;
  /** One label per net, e.g. 'plain-56'. */
  readonly labels: readonly string[];
  /** Per net: points of the mean loss and error since the previous point. */
  readonly train: readonly (readonly { step: number; loss: number; error: number }[])[];
  /** Per net: validation accuracy at steps. */
  readonly val: readonly (readonly { step: number; accuracy: number }[])[];
}

/** Net colours in race order; the default race (plain-20, plain-56, ResNet-56) matches the reference curves' colours. */
const NET_ROLES: readonly ColourRole[] = ['plain20', 'plain56', 'resnet56', 'resnet20'];

export function netColour(i: number): string {
  return colourVar(NET_ROLES[i % NET_ROLES.length]!);
}

type Metric = 'loss' | 'error' | 'accuracy';

function seriesOf(rec: RunRecord, metric: Metric, dimmed: boolean): CurveSeries[] {
  return rec.labels.map((label, i) => {
    const points = metric === 'accuracy'
      ? (rec.val[i] ?? []).map((p) => ({ x: p.step, y: p.accuracy }))
      : (rec.train[i] ?? []).map((p) => ({ x: p.step, y: metric === 'loss' ? p.loss : p.error }));
    return { id: `run${rec.run}:${i}`, label: dimmed ? `${label} (run ${rec.run})` : label, colour: netColour(i), dimmed, points };
  });
}

/** The three panels of the race chart; `runs` in order, the last one live. */
export function racePanels(runs: readonly RunRecord[]): CurvePanel[] {
  const all = (metric: Metric) => runs.flatMap((r, k) => seriesOf(r, metric, k < runs.length - 1));
  return [
    { title: 'Training loss', xLabel: 'step', yLabel: 'cross entropy', series: all('loss') },
    { title: 'Training error', xLabel: 'step', yLabel: 'error', yDomain: [0, 1], series: all('error') },
    { title: 'Validation accuracy', xLabel: 'step', yLabel: 'accuracy', yDomain: [0, 1], series: all('accuracy') },
  ];
}

/** Mean training error of each net over its last `k` points (the race's verdict), NaN where a net has none. */
export function finalErrors(rec: RunRecord, k = 3): number[] {
  return rec.labels.map((_l, i) => {
    const pts = (rec.train[i] ?? []).slice(-k);
    return pts.length ? pts.reduce((s, p) => s + p.error, 0) / pts.length : Number.NaN;
  });
}
