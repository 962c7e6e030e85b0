/**
 * Pure renderer of the residual-block diagram: (svg, view model, options) -> SVG, with keyed joins so switching the
 * shortcut mode moves, adds and removes parts instead of redrawing. Events are wired by the component, not here.
 */
import { select, type Selection } from 'd3';
import type { BlockEdge, BlockPart, BlockView, PartKind } from './blockLayout.ts';
import { colourVar, sizes, type ColourRole } from './theme.ts';

export interface BlockDiagramOptions {
  /** Id of the part shown in the details panel; drawn with a focus outline. */
  readonly selected?: string | undefined;
}

const fillOf: Record<PartKind, ColourRole> = {
  tensor: 'panel', conv: 'conv', bn: 'bn', relu: 'relu', add: 'skip', projection: 'projection',
};

/** Draws `view` into `svg` (replacing what an earlier call drew). Each part is a focusable <g data-part=id>. */
export function renderBlockDiagram(svg: SVGSVGElement, view: BlockView, opts: BlockDiagramOptions = {}): void {
  const root = select(svg)
    .attr('viewBox', `0 0 ${view.width} ${view.height}`)
    .attr('class', 'viz viz-block')
    .attr('role', 'group')
    .attr('data-mode', view.mode);

  drawEdges(root, view);
  drawParts(root, view, opts.selected);
}

type Root = Selection<SVGSVGElement, unknown, null, undefined>;

/** The arrows of the main path, the shortcut arc, and the F(x) bracket. */
function drawEdges(root: Root, view: BlockView): void {
  const edgeLayer = root.selectAll<SVGGElement, null>('g.edges').data([null]).join('g').attr('class', 'edges');
  edgeLayer.selectAll<SVGPathElement, BlockEdge>('path')
    .data(view.edges, (e) => e.id)
    .join('path')
    .attr('data-edge', (e) => e.id)
    .attr('d', (e) => e.d)
    .attr('fill', 'none')
    .attr('stroke', (e) => colourVar(e.kind === 'skip' ? 'skip' : 'muted'))
    .attr('stroke-width', (e) => (e.kind === 'skip' ? sizes.focusStroke : sizes.stroke))
    .attr('stroke-dasharray', (e) => (e.kind === 'skip' && view.mode === 'projection' ? '6 3' : null));

  const bracket = root.selectAll<SVGPathElement, BlockView['residual']>('path.residual')
    .data(view.mode === 'none' ? [] : [view.residual])
    .join('path')
    .attr('class', 'residual')
    .attr('d', (r) => `M${r.x + 6},${r.y0}H${r.x}V${r.y1}H${r.x + 6}`)
    .attr('fill', 'none')
    .attr('stroke', colourVar('ink'));
  root.selectAll<SVGTextElement, BlockView['residual']>('text.residual-label')
    .data(bracket.data())
    .join('text')
    .attr('class', 'residual-label')
    .attr('x', (r) => r.x - 4)
    .attr('y', (r) => (r.y0 + r.y1) / 2)
    .attr('text-anchor', 'end')
    .attr('dominant-baseline', 'middle')
    .attr('font-size', sizes.font)
    .attr('fill', colourVar('ink'))
    .text('F(x)');

}

/** One focusable <g data-part> per part: a box (a circle for the addition) and its label. */
function drawParts(root: Root, view: BlockView, selected: string | undefined): void {
  const parts = root.selectAll<SVGGElement, null>('g.parts').data([null]).join('g').attr('class', 'parts')
    .selectAll<SVGGElement, BlockPart>('g.part')
    .data(view.parts, (p) => p.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'part');
      g.append('rect');
      g.append('text');
      return g;
    })
    .attr('data-part', (p) => p.id)
    .attr('tabindex', 0)
    .attr('role', 'button')
    .attr('aria-label', (p) => `${p.label}: ${p.detail}`)
    .attr('aria-pressed', (p) => String(p.id === selected))
    .attr('transform', (p) => `translate(${p.cx - p.w / 2},${p.cy - p.h / 2})`);

  parts.select('rect')
    .attr('width', (p) => p.w)
    .attr('height', (p) => p.h)
    .attr('rx', (p) => (p.kind === 'add' ? p.w / 2 : sizes.corner))
    .attr('fill', (p) => colourVar(fillOf[p.kind]))
    .attr('fill-opacity', (p) => (p.kind === 'tensor' ? 1 : 0.22))
    .attr('stroke', (p) => colourVar(p.id === selected ? 'focus' : p.kind === 'tensor' ? 'muted' : fillOf[p.kind]))
    .attr('stroke-width', (p) => (p.id === selected ? sizes.focusStroke : sizes.stroke));

  parts.select('text')
    .attr('x', (p) => p.w / 2)
    .attr('y', (p) => p.h / 2)
    .attr('text-anchor', 'middle')
    .attr('dominant-baseline', 'central')
    .attr('font-size', (p) => (p.kind === 'add' ? 18 : sizes.font))
    .attr('fill', colourVar('ink'))
    .text((p) => p.label);
}
