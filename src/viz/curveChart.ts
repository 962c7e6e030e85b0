/**
 * Renderer of a curve chart view (./curveLayout.ts): (svg, view) -> SVG. Every mark is joined on a stable key (series
 * id, tick label), so a live chart redrawn at each step changes attributes in place and adds only what is new.
 */
import { select, type BaseType, type Selection } from 'd3';
import type { ChartLine, CurveChartView, LegendItem } from './curveLayout.ts';
import { colourVar, sizes } from './theme.ts';

type Root = Selection<SVGSVGElement, unknown, null, undefined>;
type Dot = CurveChartView['dots'][number];
type XTick = CurveChartView['xTicks'][number];
type YTick = CurveChartView['yTicks'][number];
interface Label { readonly id: string; readonly text: string; readonly x: number; readonly y: number; readonly rotate: number; readonly anchor: string; readonly weight: number }

/** The one <g class=cls> child of `parent`, created on first use so redraws update it in place. */
function layer<P extends BaseType>(parent: Selection<P, unknown, null, undefined>, cls: string): Selection<SVGGElement, unknown, null, undefined> {
  return parent.selectChildren<SVGGElement, null>(`g.${cls}`).data([null]).join('g').attr('class', cls) as unknown as Selection<SVGGElement, unknown, null, undefined>;
}

/**
 * Sets each node's text only where it differs: d3's text() replaces the text node on every call, which on a live
 * chart would swap every label's node at every step.
 */
function setText<E extends Element, D>(sel: Selection<E, D, BaseType, unknown>, text: (d: D) => string): void {
  sel.each(function update(d) {
    const t = text(d);
    if (this.textContent !== t) this.textContent = t;
  });
}

/** Draws (or updates) `view` into `svg`: grid and ticks, axis labels, lines (data-series=id), end dots, legend. */
export function renderCurveChart(svg: SVGSVGElement, view: CurveChartView): void {
  const root = select(svg)
    .attr('viewBox', `0 0 ${view.width} ${view.height}`)
    .attr('class', 'viz viz-curves')
    .attr('role', 'img')
    .attr('aria-label', view.summary);
  drawAxes(root, view);
  drawLines(root, view);
  drawLegend(root, view);
}

function drawAxes(root: Root, view: CurveChartView): void {
  const { plot } = view;
  const axes = layer(root, 'axes');
  axes.selectAll<SVGLineElement, YTick>('line.grid').data(view.yTicks, (t) => t.label).join('line')
    .attr('class', 'grid').attr('x1', plot.left).attr('x2', plot.right).attr('y1', (t) => t.y).attr('y2', (t) => t.y)
    .attr('stroke', colourVar('grid'));
  axes.selectAll<SVGTextElement, YTick>('text.y-tick').data(view.yTicks, (t) => t.label).join('text')
    .attr('class', 'y-tick').attr('x', plot.left - 6).attr('y', (t) => t.y).attr('text-anchor', 'end')
    .attr('dominant-baseline', 'middle').attr('font-size', sizes.smallFont).attr('fill', colourVar('muted'))
    .call(setText, (t) => t.label);
  axes.selectAll<SVGTextElement, XTick>('text.x-tick').data(view.xTicks, (t) => t.label).join('text')
    .attr('class', 'x-tick').attr('x', (t) => t.x).attr('y', plot.bottom + 14).attr('text-anchor', 'middle')
    .attr('font-size', sizes.smallFont).attr('fill', colourVar('muted'))
    .call(setText, (t) => t.label);
  const labels: Label[] = [
    { id: 'x', text: view.xLabel, x: (plot.left + plot.right) / 2, y: view.height - 6, rotate: 0, anchor: 'middle', weight: 400 },
    { id: 'y', text: view.yLabel, x: 12, y: (plot.top + plot.bottom) / 2, rotate: -90, anchor: 'middle', weight: 400 },
    ...(view.title ? [{ id: 'title', text: view.title, x: plot.left, y: 14, rotate: 0, anchor: 'start', weight: 600 }] : []),
  ];
  axes.selectAll<SVGTextElement, Label>('text.axis-label, text.title').data(labels, (l) => l.id).join('text')
    .attr('class', (l) => (l.id === 'title' ? 'title' : `axis-label axis-label-${l.id}`)).attr('text-anchor', (l) => l.anchor).attr('font-weight', (l) => l.weight)
    .attr('font-size', (l) => (l.id === 'title' ? sizes.font : sizes.smallFont + 1)).attr('fill', colourVar('ink'))
    .attr('transform', (l) => `translate(${l.x},${l.y})${l.rotate ? ` rotate(${l.rotate})` : ''}`)
    .call(setText, (l) => l.text);
}

