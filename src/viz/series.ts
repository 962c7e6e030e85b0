/**
 * The one curve-series type of every line chart: the chapter's reference curves (static, per epoch) and the labs'
 * live curves (growing, per step or epoch, earlier runs dimmed) are the same data and go through the same chart.
 */
import type { ColourRole } from './theme.ts';

/** One measurement: x is a step or an epoch (fractional while an epoch runs), y the metric. NaN y breaks the line. */
export interface CurvePoint {
  readonly x: number;
  readonly y: number;
}

/** One line: a network's metric over steps or epochs. */
export interface CurveSeries {
  /** Stable key for the keyed join, e.g. 'resnet56_sgd15' or 'run2:1'. */
  readonly id: string;
  readonly label: string;
  readonly colour: ColourRole;
  /** An earlier run: drawn thin and faint under the others, left out of the legend. */
  readonly dimmed?: boolean;
  /** Drawn dashed (e.g. a full-scale reference next to a small live run). */
  readonly dashed?: boolean;
  readonly points: readonly CurvePoint[];
  /** A shaded range around the line (e.g. the lowest and highest of several random draws), drawn faintly beneath it. */
  readonly band?: readonly CurveBandPoint[];
}

/** One x of a band: the range [lo, hi] at x. */
export interface CurveBandPoint {
  readonly x: number;
  readonly lo: number;
  readonly hi: number;
}

/** What one chart shows: the series and how to read them. Sizes and positions are the layout's business. */
export interface CurveChartSpec {
  /** Drawn above the plot when given (the labs' panels); the chapter's figure has a caption instead. */
  readonly title?: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly CurveSeries[];
  /** Where the x axis starts when no xDomain is given (0 for steps, 1 for whole epochs); it ends at the largest x. */
  readonly xStart?: number;
  readonly xDomain?: readonly [number, number];
  /** Fixed y range; otherwise 0 .. the largest finite y, rounded up to a tenth (percent) or a nice tick (decimal). */
  readonly yDomain?: readonly [number, number];
  /** Values in [0, 1] shown as percentages (errors, accuracies), or plain decimals (losses). */
  readonly format?: 'percent' | 'decimal';
  /** Digits after the point of the legend values (default 0 for percent, 3 for decimal). */
  readonly digits?: number;
  /** Legend in rows above the plot with swatches ('top'), or each live series labelled at its end ('end'). */
  readonly legend?: 'top' | 'end';
  /** 'log': a logarithmic y axis over whole powers of ten (values <= 0 break the line); default 'linear'. */
  readonly yScale?: 'linear' | 'log';
}
