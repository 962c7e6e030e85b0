/**
 * A small diagram of a 6n+2 network: stem, 3n basic blocks in three stages, head; an arc over each block that has a
 * skip connection. Each block is a keyboard-operable control: in 'toggle' mode it switches that block's skip, in
 * 'select' mode it picks the block (the stepper). Layout is a pure function; the renderer joins on block index.
 */
import * as d3 from 'd3';
import { colourVar, sizes } from '../theme.ts';

export interface NetDiagramView {
  /** Blocks per stage. */
  readonly n: number;
  /** One flag per block, global order (stage-major). */
  readonly skips: readonly boolean[];
  /** Highlighted block (select mode), if any. */
  readonly selected?: number;
}

export interface NetDiagramOptions {
  readonly width: number;
  readonly mode: 'toggle' | 'select';
  /** Called with the global block index when a block is clicked or activated with Enter/Space. */
  readonly onActivate?: (block: number) => void;
}

export interface BlockBox {
  readonly index: number;
  readonly stage: number;
  readonly x: number;
  readonly w: number;
  readonly skip: boolean;
  /** e.g. 'stage 2, block 1: skip on'. */
  readonly label: string;
}

export const DIAGRAM_HEIGHT = 74;
const BOX_Y = 34;
const BOX_H = 24;
const END_W = 30;
const STAGE_GAP = 10;

/** Positions of the blocks along the width; stages separated by a gap, stem and head boxes at either end. */
export function netDiagramLayout(view: NetDiagramView, width: number): BlockBox[] {
  const blocks = view.skips.length;
  if (blocks !== 3 * view.n) throw new Error(`A net with n=${view.n} has ${3 * view.n} blocks; got ${blocks} skip flags.`);
  const inner = width - 2 * (END_W + STAGE_GAP) - 2 * STAGE_GAP;
  const step = inner / blocks;
  return view.skips.map((skip, i) => {
    const stage = Math.floor(i / view.n);
    const x = END_W + STAGE_GAP + stage * STAGE_GAP + i * step;
    const name = `stage ${stage + 1}, block ${(i % view.n) + 1}`;
    return { index: i, stage, x, w: Math.max(2, step - 2), skip, label: `${name}: skip ${skip ? 'on' : 'off'}` };
  });
}

/** Draws the diagram into `svg`; call again with a new view to update. */
export function renderNetDiagram(svg: SVGSVGElement, view: NetDiagramView, opts: NetDiagramOptions): void {
  const boxes = netDiagramLayout(view, opts.width);
  const on = view.skips.filter(Boolean).length;
  const root = d3.select(svg).attr('viewBox', `0 0 ${opts.width} ${DIAGRAM_HEIGHT}`).attr('font-size', sizes.smallFont)
    .attr('role', 'group')
    .attr('aria-label', `Network of depth ${6 * view.n + 2}: ${on} of ${boxes.length} blocks have a skip connection.`);
  const ends = [{ id: 'stem', x: 0, text: 'stem' }, { id: 'head', x: opts.width - END_W, text: 'fc' }];
  root.selectAll<SVGGElement, (typeof ends)[number]>('g.end').data(ends, (d) => d.id)
    .join((e) => {
      const g = e.append('g').attr('class', 'end');
      g.append('rect').attr('y', BOX_Y).attr('width', END_W).attr('height', BOX_H).attr('rx', sizes.corner);
      g.append('text').attr('y', BOX_Y + BOX_H / 2).attr('dy', '0.35em').attr('text-anchor', 'middle');
      return g;
    })
    .call((g) => g.select('rect').attr('x', (d) => d.x).attr('fill', colourVar('panel')).attr('stroke', colourVar('muted')))
    .call((g) => g.select('text').attr('x', (d) => d.x + END_W / 2).attr('fill', colourVar('ink')).text((d) => d.text));

  const g = root.selectAll<SVGGElement, BlockBox>('g.block').data(boxes, (b) => String(b.index))
    .join((e) => {
      const b = e.append('g').attr('class', 'block');
      b.append('path').attr('class', 'arc').attr('fill', 'none');
      b.append('rect').attr('class', 'box').attr('y', BOX_Y).attr('height', BOX_H).attr('rx', 2);
      b.append('title');
      return b;
    })
    .attr('role', opts.mode === 'toggle' ? 'switch' : 'radio')
    .attr('aria-checked', (b) => String(opts.mode === 'toggle' ? b.skip : b.index === view.selected))
    .attr('aria-label', (b) => b.label)
    .attr('data-block', (b) => b.index)
    // Roving tab stop: one block per diagram is in the tab order (the selected one, else the first); arrows move.
    .attr('tabindex', (b) => (b.index === (view.selected ?? 0) ? 0 : -1))
    .style('cursor', 'pointer');
  g.select('title').text((b) => b.label);
  g.select('rect.box').attr('x', (b) => b.x).attr('width', (b) => b.w)
    .attr('fill', (b) => (b.index === view.selected ? colourVar('focus') : colourVar('conv')))
    .attr('fill-opacity', (b) => (b.index === view.selected ? 0.9 : 0.55));
  g.select('path.arc')
    .attr('d', (b) => `M${b.x + 1},${BOX_Y} C${b.x + 1},${BOX_Y - 26} ${b.x + b.w - 1},${BOX_Y - 26} ${b.x + b.w - 1},${BOX_Y}`)
    .attr('stroke', (b) => (b.skip ? colourVar('skip') : colourVar('grid')))
    .attr('stroke-width', (b) => (b.skip ? 2 : 1))
    .attr('stroke-dasharray', (b) => (b.skip ? null : '2 2'));
  const activate = opts.onActivate;
  if (!activate) return;
  const nodes = g.nodes();
  g.on('click', (_ev, b) => activate(b.index))
    .on('keydown', (ev: KeyboardEvent, b) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        activate(b.index);
        return;
      }
      const to = arrowTarget(ev.key, b.index, nodes.length);
      if (to === undefined) return;
      ev.preventDefault();
      nodes.forEach((n, i) => n.setAttribute('tabindex', i === to ? '0' : '-1'));
      nodes[to]?.focus();
    });
}

/** The block index an arrow key moves focus to (clamped at the ends), or undefined for other keys. */
export function arrowTarget(key: string, index: number, count: number): number | undefined {
  const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -count, End: count };
  const d = step[key];
  return d === undefined ? undefined : Math.max(0, Math.min(count - 1, index + d));
}
