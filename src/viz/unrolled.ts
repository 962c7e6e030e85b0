/**
 * Pure renderer of the unrolled view: (svg, view model, options) -> SVG. Each lane is a focusable <g data-path> with a
 * roving tabindex (the component moves focus with the arrow keys); keyed joins keep lanes in place when the ReLU
 * order changes.
 */
import { select, type Selection } from 'd3';
import type { GroupLabel, Lane, UnrolledView } from './unrolledLayout.ts';
import { colourVar, sizes } from './theme.ts';

export interface UnrolledOptions {
  /** Id of the highlighted lane (the one with tabindex 0). */
  readonly selected?: string | undefined;
}

type Root = Selection<SVGSVGElement, unknown, null, undefined>;

/** Draws `view` into `svg`, replacing what an earlier call drew. */
export function renderUnrolled(svg: SVGSVGElement, view: UnrolledView, opts: UnrolledOptions = {}): void {
  const selected = opts.selected ?? view.lanes[0]?.id;
  const root = select(svg)
    .attr('viewBox', `0 0 ${view.width} ${view.height}`)
    .attr('class', 'viz viz-unrolled')
    .attr('role', 'group')
    .attr('data-order', view.order)
    .attr('data-blocks', view.blocks);
  drawHeader(root, view);
  drawGroups(root, view.groups);
  drawLanes(root, view, selected);
}

function drawHeader(root: Root, view: UnrolledView): void {
  const labels = [
    ...view.columns.map((c) => ({ id: c.label, x: c.x, text: c.label })),
    { id: 'in', x: view.input.x, text: view.input.label },
    { id: 'out', x: view.output.x, text: view.output.label },
  ];
  root.selectAll<SVGGElement, null>('g.header').data([null]).join('g').attr('class', 'header')
    .selectAll<SVGTextElement, (typeof labels)[number]>('text')
    .data(labels, (d) => d.id)
    .join('text')
    .attr('x', (d) => d.x)
    .attr('y', 14)
    .attr('text-anchor', 'middle')
    .attr('font-size', sizes.font)
    .attr('fill', colourVar('ink'))
    .text((d) => d.text);
}

function drawGroups(root: Root, groups: readonly GroupLabel[]): void {
  const g = root.selectAll<SVGGElement, null>('g.groups').data([null]).join('g').attr('class', 'groups')
    .selectAll<SVGTextElement, GroupLabel>('text')
    .data(groups, (d) => String(d.length))
    .join((enter) => {
      const t = enter.append('text');
      t.append('tspan').attr('class', 'group-length');
      t.append('tspan').attr('class', 'group-count');
      return t;
    })
    .attr('font-size', sizes.font)
    .attr('fill', colourVar('muted'));
  g.select('tspan.group-length').attr('x', 0).attr('y', (d) => d.y + 4).text((d) => `enters ${d.text}`);
  g.select('tspan.group-count').attr('x', 0).attr('y', (d) => d.y + 17).text((d) => d.count);
}

function drawLanes(root: Root, view: UnrolledView, selected: string | undefined): void {
  const lanes = root.selectAll<SVGGElement, null>('g.lanes').data([null]).join('g').attr('class', 'lanes')
    .selectAll<SVGGElement, Lane>('g.lane')
    .data(view.lanes, (l) => l.id)
    .join('g')
    .attr('class', 'lane')
    .attr('data-path', (l) => l.id)
    .attr('tabindex', (l) => (l.id === selected ? 0 : -1))
    .attr('role', 'button')
    .attr('aria-pressed', (l) => String(l.id === selected))
    .attr('aria-label', (l) => l.detail);

  // A transparent band makes the whole lane a pointer target, not just its 1.5-unit line.
  lanes.selectAll<SVGRectElement, Lane>('rect.hit').data((l) => [l]).join('rect').attr('class', 'hit')
    .attr('x', view.input.x - 8).attr('y', (l) => l.y - 10)
    .attr('width', view.output.x - view.input.x + 16).attr('height', 20)
    .attr('fill', 'transparent');

  const stroke = (l: Lane) => (l.id === selected ? colourVar('focus') : colourVar('skip'));
  lanes.selectAll<SVGLineElement, Lane>('line.wire').data((l) => [l]).join('line').attr('class', 'wire')
    .attr('x1', view.input.x + 8).attr('x2', view.output.x - 10).attr('y1', (l) => l.y).attr('y2', (l) => l.y)
    .attr('stroke', stroke)
    .attr('stroke-width', (l) => (l.id === selected ? sizes.focusStroke : sizes.stroke));

  const { w, h } = view.box;
  const boxes = lanes.selectAll<SVGGElement, { lane: Lane; block: number; x: number }>('g.branch')
    .data((l) => l.segments.filter((s) => s.kind === 'enter').map((s) => ({ lane: l, block: s.block, x: (s.x0 + s.x1) / 2 })), (d) => String(d.block))
    .join((enter) => {
      const b = enter.append('g').attr('class', 'branch');
      b.append('rect');
      b.append('text');
      return b;
    })
    .attr('data-block', (d) => d.block);
  boxes.select('rect')
    .attr('x', (d) => d.x - w / 2).attr('y', (d) => d.lane.y - h / 2).attr('width', w).attr('height', h).attr('rx', sizes.corner)
    .attr('fill', colourVar('surface'))
    .attr('stroke', colourVar('conv'))
    .attr('stroke-width', sizes.stroke);
  boxes.select('text')
    .attr('x', (d) => d.x).attr('y', (d) => d.lane.y)
    .attr('text-anchor', 'middle').attr('dominant-baseline', 'central')
    .attr('font-size', sizes.smallFont).attr('fill', colourVar('ink'))
    .text((d) => `F${'₀₁₂₃₄₅₆₇₈₉'[d.block] ?? d.block}`);

  lanes.selectAll<SVGCircleElement, { lane: Lane; x: number }>('circle.relu')
    .data((l) => l.relus.map((x) => ({ lane: l, x })))
    .join('circle')
    .attr('class', 'relu')
    .attr('cx', (d) => d.x).attr('cy', (d) => d.lane.y).attr('r', 3.5)
    .attr('fill', colourVar('relu'))
    .attr('stroke', colourVar('surface'));
}
