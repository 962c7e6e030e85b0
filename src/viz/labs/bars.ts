/**
 * Two small bar charts of the block stepper: class probabilities of the prediction, and the size of F(x) against
 * the shortcut per channel (L2 norm over the spatial map). Layout math is pure; renderers join on stable keys.
 */
import * as d3 from 'd3';
import { colourVar, sizes } from '../theme.ts';

export interface ProbView {
  readonly classes: readonly string[];
  /** Softmax probabilities, one per class. */
  readonly probs: readonly number[];
  /** Index of the true class, if known (a test image; not an upload). */
  readonly truth?: number;
}

/** Index of the largest probability. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** 'cat 91.2% (true: cat)' style sentence for the text alternative. */
export function probSummary(view: ProbView): string {
  const p = argmax(view.probs);
  const truth = view.truth === undefined ? '' : `; the true class is ${view.classes[view.truth]}`;
  return `Prediction: ${view.classes[p]} with probability ${(100 * view.probs[p]!).toFixed(1)}%${truth}.`;
}

/** Horizontal bars, one per class; the predicted class is filled, the true class outlined. */
export function renderProbBars(svg: SVGSVGElement, view: ProbView, width: number): void {
  if (view.probs.length !== view.classes.length) {
    throw new Error(`Got ${view.probs.length} probabilities for ${view.classes.length} classes.`);
  }
  const row = 16;
  const left = 78;
  const height = view.classes.length * row + 4;
  const x = d3.scaleLinear().domain([0, 1]).range([left, width - 44]);
  const pred = argmax(view.probs);
  const data = view.classes.map((name, i) => ({ name, i, p: view.probs[i]! }));
  const root = d3.select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('font-size', sizes.smallFont)
    .attr('role', 'img').attr('aria-label', probSummary(view));
  const g = root.selectAll<SVGGElement, (typeof data)[number]>('g.bar').data(data, (d) => d.name)
    .join((e) => {
      const b = e.append('g').attr('class', 'bar');
      b.append('text').attr('class', 'name').attr('x', left - 4).attr('text-anchor', 'end').attr('dy', '0.35em');
      b.append('rect').attr('height', row - 4);
      b.append('text').attr('class', 'value').attr('dy', '0.35em');
      return b;
    })
    .attr('transform', (d) => `translate(0,${d.i * row + 2})`)
    .attr('data-class', (d) => d.name);
  g.select('text.name').attr('y', row / 2 - 2).attr('fill', colourVar('ink'))
    .attr('font-weight', (d) => (d.i === view.truth ? 700 : 400)).text((d) => d.name);
  g.select('rect').attr('x', left).attr('width', (d) => Math.max(1, x(d.p) - left))
    .attr('fill', (d) => (d.i === pred ? colourVar('conv') : colourVar('grid')))
    .attr('stroke', (d) => (d.i === view.truth ? colourVar('ink') : 'none'));
  g.select('text.value').attr('x', (d) => x(d.p) + 4).attr('y', row / 2 - 2).attr('fill', colourVar('muted'))
    .text((d) => `${(100 * d.p).toFixed(1)}%`);
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
  return d3.median(r);
}

/** Paired bars per channel: F(x) in the branch colour, the shortcut in the skip colour. */
export function renderNormBars(svg: SVGSVGElement, view: NormView, width: number): void {
  const height = 120;
  const m = { top: 8, right: 8, bottom: 22, left: 40 };
  const c = view.residual.length;
  const max = d3.max([...view.residual, ...view.shortcut]) ?? 1;
  const x = d3.scaleBand<number>().domain(d3.range(c)).range([m.left, width - m.right]).paddingInner(0.2);
  const y = d3.scaleLinear().domain([0, max || 1]).range([height - m.bottom, m.top]);
  const ratio = medianRatio(view);
  const label = ratio === undefined
    ? `Per-channel size of the block output F(x) over ${c} channels; a plain block has no shortcut.`
    : `Per-channel size of F(x) against the shortcut over ${c} channels: median ratio ${ratio.toFixed(2)}.`;
  const root = d3.select(svg).attr('viewBox', `0 0 ${width} ${height}`).attr('font-size', sizes.smallFont)
    .attr('role', 'img').attr('aria-label', label);
  const half = x.bandwidth() / 2;
  const bars = [
    ...view.residual.map((v, i) => ({ key: `f${i}`, x: x(i)!, v, colour: colourVar('conv') })),
    ...view.shortcut.map((v, i) => ({ key: `s${i}`, x: x(i)! + half, v, colour: colourVar('skip') })),
  ];
  root.selectAll<SVGRectElement, (typeof bars)[number]>('rect.norm').data(bars, (d) => d.key)
    .join('rect').attr('class', 'norm')
    .attr('x', (d) => d.x).attr('width', view.shortcut.length ? half : x.bandwidth())
    .attr('y', (d) => y(d.v)).attr('height', (d) => y(0) - y(d.v)).attr('fill', (d) => d.colour);
  const axis = root.selectAll<SVGGElement, number>('g.y-axis').data([0]).join('g').attr('class', 'y-axis')
    .attr('transform', `translate(${m.left},0)`);
  axis.call(d3.axisLeft(y).ticks(4));
  root.selectAll<SVGTextElement, number>('text.x-label').data([0]).join('text').attr('class', 'x-label')
    .attr('x', width - m.right).attr('y', height - 4).attr('text-anchor', 'end').attr('fill', colourVar('muted'))
    .text(`channel (0..${c - 1})`);
}
