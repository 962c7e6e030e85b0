/**
 * Two small bar charts of the block stepper: class probabilities of the prediction, and the size of F(x) against
 * the shortcut per channel (L2 norm over the spatial map). Pure layouts (plain data in, a view model out) and
 * renderers that join on stable keys (class name, channel), so stepping to another image moves bars in place.
 */
import { max as d3max, median, range, scaleBand, scaleLinear, select } from 'd3';
import { colourVar, sizes, type ColourRole } from '../theme.ts';

export interface ProbView {
  readonly classes: readonly string[];
  /** Softmax probabilities, one per class. */
  readonly probs: readonly number[];
  /** Index of the true class, if known (a test image; not an upload). */
  readonly truth?: number | undefined;
}

/** One class's row: name, bar and value text. */
export interface ProbRow {
  readonly name: string;
  readonly y: number;
  readonly barX: number;
  readonly barW: number;
  readonly fill: ColourRole;
  /** The true class: outlined bar, bold name. */
  readonly truth: boolean;
  readonly value: string;
  readonly valueX: number;
}

export interface ProbBarsView {
  readonly width: number;
  readonly height: number;
  readonly rowHeight: number;
  readonly nameX: number;
  readonly rows: readonly ProbRow[];
  readonly summary: string;
}

/** Index of the largest value. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** 'Prediction: cat with probability 91.2%; the true class is cat.', the text alternative. */
export function probSummary(view: ProbView): string {
  const p = argmax(view.probs);
  const truth = view.truth === undefined ? '' : `; the true class is ${view.classes[view.truth]}`;
  return `Prediction: ${view.classes[p]} with probability ${(100 * view.probs[p]!).toFixed(1)}%${truth}.`;
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** Horizontal bars, one per class, `width` units wide; the predicted class is filled, the true class outlined. */
export function layoutProbBars(view: ProbView, width: number): ProbBarsView {
  if (view.probs.length !== view.classes.length) {
    throw new Error(`Got ${view.probs.length} probabilities for ${view.classes.length} classes.`);
  }
  const rowHeight = 16;
  const nameX = 78;
  const x = scaleLinear().domain([0, 1]).range([nameX, width - 44]);
  const pred = argmax(view.probs);
  const rows = view.classes.map((name, i): ProbRow => {
    const p = view.probs[i]!;
    return {
      name, y: i * rowHeight + 2, barX: nameX, barW: r1(Math.max(1, x(p) - nameX)), fill: i === pred ? 'conv' : 'grid',
      truth: i === view.truth, value: `${(100 * p).toFixed(1)}%`, valueX: r1(x(p) + 4),
    };
  });
  return { width, height: view.classes.length * rowHeight + 4, rowHeight, nameX, rows, summary: probSummary(view) };
}

/** Draws (or updates) the probability bars; each class is a <g class=bar data-class=name>. */
export function renderProbBars(svg: SVGSVGElement, view: ProbBarsView): void {
  const root = select(svg).attr('viewBox', `0 0 ${view.width} ${view.height}`).attr('font-size', sizes.smallFont)
    .attr('role', 'img').attr('aria-label', view.summary);
  const mid = view.rowHeight / 2 - 2;
  const g = root.selectAll<SVGGElement, ProbRow>('g.bar').data(view.rows, (d) => d.name)
    .join((e) => {
      const b = e.append('g').attr('class', 'bar');
      b.append('text').attr('class', 'name');
      b.append('rect');
      b.append('text').attr('class', 'value');
      return b;
    })
    .attr('transform', (d) => `translate(0,${d.y})`)
    .attr('data-class', (d) => d.name);
  g.select('text.name').attr('x', view.nameX - 4).attr('y', mid).attr('text-anchor', 'end').attr('dominant-baseline', 'middle')
    .attr('fill', colourVar('ink')).attr('font-weight', (d) => (d.truth ? 700 : 400)).text((d) => d.name);
  g.select('rect').attr('x', (d) => d.barX).attr('width', (d) => d.barW).attr('height', view.rowHeight - 4)
    .attr('fill', (d) => colourVar(d.fill)).attr('stroke', (d) => (d.truth ? colourVar('ink') : 'none'));
  g.select('text.value').attr('x', (d) => d.valueX).attr('y', mid).attr('dominant-baseline', 'middle')
    .attr('fill', colourVar('muted')).text((d) => d.value);
}

/** L2 norm of each channel of an HWC map: sqrt(sum over y, x of v^2); result has C entries. */
export function channelNorms(data: ArrayLike<number>, shape: readonly [number, number, number]): number[] {
  const [h, w, c] = shape;
  if (data.length !== h * w * c) throw new Error(`Data has ${data.length} values but shape [${h}, ${w}, ${c}] needs ${h * w * c}.`);
  const sums = new Array<number>(c).fill(0);
  for (let i = 0; i < data.length; i++) sums[i % c]! += data[i]! * data[i]!;
  return sums.map(Math.sqrt);
}

export interface NormView {
  /** Norms of F(x) (the residual branch, bn2), per channel. */
  readonly residual: readonly number[];
  /** Norms of what the shortcut carries (x or its projection), per channel; empty for a plain net. */
  readonly shortcut: readonly number[];
}

/** Median of residual/shortcut norm ratios: how big F(x) is against x (small in ResNets, the paper's Fig. 7). */
export function medianRatio(view: NormView): number | undefined {
  if (view.shortcut.length === 0) return undefined;
  const r = view.residual.map((v, i) => v / Math.max(1e-12, view.shortcut[i] ?? 0)).sort((a, b) => a - b);
  return median(r);
}

/** One bar: 'f3' is F(x) of channel 3, 's3' the shortcut of channel 3. */
export interface NormBar { readonly key: string; readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly fill: ColourRole }

export interface NormBarsView {
  readonly width: number;
  readonly height: number;
  readonly bars: readonly NormBar[];
  /** The y axis: its x, and ticks (position, label). */
  readonly axisX: number;
  readonly yTicks: readonly { readonly y: number; readonly label: string }[];
  readonly xLabel: string;
  readonly summary: string;
}

const NORM_HEIGHT = 120;
const NORM_MARGIN = { top: 8, right: 8, bottom: 22, left: 40 } as const;

/** Paired bars per channel, `width` units wide: F(x) in the branch colour, the shortcut beside it in the skip colour. */
export function layoutNormBars(view: NormView, width: number): NormBarsView {
  const m = NORM_MARGIN;
  const c = view.residual.length;
  if (view.shortcut.length !== 0 && view.shortcut.length !== c) {
    throw new Error(`F(x) has ${c} channels but the shortcut ${view.shortcut.length}; pass one norm per channel for both, or none for a plain block.`);
  }
  const top = d3max([...view.residual, ...view.shortcut]) ?? 1;
  const x = scaleBand<number>().domain(range(c)).range([m.left, width - m.right]).paddingInner(0.2);
  const y = scaleLinear().domain([0, top || 1]).range([NORM_HEIGHT - m.bottom, m.top]);
  const paired = view.shortcut.length > 0;
  const w = r1(paired ? x.bandwidth() / 2 : x.bandwidth());
  const bar = (key: string, left: number, v: number, fill: ColourRole): NormBar => ({ key, x: r1(left), y: r1(y(v)), w, h: r1(y(0) - y(v)), fill });
  const bars = [
    ...view.residual.map((v, i) => bar(`f${i}`, x(i)!, v, 'conv')),
    ...view.shortcut.map((v, i) => bar(`s${i}`, x(i)! + x.bandwidth() / 2, v, 'skip')),
  ];
  const ratio = medianRatio(view);
  const summary = ratio === undefined
    ? `Per-channel size of the block output F(x) over ${c} channels; a plain block has no shortcut.`
    : `Per-channel size of F(x) against the shortcut over ${c} channels: median ratio ${ratio.toFixed(2)}.`;
  const yTicks = y.ticks(4).map((t) => ({ y: r1(y(t)), label: String(Math.round(t * 1000) / 1000) }));
  return { width, height: NORM_HEIGHT, bars, axisX: m.left, yTicks, xLabel: `channel (0..${c - 1})`, summary };
}

type NormTick = NormBarsView['yTicks'][number];

/** Draws (or updates) the norm bars: rect.norm per bar keyed by channel, a y axis with ticks, the channel label. */
export function renderNormBars(svg: SVGSVGElement, view: NormBarsView): void {
  const root = select(svg).attr('viewBox', `0 0 ${view.width} ${view.height}`).attr('font-size', sizes.smallFont)
    .attr('role', 'img').attr('aria-label', view.summary);
  root.selectAll<SVGRectElement, NormBar>('rect.norm').data(view.bars, (d) => d.key).join('rect').attr('class', 'norm')
    .attr('x', (d) => d.x).attr('y', (d) => d.y).attr('width', (d) => d.w).attr('height', (d) => d.h)
    .attr('fill', (d) => colourVar(d.fill));
  const axis = root.selectChildren<SVGGElement, null>('g.y-axis').data([null]).join('g').attr('class', 'y-axis');
  const bottom = view.height - NORM_MARGIN.bottom;
  axis.selectChildren<SVGLineElement, null>('line.domain').data([null]).join('line').attr('class', 'domain')
    .attr('x1', view.axisX).attr('x2', view.axisX).attr('y1', NORM_MARGIN.top).attr('y2', bottom).attr('stroke', colourVar('muted'));
  const ticks = axis.selectAll<SVGGElement, NormTick>('g.tick').data(view.yTicks, (t) => t.label)
    .join((e) => {
      const t = e.append('g').attr('class', 'tick');
      t.append('line');
      t.append('text');
      return t;
    })
    .attr('transform', (t) => `translate(${view.axisX},${t.y})`);
  ticks.select('line').attr('x1', -4).attr('x2', 0).attr('stroke', colourVar('muted'));
  ticks.select('text').attr('x', -6).attr('text-anchor', 'end').attr('dominant-baseline', 'middle')
    .attr('fill', colourVar('muted')).text((t) => t.label);
  root.selectChildren<SVGTextElement, string>('text.x-label').data([view.xLabel]).join('text').attr('class', 'x-label')
    .attr('x', view.width - NORM_MARGIN.right).attr('y', view.height - 4).attr('text-anchor', 'end').attr('fill', colourVar('muted'))
    .text((t) => t);
}
