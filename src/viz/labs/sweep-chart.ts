/**
 * The depth sweep as one chart spec: final training error against depth, one line for the plain nets and one for the
 * residual nets (the paper's Figure 6 read at the end of training). Pure: the lab feeds in each net's verdict.
 */
import type { CurveChartSpec } from '../series.ts';

/** One trained net of the sweep: its depth, family and final training error (NaN when it diverged or was cancelled). */
export interface SweepPoint {
  readonly depth: number;
  readonly residual: boolean;
  readonly error: number;
}

/** The chart: x = depth, y = final training error, plain and residual as two lines over the depths measured so far. */
export function sweepChart(points: readonly SweepPoint[], depths: readonly number[]): CurveChartSpec {
  const line = (residual: boolean) => points.filter((p) => p.residual === residual && Number.isFinite(p.error))
    .sort((a, b) => a.depth - b.depth).map((p) => ({ x: p.depth, y: p.error }));
  const lo = depths[0] ?? 0;
  const hi = depths.at(-1) ?? 1;
  return {
    title: 'Final training error against depth',
    xLabel: 'depth (layers)',
    yLabel: 'training error',
    xDomain: [lo, hi > lo ? hi : lo + 1],
    yDomain: [0, 1],
    format: 'percent',
    digits: 1,
    legend: 'top',
    series: [
      { id: 'plain', label: 'plain', colour: 'plain56', points: line(false) },
      { id: 'residual', label: 'residual', colour: 'resnet56', points: line(true) },
    ],
  };
}

/** One sentence on what this sweep shows: does plain error rise and residual error fall from the first to the last depth? */
export function sweepVerdict(points: readonly SweepPoint[], depths: readonly number[]): string {
  const at = (d: number | undefined, residual: boolean) => points.find((p) => p.depth === d && p.residual === residual)?.error;
  const first = depths[0];
  const last = depths.at(-1);
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const parts: string[] = [];
  for (const residual of [false, true]) {
    const a = at(first, residual);
    const b = at(last, residual);
    const name = residual ? 'ResNet' : 'plain';
    if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) continue;
    parts.push(`${name}-${first} ${pct(a)} → ${name}-${last} ${pct(b)} (${b > a ? 'rises' : 'falls'} with depth)`);
  }
  return parts.length ? `In this sweep: ${parts.join('; ')}.` : '';
}
