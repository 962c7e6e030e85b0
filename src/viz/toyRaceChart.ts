/** Renderer of the toy race: (svg, view) -> three decision-region panels over the spirals and the loss curves. */
import { select } from 'd3';
import type { Cell, Panel, ToyRaceView } from './toyRace.ts';
import { colourVar, sizes } from './theme.ts';

type Dot = ToyRaceView['dots'][number];
type Line = ToyRaceView['chart']['lines'][number];
type Tick = ToyRaceView['chart']['yTicks'][number];
type SizedCell = Cell & { readonly size: number };

const classColour = (cls: 0 | 1) => colourVar(cls === 1 ? 'class1' : 'class0');

/** Draws `view` into `svg`: one <g data-panel=netN> per net, then the loss chart; keyed joins, so redraws update in place. */
export function renderToyRace(svg: SVGSVGElement, view: ToyRaceView): void {
  const root = select(svg).attr('viewBox', `0 0 ${view.width} ${view.height}`).attr('class', 'viz viz-toy-race');
  const panels = root.selectAll<SVGGElement, Panel>('g.panel').data(view.panels, (p) => p.id).join('g')
    .attr('class', 'panel').attr('data-panel', (p) => p.id).attr('transform', (p) => `translate(${p.x},${p.y})`);
  panels.selectAll<SVGTextElement, Panel>('text.panel-label').data((p) => [p]).join('text')
    .attr('class', 'panel-label').attr('x', 0).attr('y', -5).attr('font-size', sizes.font).attr('font-weight', 600)
    .attr('fill', colourVar('ink')).text((p) => p.label);
  panels.selectAll<SVGRectElement, Panel>('rect.frame').data((p) => [p]).join('rect')
    .attr('class', 'frame').attr('width', (p) => p.size).attr('height', (p) => p.size)
    .attr('fill', colourVar('panel')).attr('stroke', (p) => colourVar(p.colour)).attr('stroke-width', 3);
  panels.selectAll<SVGGElement, Panel>('g.cells').data((p) => [p]).join('g').attr('class', 'cells')
    .selectAll<SVGRectElement, SizedCell>('rect').data((p) => p.cells.map((c) => ({ ...c, size: p.cell })), (c) => `${c.x},${c.y}`).join('rect')
    .attr('x', (c) => c.x).attr('y', (c) => c.y).attr('width', (c) => c.size).attr('height', (c) => c.size)
    .attr('fill', (c) => classColour(c.cls)).attr('fill-opacity', (c) => c.opacity);
  panels.selectAll<SVGGElement, Panel>('g.dots').data((p) => [p]).join('g').attr('class', 'dots')
    .selectAll<SVGCircleElement, Dot>('circle').data(view.dots).join('circle')
    .attr('cx', (d) => d.x).attr('cy', (d) => d.y).attr('r', 1.6)
    .attr('fill', (d) => classColour(d.cls)).attr('stroke', colourVar('surface')).attr('stroke-width', 0.5);

  const c = view.chart;
  const axis = root.selectAll<SVGGElement, null>('g.loss-axis').data([null]).join('g').attr('class', 'loss-axis');
  axis.selectAll<SVGLineElement, Tick>('line').data(c.yTicks, (t) => t.label).join('line')
    .attr('x1', c.left).attr('x2', c.right).attr('y1', (t) => t.y).attr('y2', (t) => t.y).attr('stroke', colourVar('grid'));
  axis.selectAll<SVGTextElement, Tick>('text.y').data(c.yTicks, (t) => t.label).join('text')
    .attr('class', 'y').attr('x', c.left - 4).attr('y', (t) => t.y).attr('text-anchor', 'end').attr('dominant-baseline', 'middle')
    .attr('font-size', sizes.smallFont).attr('fill', colourVar('muted')).text((t) => t.label);
  const labels = [
    { id: 'title', text: 'training loss', x: c.left, y: c.top - 6, anchor: 'start' },
    { id: 'x', text: c.xLabel, x: (c.left + c.right) / 2, y: c.bottom + 16, anchor: 'middle' },
  ];
  axis.selectAll<SVGTextElement, (typeof labels)[number]>('text.axis-label').data(labels, (l) => l.id).join('text')
    .attr('class', 'axis-label').attr('x', (l) => l.x).attr('y', (l) => l.y).attr('text-anchor', (l) => l.anchor)
    .attr('font-size', sizes.smallFont).attr('fill', colourVar('muted')).text((l) => l.text);
  root.selectAll<SVGPathElement, Line>('path.loss').data(c.lines, (l) => l.id).join('path')
    .attr('class', 'loss').attr('data-series', (l) => l.id).attr('d', (l) => l.d || null)
    .attr('fill', 'none').attr('stroke', (l) => colourVar(l.colour)).attr('stroke-width', 2.5).attr('stroke-linejoin', 'round');
  root.selectAll<SVGCircleElement, Line>('circle.loss-end').data(c.lines.filter((l) => l.end !== null), (l) => l.id).join('circle')
    .attr('class', 'loss-end').attr('cx', (l) => l.end![0]).attr('cy', (l) => l.end![1]).attr('r', 3.5).attr('fill', (l) => colourVar(l.colour));
}
