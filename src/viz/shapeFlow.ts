/**
 * Pure renderer of the shape-flow diagram: (svg, view model, options) -> SVG. Layers and projection markers are
 * keyed by their stable ids, so changing the depth keeps the shared layers in place and adds or removes the others.
 * One layer at a time is in the tab order (roving tabindex); the component moves it with the arrow keys.
 */
import { select, type Selection } from 'd3';
import type { FlowArc, FlowColumn, FlowView, StageLabel } from './shapeFlowLayout.ts';
import type { LayerKind, LayerRow } from './network.ts';
import { formatCount, shapeText } from './network.ts';
import { colourVar, sizes, type ColourRole } from './theme.ts';

export interface ShapeFlowOptions {
  /** Id of the selected layer (e.g. 'stage2.block0.shortcut'); the first layer when absent or unknown. */
  readonly selected?: string | undefined;
  /** CSS pixels per SVG unit (the drawing keeps its proportions and scrolls sideways when wider than its box). */
  readonly scale?: number;
}

const fillOf: Record<LayerKind, ColourRole> = {
  input: 'muted', stem: 'conv', conv1: 'conv', conv2: 'conv', projection: 'projection', pool: 'bn', fc: 'relu',
};

/** The accessible name of a layer: its id, label, output shape and parameter count. */
export function layerName(row: LayerRow): string {
  return `${row.id}: ${row.label}, output ${shapeText(row.shape)}, ${formatCount(row.params)} parameters`;
}

/** A focusable mark: a column, or a projection's square on its arc. */
interface Mark { readonly row: LayerRow; readonly x: number; readonly y: number; readonly w: number; readonly h: number }

/** Layers in reading order (columns, with each projection right after its block's first column). */
export function flowMarks(view: FlowView): Mark[] {
  const marks: Mark[] = view.columns.map((c: FlowColumn) => ({ row: c.row, x: c.x, y: c.y, w: c.w, h: c.h }));
  for (const arc of view.arcs) {
    const p = arc.projection;
    if (!p) continue;
    const at = marks.findIndex((m) => m.row.block === p.block && m.row.kind === 'conv1');
    marks.splice(at + 1, 0, { row: p, x: arc.apex.x - 5, y: arc.apex.y - 5, w: 10, h: 10 });
  }
  return marks;
}

/** Draws `view` into `svg`; each layer is a <g data-layer=id role=button>. */
export function renderShapeFlow(svg: SVGSVGElement, view: FlowView, opts: ShapeFlowOptions = {}): void {
  const marks = flowMarks(view);
  const selected = marks.some((m) => m.row.id === opts.selected) ? opts.selected : marks[0]?.row.id;
  const root = select(svg)
    .attr('viewBox', `0 0 ${view.width} ${view.height}`)
    .attr('width', Math.round(view.width * (opts.scale ?? 1)))
    .attr('height', Math.round(view.height * (opts.scale ?? 1)))
    .attr('class', 'viz viz-flow')
    .attr('role', 'group');

  drawArcs(root, view);
  drawStages(root, view);
  drawLayers(root, marks, selected);
}

type Root = Selection<SVGSVGElement, unknown, null, undefined>;

function drawArcs(root: Root, view: FlowView): void {
  root.selectAll<SVGGElement, null>('g.arcs').data([null]).join('g').attr('class', 'arcs')
    .selectAll<SVGPathElement, FlowArc>('path')
    .data(view.arcs, (a) => a.id)
    .join('path')
    .attr('data-arc', (a) => a.id)
    .attr('d', (a) => a.d)
    .attr('fill', 'none')
    .attr('stroke', (a) => colourVar(a.kind === 'identity' ? 'skip' : 'projection'))
    .attr('stroke-width', sizes.stroke)
    .attr('stroke-dasharray', (a) => (a.kind === 'identity' ? null : '4 2'));

}

/** Two-line labels under each stage: its name and its map shape. */
function drawStages(root: Root, view: FlowView): void {
  root.selectAll<SVGGElement, null>('g.stages').data([null]).join('g').attr('class', 'stages')
    .selectAll<SVGTextElement, StageLabel>('text')
    .data(view.stages, (s) => s.text)
    .join((enter) => {
      const t = enter.append('text');
      t.append('tspan').attr('class', 'stage-name');
      t.append('tspan').attr('class', 'stage-shape');
      return t;
    })
    .attr('text-anchor', 'middle')
    .attr('font-size', 8)
    .attr('fill', colourVar('ink'))
    .call((t) => t.select('tspan.stage-name').attr('x', (s) => s.x).attr('y', view.height - 16).text((s) => s.text.split(': ')[0] ?? ''))
    .call((t) => t.select('tspan.stage-shape').attr('x', (s) => s.x).attr('y', view.height - 6).text((s) => s.text.split(': ')[1] ?? ''));

}

/** The focusable layer marks; only the selected one is in the tab order. */
function drawLayers(root: Root, marks: readonly Mark[], selected: string | undefined): void {
  const layers = root.selectAll<SVGGElement, null>('g.layers').data([null]).join('g').attr('class', 'layers')
    .selectAll<SVGGElement, Mark>('g.layer')
    .data(marks, (m) => m.row.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'layer');
      g.append('rect');
      return g;
    })
    .attr('data-layer', (m) => m.row.id)
    .attr('role', 'button')
    .attr('tabindex', (m) => (m.row.id === selected ? 0 : -1))
    .attr('aria-pressed', (m) => String(m.row.id === selected))
    .attr('aria-label', (m) => layerName(m.row));

  layers.select('rect')
    .attr('x', (m) => m.x)
    .attr('y', (m) => m.y)
    .attr('width', (m) => m.w)
    .attr('height', (m) => m.h)
    .attr('fill', (m) => colourVar(fillOf[m.row.kind]))
    .attr('fill-opacity', (m) => (m.row.id === selected ? 1 : 0.55))
    .attr('stroke', (m) => colourVar(m.row.id === selected ? 'focus' : fillOf[m.row.kind]))
    .attr('stroke-width', (m) => (m.row.id === selected ? 2 : 0.5));
}
