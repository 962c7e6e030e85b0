/**
 * The reference curves of the motivation and training chapters as curve series: error per epoch of runs measured with
 * PyTorch on this project's CIFAR-10 (../data/reference_runs.json), and of the same nets and recipes trained by this
 * site's own engine (published models, ../data/models.json), drawn dashed in their PyTorch twin's colour. Drawn by the
 * shared curve chart (curveLayout.ts, curveChart.ts).
 */
import { countParams, presetConfig } from '../core/model/index.ts';
import { pytorchTwin, type PublishedModel } from '../core/models/manifest.ts';
import { epochRows, type RunCurvesLike } from '../core/train/epoch-curves.ts';
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
  /** Set on a run this site trained (`npm run train`): the PyTorch reference run of the same net and recipe. */
  readonly twin?: string;
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

/** How a run is drawn: a PyTorch run in its own colour; a run of this site dashed, in its twin's colour, "(this site)". */
export function runStyle(run: Pick<ReferenceRun, 'name' | 'twin'>): { label: string; colour: ColourRole; dashed: boolean } {
  const style = runStyles[run.twin ?? run.name];
  if (!style) throw new Error(`No style for reference run "${run.twin ?? run.name}"; add it to runStyles in src/viz/curves.ts.`);
  return run.twin === undefined ? { ...style, dashed: false } : { label: `${style.label} (this site)`, colour: style.colour, dashed: true };
}

/**
 * A published model this site trained, as a reference run: its curves (parseRunCurves of its curves.json) averaged per
 * epoch as PyTorch's runs are (epochRows), beside its PyTorch twin (pytorchTwin). Throws when the model was not
 * trained here or has no such twin.
 */
export function ownRun(model: PublishedModel, curves: RunCurvesLike, references: readonly Pick<ReferenceRun, 'name'>[]): ReferenceRun {
  if (model.trainedBy !== 'resnet-lab') throw new Error(`Model "${model.id}" was trained with ${model.framework}, not by this site.`);
  const twin = pytorchTwin(model);
  if (!references.some((r) => r.name === twin)) throw new Error(`Model "${model.id}" has no PyTorch reference run "${twin}" to be drawn beside.`);
  const curve = epochRows(curves).map((e) => ({ epoch: e.epoch, train_loss: e.trainLoss, train_err: e.trainError, val_acc: e.valAccuracy ?? Number.NaN }));
  const config = presetConfig(model.preset);
  return {
    name: model.id, twin, n: config.blocksPerStage, residual: config.skips !== 'none', epochs: curve.length,
    params: countParams(config), test_acc: model.testAccuracy, curve,
  };
}

/** The series of `runs` for a metric (x = epoch, y = error), first `maxEpoch` epochs; throws naming a run it cannot draw. */
export function seriesOf(runs: readonly ReferenceRun[], metric: CurveMetric, maxEpoch = Infinity): CurveSeries[] {
  return runs.map((run) => {
    const style = runStyle(run);
    if (run.curve.length === 0) throw new Error(`Reference run "${run.name}" has an empty curve; regenerate reference_runs.json.`);
    const points = run.curve
      .filter((e) => e.epoch <= maxEpoch)
      .map((e) => ({ x: e.epoch, y: metric === 'train' ? e.train_err : 1 - e.val_acc }));
    return { id: run.name, label: style.label, colour: style.colour, dashed: style.dashed, points };
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
