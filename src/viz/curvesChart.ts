/** Pure renderer of the reference-curve line chart: (svg, view model) -> SVG with keyed joins on lines and ticks. */
import { select } from 'd3';
import { spreadLabels, type CurvesView } from './curves.ts';
import { colourVar, sizes } from './theme.ts';

type Line = CurvesView['lines'][number];
type XTick = CurvesView['xTicks'][number];
type YTick = CurvesView['yTicks'][number];

/** Draws `view` into `svg`; lines are <path data-series=id>, labelled at their last epoch with the final error. */
export function renderCurves(svg: SVGSVGElement, view: CurvesView): void {
  const { plot } = view;
  const root = select(svg).attr('viewBox', `0 0 ${view.width} ${view.height}`).attr('class', 'viz viz-curves');

  const grid = root.selectAll<SVGGElement, null>('g.grid').data([null]).join('g').attr('class', 'grid');
  grid.selectAll<SVGLineElement, YTick>('line').data(view.yTicks, (t) => t.label).join('line')
    .attr('x1', plot.left).attr('x2', plot.right).attr('y1', (t) => t.y).attr('y2', (t) => t.y)
    .attr('stroke', colourVar('grid'));
  grid.selectAll<SVGTextElement, YTick>('text.y').data(view.yTicks, (t) => t.label).join('text')
    .attr('class', 'y').attr('x', plot.left - 6).attr('y', (t) => t.y).attr('text-anchor', 'end')
    .attr('dominant-baseline', 'middle').attr('font-size', sizes.smallFont).attr('fill', colourVar('muted'))
    .text((t) => t.label);
  grid.selectAll<SVGTextElement, XTick>('text.x').data(view.xTicks, (t) => t.label).join('text')
    .attr('class', 'x').attr('x', (t) => t.x).attr('y', plot.bottom + 14).attr('text-anchor', 'middle')
    .attr('font-size', sizes.smallFont).attr('fill', colourVar('muted'))
    .text((t) => t.label);

  const axisLabels = [
    { id: 'x', text: view.xLabel, x: (plot.left + plot.right) / 2, y: view.height - 6, rotate: 0 },
    { id: 'y', text: view.yLabel, x: 12, y: (plot.top + plot.bottom) / 2, rotate: -90 },
  ];
  root.selectAll<SVGTextElement, (typeof axisLabels)[number]>('text.axis-label').data(axisLabels, (a) => a.id).join('text')
    .attr('class', 'axis-label').attr('text-anchor', 'middle').attr('font-size', sizes.font).attr('fill', colourVar('ink'))
    .attr('transform', (a) => `translate(${a.x},${a.y}) rotate(${a.rotate})`)
    .text((a) => a.text);

  root.selectAll<SVGPathElement, Line>('path.series').data(view.lines, (l) => l.id).join('path')
    .attr('class', 'series').attr('data-series', (l) => l.id).attr('d', (l) => l.d)
    .attr('fill', 'none').attr('stroke', (l) => colourVar(l.colour)).attr('stroke-width', 2.5)
    .attr('stroke-linejoin', 'round');

  root.selectAll<SVGCircleElement, Line>('circle.end-dot').data(view.lines, (l) => l.id).join('circle')
    .attr('class', 'end-dot').attr('cx', (l) => l.end[0]).attr('cy', (l) => l.end[1]).attr('r', 3.5)
    .attr('fill', (l) => colourVar(l.colour));

  const labelY = spreadLabels(view.lines);
  root.selectAll<SVGTextElement, Line>('text.end-label').data(view.lines, (l) => l.id).join('text')
    .attr('class', 'end-label').attr('x', (l) => l.end[0] + 6).attr('y', (l) => labelY.get(l.id) ?? l.end[1])
    .attr('dominant-baseline', 'middle').attr('font-size', sizes.font).attr('font-weight', 600)
    // Ink, not the line colour: some Okabe-Ito hues are below 4.5:1 contrast as text; the dot carries the colour.
    .attr('fill', colourVar('ink'))
    .text((l) => `${l.label} ${Math.round(l.last * 100)}%`);
}
