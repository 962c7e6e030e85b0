/**
 * Layout of a line chart of curve series (../series.ts): scales, ticks, line paths, end dots, legend and the text
 * alternative, as plain numbers and strings. Pure: the same spec and size always give the same view, tested without a DOM.
 */
import { area as d3area, line as d3line, scaleLinear, scaleLog } from 'd3';
import type { CurveBandPoint, CurveChartSpec, CurvePoint, CurveSeries } from './series.ts';
import { sizes, type ColourRole } from './theme.ts';

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

export interface ChartLine {
  readonly id: string;
  readonly colour: ColourRole;
  readonly dimmed: boolean;
  readonly dashed: boolean;
  /** SVG path data in chart units, one decimal. */
  readonly d: string;
}

/** A legend entry: a swatch and text above the plot, or text beside the line's last point. */
export interface LegendItem {
  readonly id: string;
  readonly colour: ColourRole;
  readonly dashed: boolean;
  readonly swatch: boolean;
  readonly text: string;
  /** Left end (of the swatch, or of the text) and vertical centre. */
  readonly x: number;
  readonly y: number;
}

export interface CurveChartView {
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly title: string | null;
  readonly xTicks: readonly { readonly x: number; readonly label: string }[];
  readonly yTicks: readonly { readonly y: number; readonly label: string }[];
  readonly xLabel: string;
  readonly yLabel: string;
  /** Dimmed lines first, so earlier runs lie under the live ones. */
  readonly lines: readonly ChartLine[];
  /** Shaded ranges of the series that have one (SVG path data), drawn under every line. */
  readonly bands: readonly { readonly id: string; readonly colour: ColourRole; readonly d: string }[];
  /** The latest value of each live series, a dot (keeps a one-point series visible). */
  readonly dots: readonly { readonly id: string; readonly colour: ColourRole; readonly cx: number; readonly cy: number }[];
  readonly legend: readonly LegendItem[];
  /** One sentence for screen readers: what is plotted and where each live series ends. */
  readonly summary: string;
}

const LEGEND_ROW = 14;
const END_LABEL_SPACE = 120;
const r1 = (v: number) => Math.round(v * 10) / 10;

/** The last point of a series with a finite y, if any. */
export function lastFinite(points: readonly CurvePoint[]): CurvePoint | undefined {
  for (let i = points.length - 1; i >= 0; i--) if (Number.isFinite(points[i]!.y)) return points[i];
  return undefined;
}

/** A value as the chart writes it: '22%' / '54.3%' for percent charts, '1.234' for decimal ones; '–' for none. */
export function formatValue(spec: CurveChartSpec, v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (spec.yScale === 'log') return formatSignificant(v, spec.digits ?? 3);
  const percent = spec.format === 'percent';
  const digits = spec.digits ?? (percent ? 0 : 3);
  return percent ? `${(100 * v).toFixed(digits)}%` : v.toFixed(digits);
}

/** v with `digits` significant digits, in exponent form outside 0.001 .. 99,999 (e.g. 1.94e+6). */
export function formatSignificant(v: number, digits: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}

/** Whole powers of ten around the positive finite values of a log chart: [10^floor(log10 min), 10^ceil(log10 max)]. */
export function logDomain(ys: readonly number[]): [number, number] {
  const pos = ys.filter((y) => Number.isFinite(y) && y > 0);
  if (pos.length === 0) return [0.1, 1];
  const lo = 10 ** Math.floor(Math.log10(Math.min(...pos)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...pos)));
  return [lo, hi > lo ? hi : lo * 10];
}

/** The x and y ranges the chart is drawn over (NaN and infinite values never size an axis). */
export function chartDomains(spec: CurveChartSpec): { x: [number, number]; y: [number, number] } {
  const all = spec.series.flatMap((s) => s.points);
  const xs = all.map((p) => p.x).filter(Number.isFinite);
  const ys = [...all.map((p) => p.y), ...spec.series.flatMap((s) => (s.band ?? []).map((b) => b.hi))].filter(Number.isFinite);
  const start = spec.xStart ?? 0;
  const x: [number, number] = spec.xDomain ? [spec.xDomain[0], spec.xDomain[1]] : [start, Math.max(start + 1, ...xs)];
  if (spec.yDomain) return { x, y: [spec.yDomain[0], spec.yDomain[1]] };
  if (spec.yScale === 'log') return { x, y: logDomain(ys) };
  const top = Math.max(0, ...ys);
  if (spec.format === 'percent') return { x, y: [0, Math.min(1, Math.ceil(Math.max(0.1, top) * 10) / 10)] };
  const nice = scaleLinear().domain([0, top > 0 ? top : 1]).nice(5).domain();
  return { x, y: [0, nice[1] ?? 1] };
}

/** Legend positions in rows from `left`, wrapping at `right`; text width estimated at 0.6 em per character. */
export function legendPositions(texts: readonly string[], left: number, right: number, fontSize: number): { x: number; row: number }[] {
  let x = left;
  let row = 0;
  return texts.map((t) => {
    const w = Math.round(24 + t.length * fontSize * 0.6);
    if (x > left && x + w > right) {
      x = left;
      row += 1;
    }
    const at = { x, row };
    x += w;
    return at;
  });
}

/** Vertical positions of end labels, nudged apart so no two are closer than `minGap`; input and output by index. */
export function spreadLabels(ys: readonly number[], minGap = 13): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const out = new Array<number>(ys.length);
  let prev = -Infinity;
  for (const { y, i } of order) {
    prev = Math.max(y, prev + minGap);
    out[i] = prev;
  }
  return out;
}

