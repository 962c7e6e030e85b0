/**
 * The "why it works" labs' figures as curve-chart specs (../series.ts), from plain results: Figure 7 of He et al.
 * (response std by layer index, and ranked in descending order) and Veit et al.'s lesion plots (accuracy with each
 * single block deleted; accuracy against the number of randomly deleted blocks, mean and range of the draws).
 */
import type { LabNet } from '../../core/labs/lab-nets.ts';
import { randomCurve, type LesionMeasurement } from '../../core/labs/lesion-plan.ts';
import type { CurveChartSpec, CurveSeries } from '../series.ts';
import type { ColourRole } from '../theme.ts';

/** One net's Figure-7 result: the std of each 3x3 layer's response, in forward order. */
export interface ResponseResult {
  readonly net: Pick<LabNet, 'key' | 'label' | 'residual' | 'depth'>;
  readonly stds: readonly number[];
}

/** One net's lesion result so far, with how many blocks it has. */
export interface LesionResult {
  readonly net: Pick<LabNet, 'key' | 'label' | 'residual' | 'depth'>;
  readonly blocks: number;
  readonly measured: readonly LesionMeasurement[];
}

/** The theme colour of a net: the reference curves' colours by family and depth; the reader's own model in orange. */
export function netColour(net: Pick<LabNet, 'key' | 'residual' | 'depth'>): ColourRole {
  if (net.key === 'mine') return 'mine';
  if (net.depth >= 56) return net.residual ? 'resnet56' : 'plain56';
  return net.residual ? 'resnet20' : 'plain20';
}

/** Figure 7: [by layer index, ranked in descending order]. */
export function responsePanels(results: readonly ResponseResult[]): [CurveChartSpec, CurveChartSpec] {
  const base = { yLabel: 'std', format: 'decimal', digits: 2, legend: 'top', xStart: 1 } as const;
  const series = (sorted: boolean): CurveSeries[] => results.map((r) => ({
    id: r.net.key, label: r.net.label, colour: netColour(r.net),
    points: (sorted ? [...r.stds].sort((a, b) => b - a) : r.stds).map((y, i) => ({ x: i + 1, y })),
  }));
  return [
    { ...base, title: 'Layers in their original order', xLabel: 'layer index (original)', series: series(false) },
    { ...base, title: 'Responses ranked in descending order', xLabel: 'layer index (sorted by magnitude)', series: series(true) },
  ];
}

/** Accuracy with each single block deleted (x = block number, 1-based; a gap where a block cannot be deleted), intact dashed. */
export function singleDeletionPanel(results: readonly LesionResult[]): CurveChartSpec {
  const series = results.flatMap((r): CurveSeries[] => {
    const acc = new Map(r.measured.filter((m) => m.case.kind === 'single').map((m) => [m.case.blocks[0]!, m.accuracy]));
    const intact = r.measured.find((m) => m.case.kind === 'intact')?.accuracy;
    const lesioned: CurveSeries = {
      id: r.net.key, label: `${r.net.label}, one block deleted`, colour: netColour(r.net),
      points: acc.size ? Array.from({ length: r.blocks }, (_, b) => ({ x: b + 1, y: acc.get(b) ?? Number.NaN })) : [],
    };
    if (intact === undefined) return [lesioned];
    const whole: CurveSeries = { id: `${r.net.key}:intact`, label: `${r.net.label} intact`, colour: netColour(r.net), dashed: true, points: [{ x: 1, y: intact }, { x: r.blocks, y: intact }] };
    return [whole, lesioned];
  });
  return { title: 'Deleting one block', xLabel: 'deleted block (1 = first block after the stem)', yLabel: 'test accuracy', format: 'percent', digits: 1, legend: 'top', xStart: 1, yDomain: [0, 1], series };
}

/** Accuracy against the number of randomly deleted blocks (0 = intact): the mean over the draws, the range shaded. */
export function randomDeletionPanel(results: readonly LesionResult[]): CurveChartSpec {
  const series = results.map((r): CurveSeries => {
    const intact = r.measured.find((m) => m.case.kind === 'intact')?.accuracy;
    const curve = randomCurve(r.measured);
    const start = intact === undefined ? [] : [{ x: 0, y: intact, lo: intact, hi: intact }];
    const pts = [...start, ...curve.map((c) => ({ x: c.k, y: c.spread.mean, lo: c.spread.min, hi: c.spread.max }))];
    return { id: r.net.key, label: `${r.net.label}, mean of draws`, colour: netColour(r.net), points: pts.map(({ x, y }) => ({ x, y })), band: pts.map(({ x, lo, hi }) => ({ x, lo, hi })) };
  });
  return { title: 'Deleting several blocks at random', xLabel: 'blocks deleted', yLabel: 'test accuracy', format: 'percent', digits: 1, legend: 'top', xStart: 0, yDomain: [0, 1], series };
}
