/**
 * The degradation race as chart specs: one series per (run, net) for training loss, training error and validation
 * accuracy. The race's events (RaceEvent) fold into a RunRecord; the current run is drawn in colour, earlier runs
 * stay, dimmed, until cleared. Pure functions: the lab feeds events in and draws what comes out.
 */
import type { RaceEvent } from '../../lib/race/race.ts';
import type { RunCurves } from '../../core/train/run-curves.ts';
import { overlaySeries } from './run-overlay.ts';
import type { CurveChartSpec, CurveSeries } from '../series.ts';
import type { ColourRole } from '../theme.ts';

/** Everything a race reported, as plain data (built up from the worker's events by recordEvent). */
export interface RunRecord {
  readonly run: number;
  /** One label per net, e.g. 'plain-56'. */
  readonly labels: readonly string[];
  /** Per net: points of the mean loss and error since the previous point. */
  readonly train: readonly (readonly { step: number; loss: number; error: number }[])[];
  /** Per net: validation accuracy at steps. */
  readonly val: readonly (readonly { step: number; accuracy: number }[])[];
}

/** An empty record for a run of nets with these labels. */
export function newRecord(run: number, labels: readonly string[]): RunRecord {
  return { run, labels, train: labels.map(() => []), val: labels.map(() => []) };
}

/** The record with one more race event; events that add no point (tick, end, diverged) return it unchanged. */
export function recordEvent(rec: RunRecord, e: RaceEvent): RunRecord {
  if (e.type !== 'train' && e.type !== 'val') return rec;
  if (!(e.net >= 0 && e.net < rec.labels.length)) {
    throw new Error(`Race event for net ${e.net}, but run ${rec.run} has ${rec.labels.length} nets (0..${rec.labels.length - 1}).`);
  }
  const add = <T>(lists: readonly (readonly T[])[], p: T) => lists.map((l, i) => (i === e.net ? [...l, p] : l));
  return e.type === 'train'
    ? { ...rec, train: add(rec.train, { step: e.step, loss: e.loss, error: e.error }) }
    : { ...rec, val: add(rec.val, { step: e.step, accuracy: e.accuracy }) };
}

/** Net colours in race order; the default race (plain-20, plain-56, ResNet-56) matches the reference curves' colours. */
const NET_ROLES: readonly ColourRole[] = ['plain20', 'plain56', 'resnet56', 'resnet20'];

/** The colour of the i-th net of a race. */
export function netColour(i: number): ColourRole {
  return NET_ROLES[i % NET_ROLES.length]!;
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

/** The three panels of the race chart; `runs` in order, the last one live; `overlay` a run made elsewhere, dashed, by step. */
export function racePanels(runs: readonly RunRecord[], overlay: RunCurves | null = null): CurveChartSpec[] {
  const all = (metric: Metric) => [
    ...runs.flatMap((r, k) => seriesOf(r, metric, k < runs.length - 1)),
    ...(overlay ? [overlaySeries(overlay, metric, 'step', 'ink')] : []),
  ];
  return [
    { title: 'Training loss', xLabel: 'step', yLabel: 'cross entropy', legend: 'top', series: all('loss') },
    { title: 'Training error', xLabel: 'step', yLabel: 'error', yDomain: [0, 1], format: 'percent', digits: 1, legend: 'top', series: all('error') },
    { title: 'Validation accuracy', xLabel: 'step', yLabel: 'accuracy', yDomain: [0, 1], format: 'percent', digits: 1, legend: 'top', series: all('accuracy') },
  ];
}

/** Mean training error of each net over its last `k` points (the race's verdict), NaN where a net has none. */
export function finalErrors(rec: RunRecord, k = 3): number[] {
  return rec.labels.map((_l, i) => {
    const pts = (rec.train[i] ?? []).slice(-k);
    return pts.length ? pts.reduce((s, p) => s + p.error, 0) / pts.length : Number.NaN;
  });
}
