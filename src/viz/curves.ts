/**
 * The reference curves of the motivation chapter as curve series: error per epoch of runs measured with PyTorch on
 * this project's CIFAR-10 (../data/reference_runs.json). Drawn by the shared curve chart (curveLayout.ts, curveChart.ts).
 */
import type { CurveChartSpec, CurveSeries } from './series.ts';
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

/** The runs of the motivation chart, by reference-run name, with their colours. */
export const runStyles: Record<string, { label: string; colour: ColourRole }> = {
  plain20_sgd15: { label: 'plain-20', colour: 'plain20' },
  plain56_sgd15: { label: 'plain-56', colour: 'plain56' },
  resnet56_sgd15: { label: 'ResNet-56', colour: 'resnet56' },
  resnet20_sgd30: { label: 'ResNet-20', colour: 'resnet20' },
};

/** The series of `runs` for a metric (x = epoch, y = error), first `maxEpoch` epochs; throws naming a run it cannot draw. */
export function seriesOf(runs: readonly ReferenceRun[], metric: CurveMetric, maxEpoch = Infinity): CurveSeries[] {
  return runs.map((run) => {
    const style = runStyles[run.name];
    if (!style) throw new Error(`No style for reference run "${run.name}"; add it to runStyles in src/viz/curves.ts.`);
    if (run.curve.length === 0) throw new Error(`Reference run "${run.name}" has an empty curve; regenerate reference_runs.json.`);
    const points = run.curve
      .filter((e) => e.epoch <= maxEpoch)
      .map((e) => ({ x: e.epoch, y: metric === 'train' ? e.train_err : 1 - e.val_acc }));
    return { id: run.name, label: style.label, colour: style.colour, points };
  });
}

/**
 * The chapter's chart: error per whole epoch from epoch 1, as percentages; each run labelled at its end, or (on a
 * narrow screen, where end labels would squeeze the plot) in a legend above it.
 */
export function referenceChart(runs: readonly ReferenceRun[], metric: CurveMetric, legend: 'end' | 'top' = 'end'): CurveChartSpec {
  return {
    xLabel: 'epoch', yLabel: metric === 'train' ? 'training error' : 'validation error',
    xStart: 1, format: 'percent', legend, series: seriesOf(runs, metric),
  };
}