function tickLabel(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('en-US') : String(Math.round(v * 1000) / 1000);
}

/** The chart of `spec` at `size` (chart units; the SVG scales to its box). */
export function layoutCurveChart(spec: CurveChartSpec, size: ChartSize): CurveChartView {
  const { width, height } = size;
  const endLegend = spec.legend === 'end';
  const live = spec.series.filter((s) => !s.dimmed);
  const texts = live.map((s) => `${s.label} ${formatValue(spec, lastFinite(s.points)?.y)}`);
  const left = 46;
  // End labels need room for the longest one (bold text, ~0.6 em per character), up to 40 % of the width.
  const longest = Math.max(0, ...texts.map((t) => t.length));
  const right = width - (endLegend ? Math.min(0.4 * width, Math.max(END_LABEL_SPACE, 14 + 0.62 * sizes.font * longest)) : 12);
  const titleSpace = spec.title ? 22 : 12;
  const spots = endLegend ? [] : legendPositions(texts, left, right, sizes.smallFont);
  const legendRows = spots.length ? spots.at(-1)!.row + 1 : 0;
  const plot = { left, top: titleSpace + LEGEND_ROW * legendRows, right, bottom: height - 40 };
  const dom = chartDomains(spec);
  const x = scaleLinear().domain(dom.x).range([plot.left, plot.right]);
  const log = spec.yScale === 'log';
  const y = (log ? scaleLog() : scaleLinear()).domain(dom.y).range([plot.bottom, plot.top]).clamp(true);
  const path = d3line<CurvePoint>().defined((p) => Number.isFinite(p.y) && (!log || p.y > 0)).x((p) => r1(x(p.x))).y((p) => r1(y(p.y)));
  const ordered = [...spec.series.filter((s) => s.dimmed), ...live];
  const lines = ordered.map((s: CurveSeries) => ({
    id: s.id, colour: s.colour, dimmed: !!s.dimmed, dashed: !!s.dashed, d: path([...s.points]) ?? '',
  }));
  const band = d3area<CurveBandPoint>().defined((b) => Number.isFinite(b.lo) && Number.isFinite(b.hi))
    .x((b) => r1(x(b.x))).y0((b) => r1(y(b.lo))).y1((b) => r1(y(b.hi)));
  const bands = spec.series.filter((s) => s.band?.length).map((s) => ({ id: s.id, colour: s.colour, d: band([...s.band!]) ?? '' }));
  const ends = live.map((s) => ({ s, p: lastFinite(s.points) }));
  const dots = ends.flatMap(({ s, p }) => (p && (!log || p.y > 0) ? [{ id: s.id, colour: s.colour, cx: r1(x(p.x)), cy: r1(y(p.y)) }] : []));
  const endYs = spreadLabels(ends.map(({ p }) => (p ? r1(y(p.y)) : plot.top)));
  const legend = live.map((s, i): LegendItem => {
    const p = ends[i]?.p;
    const base = { id: s.id, colour: s.colour, dashed: !!s.dashed, text: texts[i] ?? '' };
    if (endLegend) return { ...base, swatch: false, x: r1((p ? x(p.x) : plot.right) + 6), y: endYs[i] ?? plot.top };
    const at = spots[i] ?? { x: left, row: 0 };
    return { ...base, swatch: true, x: at.x, y: titleSpace + 4 + at.row * LEGEND_ROW };
  });
  const span = dom.x[1] - dom.x[0];
  // About one tick per 60 units of plot width, whole steps and epochs once the range allows.
  const xTicks = x.ticks(Math.min(Math.floor((plot.right - plot.left) / 60), Math.max(4, Math.ceil(span))))
    .filter((t) => span < 2 || Number.isInteger(t))
    .map((t) => ({ x: r1(x(t)), label: tickLabel(t) }));
  const yTicks = log ? logTicks(dom.y).map((t) => ({ y: r1(y(t)), label: formatSignificant(t, 1) }))
    : y.ticks(5).map((t) => ({ y: r1(y(t)), label: spec.format === 'percent' ? `${Math.round(t * 100)}%` : tickLabel(t) }));
  return {
    width, height, plot, title: spec.title ?? null, xTicks, yTicks, xLabel: spec.xLabel, yLabel: spec.yLabel,
    lines, bands, dots, legend, summary: chartSummary(spec, texts),
  };
}

/** Powers of ten from lo to hi, thinned to at most 7 ticks (every 2nd, 3rd ... power on a very tall range). */
function logTicks([lo, hi]: readonly [number, number]): number[] {
  const a = Math.round(Math.log10(lo));
  const b = Math.round(Math.log10(hi));
  const step = Math.max(1, Math.ceil((b - a) / 6));
  const out: number[] = [];
  for (let e = a; e <= b; e += step) out.push(10 ** e);
  return out;
}

function chartSummary(spec: CurveChartSpec, texts: readonly string[]): string {
  const dimmed = spec.series.filter((s) => s.dimmed).length;
  const earlier = dimmed ? ` ${dimmed} earlier curve${dimmed > 1 ? 's' : ''} shown faintly.` : '';
  const what = spec.title ? `${spec.title}: ` : '';
  return `${what}${spec.yLabel} against ${spec.xLabel}. Latest values: ${texts.join('; ') || 'no data yet'}.${earlier}`;
}
