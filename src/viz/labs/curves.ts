/**
 * Line charts of training curves: live runs in colour, previous runs dimmed, reference runs dashed. A pure layout
 * (domains, legend text) and a renderer (svg, view model, options) -> SVG with keyed joins, so updates do not redraw.
 */
import * as d3 from 'd3';
import { colourVar, sizes } from '../theme.ts';

export interface CurvePoint {
  readonly x: number;
  readonly y: number;
}

/** One line: a network's metric over steps (or epochs). */
export interface CurveSeries {
  /** Stable key for the join, e.g. 'run2:9p'. */
  readonly id: string;
  readonly label: string;
  /** A CSS colour, usually colourVar(...). */
  readonly colour: string;
  /** Previous runs: kept on the chart, faint, out of the legend. */
  readonly dimmed?: boolean;
  /** Reference (full-scale) runs. */
  readonly dashed?: boolean;
  readonly points: readonly CurvePoint[];
}

export interface CurvePanel {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Fixed y range, e.g. [0, 1] for error and accuracy; otherwise 0 .. max. */
  readonly yDomain?: readonly [number, number];
  /** Fixed x range; otherwise 0 .. the largest x of any series. */
  readonly xDomain?: readonly [number, number];
  /** Digits after the point in the legend and text alternative. */
  readonly digits?: number;
  readonly series: readonly CurveSeries[];
}

export interface CurveOptions {
  readonly width: number;
  readonly height: number;
}

const MARGIN = { top: 22, right: 12, bottom: 34, left: 44 } as const;

/** The x and y domains a panel is drawn with. */
export function curveDomains(panel: CurvePanel): { x: [number, number]; y: [number, number] } {
  const all = panel.series.flatMap((s) => s.points);
  const finite = all.filter((p) => Number.isFinite(p.y));
  const xMax = d3.max(all, (p) => p.x) ?? 1;
  const yMax = d3.max(finite, (p) => p.y) ?? 1;
  return {
    x: panel.xDomain ? [panel.xDomain[0], panel.xDomain[1]] : [0, Math.max(1, xMax)],
    y: panel.yDomain ? [panel.yDomain[0], panel.yDomain[1]] : [0, yMax > 0 ? yMax * 1.05 : 1],
  };
}

/** Legend lines for the live (not dimmed) series, with their last value, e.g. 'plain-56: 0.812'. */
export function curveLegend(panel: CurvePanel): { id: string; colour: string; dashed: boolean; text: string }[] {
  const digits = panel.digits ?? 3;
  return panel.series.filter((s) => !s.dimmed).map((s) => {
    const last = s.points.at(-1);
    return { id: s.id, colour: s.colour, dashed: !!s.dashed, text: last ? `${s.label}: ${last.y.toFixed(digits)}` : `${s.label}: –` };
  });
}

/** Legend positions in rows under the title, wrapping at `width`; text width estimated at 0.6 em per character. */
export function legendPositions(texts: readonly string[], left: number, width: number, fontSize: number): { x: number; row: number }[] {
  let x = left;
  let row = 0;
  return texts.map((t) => {
    const w = Math.round(24 + t.length * fontSize * 0.6);
    if (x > left && x + w > width) {
      x = left;
      row += 1;
    }
    const at = { x, row };
    x += w;
    return at;
  });
}

/** A sentence for screen readers: what the chart shows and where each live series ends. */
export function curveSummary(panel: CurvePanel): string {
  const legend = curveLegend(panel).map((l) => l.text).join('; ');
  const dimmed = panel.series.filter((s) => s.dimmed).length;
  const prev = dimmed ? ` ${dimmed} earlier run${dimmed > 1 ? 's' : ''} shown faintly.` : '';
  return `${panel.title}: ${panel.yLabel} against ${panel.xLabel}. Latest values: ${legend || 'no data yet'}.${prev}`;
}

/** Draws (or updates) `panel` into `svg`. */
export function renderCurves(svg: SVGSVGElement, panel: CurvePanel, opts: CurveOptions): void {
  const { width, height } = opts;
  const root = d3.select(svg)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('font-size', sizes.font)
    .attr('aria-label', curveSummary(panel));
  const dom = curveDomains(panel);
  const legend = curveLegend(panel);
  const spots = legendPositions(legend.map((l) => l.text), MARGIN.left, width - MARGIN.right, sizes.smallFont);
  // The legend sits in rows between the title and the plot, so it never hides a line.
  const top = MARGIN.top + 14 * (spots.length ? (spots.at(-1)!.row + 1) : 0);
  const x = d3.scaleLinear().domain(dom.x).range([MARGIN.left, width - MARGIN.right]);
  const y = d3.scaleLinear().domain(dom.y).range([height - MARGIN.bottom, top]).clamp(true);
  renderAxes(ensure(root, 'g', 'axes'), panel, x, y, opts);
  renderLines(root, panel, x, y);
  renderLegend(ensure(root, 'g', 'legend'), legend, spots, MARGIN.top + 4);
}

