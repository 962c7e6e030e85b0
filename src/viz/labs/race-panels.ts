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
import { SMOOTH_POINTS } from '../../core/labs/race-config.ts';

/** Everything a race reported, as plain data (built up from the worker's events by recordEvent). */
export interface RunRecord {
  readonly run: number;
  /** One label per net, e.g. 'plain-56'. */
  readonly labels: readonly string[];
  /** Per net: points of the mean loss and error since the previous point. */
  readonly train: readonly (readonly { step: number; loss: number; error: number }[])[];
  /** Per net: validation accuracy at steps. */
  readonly val: readonly (readonly { step: number; accuracy: number }[])[];
  /** Per net: gradient norm per unit (stem, blocks, fc), sampled at the read-back cadence. */
  readonly grads: readonly (readonly { step: number; norms: readonly number[] }[])[];
  /** Per net: the verdict, training error on the race's fixed subset after the last step (null until measured). */
  readonly endErrors: readonly (number | null)[];
}

/** An empty record for a run of nets with these labels. */
export function newRecord(run: number, labels: readonly string[]): RunRecord {
  return { run, labels, train: labels.map(() => []), val: labels.map(() => []), grads: labels.map(() => []), endErrors: labels.map(() => null) };
}

/** The record with one more race event; events that add no point (tick, end, diverged) return it unchanged. */
export function recordEvent(rec: RunRecord, e: RaceEvent): RunRecord {
  if (e.type !== 'train' && e.type !== 'val' && e.type !== 'grads' && e.type !== 'end-error') return rec;
  if (!(e.net >= 0 && e.net < rec.labels.length)) {
    throw new Error(`Race event for net ${e.net}, but run ${rec.run} has ${rec.labels.length} nets (0..${rec.labels.length - 1}).`);
  }
  const add = <T>(lists: readonly (readonly T[])[], p: T) => lists.map((l, i) => (i === e.net ? [...l, p] : l));
  switch (e.type) {
    case 'train': return { ...rec, train: add(rec.train, { step: e.step, loss: e.loss, error: e.error }) };
    case 'val': return { ...rec, val: add(rec.val, { step: e.step, accuracy: e.accuracy }) };
    case 'grads': return { ...rec, grads: add(rec.grads, { step: e.step, norms: e.norms }) };
    case 'end-error': return { ...rec, endErrors: rec.endErrors.map((v, i) => (i === e.net ? e.error : v)) };
  }
}


/** Trailing mean of `ys` over `k` values (fewer at the start). */
export function trailingMean(ys: readonly number[], k: number = SMOOTH_POINTS): number[] {
  let sum = 0;
  return ys.map((y, i) => {
    sum += y - (i >= k ? ys[i - k]! : 0);
    return sum / Math.min(i + 1, k);
  });
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
    const train = rec.train[i] ?? [];
    const smooth = trailingMean(train.map((p) => (metric === 'loss' ? p.loss : p.error)));
    const points = metric === 'accuracy'
      ? (rec.val[i] ?? []).map((p) => ({ x: p.step, y: p.accuracy }))
      : train.map((p, j) => ({ x: p.step, y: smooth[j]! }));
    return { id: `run${rec.run}:${i}`, label: dimmed ? `${label} (run ${rec.run})` : label, colour: netColour(i), dimmed, points };
  });
}

/**
 * A run made elsewhere as one dashed series: in the colour of the race's net it trained (a race export's curves.json
 * names it; `labels` are the race's nets in order), else in ink; its loss and error smoothed as the race's own points.
 */
export function raceOverlay(overlay: RunCurves, metric: Metric, labels: readonly string[]): CurveSeries {
  const at = overlay.net === null ? -1 : labels.indexOf(overlay.net);
  const series = overlaySeries(overlay, metric, 'step', at >= 0 ? netColour(at) : 'ink');
  if (metric === 'accuracy') return series;
  const smooth = trailingMean(series.points.map((p) => p.y));
  return { ...series, points: series.points.map((p, i) => ({ x: p.x, y: smooth[i]! })) };
}

/**
 * The three panels of the race chart; `runs` in order, the last one live; `overlay` a run made elsewhere, dashed, by
 * step, coloured as the net of `labels` (default: the live run's nets) it trained.
 */
export function racePanels(runs: readonly RunRecord[], overlay: RunCurves | null = null, labels: readonly string[] = runs.at(-1)?.labels ?? []): CurveChartSpec[] {
  const all = (metric: Metric) => [
    ...runs.flatMap((r, k) => seriesOf(r, metric, k < runs.length - 1)),
    ...(overlay ? [raceOverlay(overlay, metric, labels)] : []),
  ];
  return [
    { title: 'Training loss', xLabel: 'step', yLabel: 'cross entropy', legend: 'top', series: all('loss') },
    { title: 'Training error', xLabel: 'step', yLabel: 'error', yDomain: [0, 1], format: 'percent', digits: 1, legend: 'top', series: all('error') },
    { title: 'Validation accuracy', xLabel: 'step', yLabel: 'accuracy', yDomain: [0, 1], format: 'percent', digits: 1, legend: 'top', series: all('accuracy') },
  ];
}

/** The race's verdict per net: training error on the fixed subset after the last step, NaN where not measured. */
export function finalErrors(rec: RunRecord): number[] {
  return rec.endErrors.map((e) => e ?? Number.NaN);
}

/** Each net's latest smoothed training error (what the error panel shows at its right end), NaN before any point. */
export function latestErrors(rec: RunRecord): number[] {
  return rec.train.map((t) => trailingMean(t.map((p) => p.error)).at(-1) ?? Number.NaN);
}
