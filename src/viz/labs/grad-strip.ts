/**
 * The race's live gradient strips: per net, x = step, y = unit (stem at the top, then every block in forward order,
 * fc at the bottom), shade = log10 of the gradient's L2 norm over that unit's parameters, measured on the step before
 * each read-back. All strips of a run share one log scale, so a dark band in plain-56 and a light one in ResNet-56 are
 * comparable. Pure layout (tested without a DOM) and a keyed renderer.
 */
import { select } from 'd3';
import { colourVar, sizes } from '../theme.ts';

/** One net's samples: the gradient norm of each unit at the steps they were measured. */
export interface GradSamples {
  readonly label: string;
  readonly units: readonly string[];
  readonly samples: readonly { readonly step: number; readonly norms: readonly number[] }[];
}

export interface StripCell {
  readonly key: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Shade in [0.05, 1]: (log10 norm - lo) / (hi - lo). */
  readonly shade: number;
}

export interface StripView {
  readonly label: string;
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly cells: readonly StripCell[];
  /** Text alternative: the range of norms and which units had the smallest and largest at the last sample. */
  readonly summary: string;
}

/** log10 range [lo, hi] of every positive norm of every net (hi > lo), or null when there is none yet. */
export function logRange(nets: readonly GradSamples[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const n of nets) for (const s of n.samples) for (const v of s.norms) {
    if (v > 0 && Number.isFinite(v)) {
      lo = Math.min(lo, Math.log10(v));
      hi = Math.max(hi, Math.log10(v));
    }
  }
  if (lo === Infinity) return null;
  return hi - lo < 1e-6 ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

const fmt = (v: number) => v.toExponential(1);

/** Cells of one net's strip over steps (0, totalSteps], shaded on the shared log range. */
export function layoutGradStrip(net: GradSamples, totalSteps: number, range: [number, number] | null, size: { width: number; height: number }): StripView {
  if (!(totalSteps > 0)) throw new Error(`A gradient strip needs a positive step count, got ${totalSteps}.`);
  const plot = { left: 64, top: 18, right: size.width - 6, bottom: size.height - 4 };
  const rows = net.units.length;
  const rowH = (plot.bottom - plot.top) / Math.max(1, rows);
  const xOf = (step: number) => plot.left + (Math.min(step, totalSteps) / totalSteps) * (plot.right - plot.left);
  const cells: StripCell[] = [];
  let prev = 0;
  for (const s of net.samples) {
    if (s.norms.length !== rows) throw new Error(`${net.label}: a sample at step ${s.step} has ${s.norms.length} norms for ${rows} units.`);
    const x0 = xOf(prev);
    const w = Math.max(0.5, xOf(s.step) - x0);
    s.norms.forEach((v, r) => {
      const t = range && v > 0 ? (Math.log10(v) - range[0]) / (range[1] - range[0]) : 0;
      const shade = Math.round(1000 * Math.min(1, Math.max(0.05, t))) / 1000;
      cells.push({ key: `${s.step}:${r}`, x: Math.round(x0 * 10) / 10, y: Math.round((plot.top + r * rowH) * 10) / 10, w: Math.round(w * 10) / 10, h: Math.round(rowH * 10) / 10, shade });
    });
    prev = s.step;
  }
  const last = net.samples.at(-1);
  let summary = `Gradient norms per block of ${net.label}: none measured yet.`;
  if (last) {
    const order = last.norms.map((v, r) => ({ v, u: net.units[r]! })).sort((a, b) => a.v - b.v);
    summary = `Gradient norms per block of ${net.label} at step ${last.step}: smallest ${fmt(order[0]!.v)} (${order[0]!.u}), `
      + `largest ${fmt(order.at(-1)!.v)} (${order.at(-1)!.u}).`;
  }
  return { label: net.label, width: size.width, height: size.height, plot, cells, summary };
}

/** Draws (or updates) a strip into `svg`: the label, the first and last unit's names, one rect per cell. */
export function renderGradStrip(svg: SVGSVGElement, view: StripView): void {
  const root = select(svg).attr('viewBox', `0 0 ${view.width} ${view.height}`).attr('class', 'viz viz-grad-strip')
    .attr('role', 'img').attr('aria-label', view.summary);
  const texts = [
    { id: 'label', text: view.label, x: view.plot.left, y: 12, anchor: 'start', weight: 600 },
    { id: 'top', text: 'stem', x: view.plot.left - 4, y: view.plot.top + 8, anchor: 'end', weight: 400 },
    { id: 'bottom', text: 'fc', x: view.plot.left - 4, y: view.plot.bottom, anchor: 'end', weight: 400 },
  ];
  root.selectAll<SVGTextElement, (typeof texts)[number]>('text').data(texts, (d) => d.id).join('text')
    .attr('x', (d) => d.x).attr('y', (d) => d.y).attr('text-anchor', (d) => d.anchor).attr('font-weight', (d) => d.weight)
    .attr('font-size', sizes.smallFont).attr('fill', colourVar('ink')).text((d) => d.text);
  root.selectAll<SVGRectElement, null>('rect.frame').data([null]).join('rect').attr('class', 'frame')
    .attr('x', view.plot.left).attr('y', view.plot.top).attr('width', view.plot.right - view.plot.left)
    .attr('height', view.plot.bottom - view.plot.top).attr('fill', 'none').attr('stroke', colourVar('grid'));
  const g = root.selectAll<SVGGElement, null>('g.cells').data([null]).join('g').attr('class', 'cells');
  g.selectAll<SVGRectElement, StripCell>('rect').data(view.cells, (c) => c.key).join('rect')
    .attr('x', (c) => c.x).attr('y', (c) => c.y).attr('width', (c) => c.w).attr('height', (c) => c.h)
    .attr('fill', colourVar('heat')).attr('fill-opacity', (c) => c.shade);
}
