/**
 * Reference training curves: the view model (scaled polylines, ticks, end labels) of a line chart of error per epoch.
 * The runs come from ../data/reference_runs.json, measured with PyTorch on this project's CIFAR-10.
 */
import { scaleLinear } from 'd3';
import type { ColourRole } from './theme.ts';

/** One epoch of a reference run (reference_runs.json `curve` entry). */
export interface RunEpoch {
  readonly epoch: number;
  readonly train_loss: number;
  readonly train_err: number;
  readonly val_acc: number;
}

export interface ReferenceRun {
  readonly name: string;
  readonly n: number;
  readonly residual: boolean;
  readonly epochs: number;
  readonly params: number;
  readonly test_acc: number;
  readonly curve: readonly RunEpoch[];
}

/** Which error the chart plots: training error (sampled during training, with augmentation) or validation error. */
export type CurveMetric = 'train' | 'val';

export interface CurveSeries {
  readonly id: string;
  readonly label: string;
  readonly colour: ColourRole;
  /** Error in [0, 1] per epoch: [epoch, error]. */
  readonly points: readonly (readonly [number, number])[];
}

export interface CurvesView {
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly lines: readonly { readonly id: string; readonly label: string; readonly colour: ColourRole; readonly d: string; readonly end: readonly [number, number]; readonly last: number }[];
  readonly xTicks: readonly { readonly x: number; readonly label: string }[];
  readonly yTicks: readonly { readonly y: number; readonly label: string }[];
  readonly xLabel: string;
  readonly yLabel: string;
}

/** The runs of the motivation chart, by reference-run name, with their colours. */
export const runStyles: Record<string, { label: string; colour: ColourRole }> = {
  plain20_sgd15: { label: 'plain-20', colour: 'plain20' },
  plain56_sgd15: { label: 'plain-56', colour: 'plain56' },
  resnet56_sgd15: { label: 'ResNet-56', colour: 'resnet56' },
  resnet20_sgd30: { label: 'ResNet-20', colour: 'resnet20' },
};

/** The series of `runs` for a metric, first `maxEpoch` epochs; throws naming the run if its curve is empty. */
export function seriesOf(runs: readonly ReferenceRun[], metric: CurveMetric, maxEpoch = Infinity): CurveSeries[] {
  return runs.map((run) => {
    const style = runStyles[run.name];
    if (!style) throw new Error(`No style for reference run "${run.name}"; add it to runStyles in src/viz/curves.ts.`);
    if (run.curve.length === 0) throw new Error(`Reference run "${run.name}" has an empty curve; regenerate reference_runs.json.`);
    const points = run.curve
      .filter((e) => e.epoch <= maxEpoch)
      .map((e) => [e.epoch, metric === 'train' ? e.train_err : 1 - e.val_acc] as const);
    return { id: run.name, label: style.label, colour: style.colour, points };
  });
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** Scaled lines with error on y (120 units right of the plot hold end labels such as "ResNet-56 14%") from 0 to the highest value (rounded up to 10%), epochs on x. */
export function layoutCurves(series: readonly CurveSeries[], metric: CurveMetric, size = { width: 640, height: 340 }): CurvesView {
  const plot = { left: 46, top: 12, right: size.width - 120, bottom: size.height - 40 };
  const all = series.flatMap((s) => s.points);
  const maxEpoch = Math.max(1, ...all.map((p) => p[0]));
  const maxErr = Math.min(1, Math.ceil(Math.max(0.1, ...all.map((p) => p[1])) * 10) / 10);
  const x = scaleLinear().domain([1, maxEpoch]).range([plot.left, plot.right]);
  const y = scaleLinear().domain([0, maxErr]).range([plot.bottom, plot.top]);
  const lines = series.map((s) => {
    const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r1(x(p[0]))},${r1(y(p[1]))}`).join('');
    const lastPoint = s.points.at(-1) ?? [1, 0];
    return { id: s.id, label: s.label, colour: s.colour, d, end: [r1(x(lastPoint[0])), r1(y(lastPoint[1]))] as const, last: lastPoint[1] };
  });
  const xTicks = x.ticks(Math.min(maxEpoch, 8)).filter(Number.isInteger).map((t) => ({ x: r1(x(t)), label: String(t) }));
  const yTicks = y.ticks(5).map((t) => ({ y: r1(y(t)), label: `${Math.round(t * 100)}%` }));
  const yLabel = metric === 'train' ? 'training error' : 'validation error';
  return { width: size.width, height: size.height, plot, lines, xTicks, yTicks, xLabel: 'epoch', yLabel };
}

/** End labels nudged apart vertically so no two are closer than `minGap` units; returns y per line id. */
export function spreadLabels(lines: CurvesView['lines'], minGap = 13): Map<string, number> {
  const sorted = [...lines].sort((a, b) => a.end[1] - b.end[1]);
  const out = new Map<string, number>();
  let prev = -Infinity;
  for (const l of sorted) {
    const y = Math.max(l.end[1], prev + minGap);
    out.set(l.id, y);
    prev = y;
  }
  return out;
}