/** Bands first (underneath everything), one path per series, earlier runs first, then a dot on each live series' latest value. */
function drawLines(root: Root, view: CurveChartView): void {
  // Only charts with bands get the layer, so charts without them keep their markup.
  if (view.bands.length || !root.selectChildren('g.bands').empty()) {
    layer(root, 'bands').lower().selectAll<SVGPathElement, CurveChartView['bands'][number]>('path.band').data(view.bands, (b) => b.id).join('path')
      .attr('class', 'band').attr('data-series', (b) => b.id).attr('fill', (b) => colourVar(b.colour)).attr('fill-opacity', 0.18)
      .attr('stroke', 'none').attr('d', (b) => b.d);
  }
  layer(root, 'lines').selectAll<SVGPathElement, ChartLine>('path.series').data(view.lines, (l) => l.id).join('path')
    .attr('class', 'series').attr('data-series', (l) => l.id)
    .attr('fill', 'none').attr('stroke', (l) => colourVar(l.colour))
    .attr('stroke-width', (l) => (l.dimmed ? 1 : 2.5)).attr('stroke-opacity', (l) => (l.dimmed ? 0.3 : 1))
    .attr('stroke-dasharray', (l) => (l.dashed ? '5 3' : null)).attr('stroke-linejoin', 'round')
    .attr('d', (l) => l.d)
    // A run that was live becomes dimmed when the next starts: order() moves it under the new lines.
    .order();
  layer(root, 'ends').selectAll<SVGCircleElement, Dot>('circle.end-dot').data(view.dots, (d) => d.id).join('circle')
    .attr('class', 'end-dot').attr('data-series', (d) => d.id).attr('r', 3.5)
    .attr('cx', (d) => d.cx).attr('cy', (d) => d.cy).attr('fill', (d) => colourVar(d.colour));
}

/** Legend items <g data-series>: a swatch line (top legend) and the label with the latest value. */
function drawLegend(root: Root, view: CurveChartView): void {
  const items = layer(root, 'legend').selectAll<SVGGElement, LegendItem>('g.item').data(view.legend, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'item');
      g.append('text');
      return g;
    })
    .attr('data-series', (d) => d.id)
    .attr('transform', (d) => `translate(${d.x},${d.y})`)
    .order();
  items.selectAll<SVGLineElement, LegendItem>('line').data((d) => (d.swatch ? [d] : [])).join('line')
    .attr('x1', 0).attr('x2', 16).attr('stroke', (d) => colourVar(d.colour)).attr('stroke-width', 2.5)
    .attr('stroke-dasharray', (d) => (d.dashed ? '5 3' : null));
  items.select<SVGTextElement>('text')
    .attr('x', (d) => (d.swatch ? 20 : 0)).attr('dominant-baseline', 'middle')
    .attr('font-size', (d) => (d.swatch ? sizes.smallFont : sizes.font)).attr('font-weight', (d) => (d.swatch ? 400 : 600))
    // Ink, not the line colour: some Okabe-Ito hues are below 4.5:1 contrast as text; swatch and dot carry the colour.
    .attr('fill', colourVar('ink'))
    .call(setText, (d) => d.text);
}
