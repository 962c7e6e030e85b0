/**
 * The gradient-flow lab's two charts as curve specs (drawn by ../curveChart.ts on a log axis): ||dL/dW|| of every 3x3
 * conv against its depth, and ||dL/dx|| at every block input against the block's index; plain and residual, dashed at
 * initialisation, solid when trained. Plus a one-paragraph text alternative with the numbers that matter.
 */
import type { CurveChartSpec, CurveSeries } from '../series.ts';

/** One measured net as the charts need it (the worker's FlowNet, flattened to numbers). */
export interface FlowNetView {
  readonly key: string;
  readonly label: string;
  /** 'mine': the reader's own model (trained; drawn solid in its own colour). */
  readonly family: 'resnet' | 'plain' | 'mine';
  /** null at initialisation (and for the reader's model, whose training is unknown). */
  readonly epochs: number | null;
  /** ||dL/dW|| of the 3x3 convs in forward order (layer 1 = the stem's). */
  readonly convs: readonly number[];
  /** ||dL/dx|| at the block inputs in forward order. */
  readonly inputs: readonly number[];
}

const atInit = (n: FlowNetView) => n.epochs === null && n.family !== 'mine';
const state = (n: FlowNetView) => (n.family === 'mine' ? '' : n.epochs === null ? ' at init' : ` trained ${n.epochs} ep.`);
const colour = (n: FlowNetView) => (n.family === 'mine' ? 'mine' : n.family === 'resnet' ? 'residual' : 'plain');

function series(nets: readonly FlowNetView[], pick: (n: FlowNetView) => readonly number[]): CurveSeries[] {
  return nets.map((n) => ({
    id: n.key,
    label: `${n.label}${state(n)}`,
    colour: colour(n),
    dashed: atInit(n),
    points: pick(n).map((y, k) => ({ x: k + 1, y })),
  }));
}

/** The weight-gradient chart and the block-input chart for the measured nets. */
export function gradientFlowCharts(nets: readonly FlowNetView[]): [CurveChartSpec, CurveChartSpec] {
  const layers = Math.max(2, ...nets.map((n) => n.convs.length));
  const blocks = Math.max(2, ...nets.map((n) => n.inputs.length));
  return [
    {
      title: '‖dL/dW‖ of each 3×3 convolution', xLabel: 'layer (1 = first, next to the image)', yLabel: 'gradient norm (log)',
      series: series(nets, (n) => n.convs), xDomain: [1, layers], yScale: 'log', legend: 'top',
    },
    {
      title: '‖dL/dx‖ at each block input', xLabel: 'block (1 = first)', yLabel: 'gradient norm (log)',
      series: series(nets, (n) => n.inputs), xDomain: [1, blocks], yScale: 'log', legend: 'top',
    },
  ];
}

const sig = (v: number) => (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(3))));

/** A sentence per net: its gradient at the first and the last conv, and how many times larger it is at the input end. */
export function flowSummary(nets: readonly FlowNetView[]): string {
  if (nets.length === 0) return 'No measurement yet.';
  return nets.map((n) => {
    const first = n.convs[0] ?? Number.NaN;
    const last = n.convs.at(-1) ?? Number.NaN;
    const when = n.family === 'mine' ? '' : n.epochs === null ? ' at initialisation' : ` trained (${n.epochs} epochs)`;
    return `${n.label}${when}: ‖dL/dW‖ ${sig(first)} at the first conv, ${sig(last)} at the last (×${sig(first / last)}).`;
  }).join(' ');
}
