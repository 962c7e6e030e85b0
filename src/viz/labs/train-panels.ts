/**
 * The train lab's two charts as chart specs: training loss and error per epoch (fractional while an epoch runs,
 * continuing a restored run without a jump), and validation accuracy at the end of each epoch.
 */
import type { RunCurves } from '../../core/train/run-curves.ts';
import type { CurveChartSpec } from '../series.ts';
import { overlaySeries } from './run-overlay.ts';

/** A training point of the train lab (the trainer's curve point: epoch, mean loss and error since the last point). */
export interface TrainPoint { readonly epoch: number; readonly loss: number; readonly error: number }
/** A validation point: accuracy on the held-out images after an epoch. */
export interface ValPoint { readonly epoch: number; readonly accuracy: number }

/** [training loss and error, validation accuracy]; `overlay` adds a run made elsewhere (e.g. in PyTorch), dashed, by epoch. */
export function trainPanels(train: readonly TrainPoint[], val: readonly ValPoint[], overlay: RunCurves | null = null): [CurveChartSpec, CurveChartSpec] {
  const extra = overlay
    ? [overlaySeries(overlay, 'loss', 'epoch', 'plain20', 'loss'), overlaySeries(overlay, 'error', 'epoch', 'plain56', 'error')]
    : [];
  return [
    {
      title: 'Training loss and error', xLabel: 'epoch', yLabel: 'loss / error', legend: 'top',
      series: [
        { id: 'loss', label: 'loss', colour: 'plain20', points: train.map((p) => ({ x: p.epoch, y: p.loss })) },
        { id: 'err', label: 'error', colour: 'plain56', points: train.map((p) => ({ x: p.epoch, y: p.error })) },
        ...extra,
      ],
    },
    {
      title: 'Validation accuracy', xLabel: 'epoch', yLabel: 'accuracy', yDomain: [0, 1], format: 'percent', digits: 1, legend: 'top',
      series: [
        { id: 'val', label: 'accuracy', colour: 'resnet56', points: val.map((p) => ({ x: p.epoch, y: p.accuracy })) },
        ...(overlay ? [overlaySeries(overlay, 'accuracy', 'epoch', 'resnet56', 'accuracy')] : []),
      ],
    },
  ];
}