type Scale = d3.ScaleLinear<number, number>;
type Root = d3.Selection<SVGSVGElement, unknown, null, undefined>;

function renderAxes(axes: d3.Selection<SVGGElement, unknown, null, undefined>, panel: CurvePanel, x: Scale, y: Scale, { width, height }: CurveOptions): void {
  ensure(axes, 'g', 'x-axis').attr('transform', `translate(0,${height - MARGIN.bottom})`)
    .call(d3.axisBottom(x).ticks(5).tickSizeOuter(0));
  ensure(axes, 'g', 'y-axis').attr('transform', `translate(${MARGIN.left},0)`)
    .call(d3.axisLeft(y).ticks(5).tickSize(-(width - MARGIN.left - MARGIN.right)))
    .call((g) => g.selectAll('.tick line').attr('stroke', colourVar('grid')))
    .call((g) => g.select('.domain').remove());
  ensure(axes, 'text', 'title').attr('x', MARGIN.left).attr('y', 14).attr('font-weight', 600)
    .attr('fill', colourVar('ink')).text(panel.title);
  ensure(axes, 'text', 'x-label').attr('x', width - MARGIN.right).attr('y', height - 4).attr('text-anchor', 'end')
    .attr('fill', colourVar('muted')).attr('font-size', sizes.smallFont).text(panel.xLabel);
}

/** One path per series (dimmed runs underneath), and a dot on each live series' latest value. */
function renderLines(root: Root, panel: CurvePanel, x: Scale, y: Scale): void {
  const line = d3.line<CurvePoint>().defined((p) => Number.isFinite(p.y)).x((p) => x(p.x)).y((p) => y(p.y));
  const ordered = [...panel.series].sort((a, b) => Number(!!b.dimmed) - Number(!!a.dimmed));
  ensure(root, 'g', 'lines').selectAll<SVGPathElement, CurveSeries>('path')
    .data(ordered, (s) => s.id)
    .join('path')
    .attr('fill', 'none')
    .attr('stroke', (s) => s.colour)
    .attr('stroke-width', (s) => (s.dimmed ? 1 : sizes.stroke + 0.5))
    .attr('stroke-opacity', (s) => (s.dimmed ? 0.3 : 1))
    .attr('stroke-dasharray', (s) => (s.dashed ? '5 3' : null))
    .attr('data-series', (s) => s.id)
    .attr('d', (s) => line([...s.points]) ?? '');
  // The dot shows the current state at a glance, and keeps a series of a single point visible.
  const ends = panel.series.filter((s) => !s.dimmed && s.points.length > 0 && Number.isFinite(s.points.at(-1)!.y));
  ensure(root, 'g', 'ends').selectAll<SVGCircleElement, CurveSeries>('circle')
    .data(ends, (s) => s.id)
    .join('circle')
    .attr('r', 3)
    .attr('fill', (s) => s.colour)
    .attr('cx', (s) => x(s.points.at(-1)!.x))
    .attr('cy', (s) => y(s.points.at(-1)!.y));
}

function renderLegend(
  g: d3.Selection<SVGGElement, unknown, null, undefined>,
  items: ReturnType<typeof curveLegend>, spots: readonly { x: number; row: number }[], top: number,
): void {
  const rows = g.selectAll<SVGGElement, (typeof items)[number]>('g.item').data(items, (d) => d.id)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'item');
      e.append('line').attr('x1', 0).attr('x2', 16);
      e.append('text').attr('x', 20).attr('dy', '0.35em').attr('font-size', sizes.smallFont);
      return e;
    })
    .attr('transform', (_d, i) => `translate(${spots[i]!.x},${top + spots[i]!.row * 14})`);
  rows.select('line').attr('stroke', (d) => d.colour).attr('stroke-width', 2).attr('stroke-dasharray', (d) => (d.dashed ? '5 3' : null));
  rows.select('text').attr('fill', colourVar('ink')).text((d) => d.text);
}

/** The child `<tag class=cls>` of `parent`, created on first use so re-renders update in place. */
function ensure<P extends d3.BaseType, K extends keyof SVGElementTagNameMap>(
  parent: d3.Selection<P, unknown, null, undefined>, tag: K, cls: string,
): d3.Selection<SVGElementTagNameMap[K], unknown, null, undefined> {
  const found = parent.selectChild<SVGElementTagNameMap[K]>(`${tag}.${cls}`);
  if (!found.empty()) return found as unknown as d3.Selection<SVGElementTagNameMap[K], unknown, null, undefined>;
  return parent.append(tag).attr('class', cls) as unknown as d3.Selection<SVGElementTagNameMap[K], unknown, null, undefined>;
}
