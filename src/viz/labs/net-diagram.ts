/**
 * A small diagram of a 6n+2 network: stem, 3n basic blocks in three stages, head; an arc over each block that has a
 * skip connection. Each block is a keyboard-operable control: in 'toggle' mode it switches that block's skip, in
 * 'select' mode it picks the block (the stepper). The layout is a pure function; the renderer joins on block index.
 */
import { select } from 'd3';
import { colourVar, sizes, type ColourRole } from '../theme.ts';

export interface NetDiagramNet {
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
}

export interface BlockBox {
  readonly index: number;
  readonly stage: number;
  readonly x: number;
  readonly w: number;
  readonly skip: boolean;
  /** e.g. 'stage 2, block 1: skip on'. */
  readonly label: string;
  /** The switch's state (toggle: has a skip; select: is the selected block). */
  readonly checked: boolean;
  /** In the tab order (the selected block, else the first): one per diagram. */
  readonly tabStop: boolean;
  readonly fill: ColourRole;
  readonly fillOpacity: number;
  /** The arc over the block: SVG path, colour, solid (skip on) or dashed (off). */
  readonly arc: { readonly d: string; readonly stroke: ColourRole; readonly width: number; readonly dashed: boolean };
}

export interface NetDiagramView {
  readonly width: number;
  readonly height: number;
  readonly role: 'switch' | 'radio';
  readonly boxY: number;
  readonly boxH: number;
  /** Stem and head boxes at either end. */
  readonly ends: readonly { readonly id: string; readonly x: number; readonly w: number; readonly text: string }[];
  readonly blocks: readonly BlockBox[];
  readonly summary: string;
}

export const DIAGRAM_HEIGHT = 74;
const BOX_Y = 34;
const BOX_H = 24;
const END_W = 30;
const STAGE_GAP = 10;
const r1 = (v: number) => Math.round(v * 10) / 10;

/** The diagram of `net` across `width`: stages separated by a gap, stem and head boxes at either end. */
export function layoutNetDiagram(net: NetDiagramNet, opts: NetDiagramOptions): NetDiagramView {
  const count = net.skips.length;
  if (count !== 3 * net.n) throw new Error(`A net with n=${net.n} has ${3 * net.n} blocks; got ${count} skip flags.`);
  const { width, mode } = opts;
  const inner = width - 2 * (END_W + STAGE_GAP) - 2 * STAGE_GAP;
  const step = inner / count;
  const blocks = net.skips.map((skip, i): BlockBox => {
    const stage = Math.floor(i / net.n);
    const x = r1(END_W + STAGE_GAP + stage * STAGE_GAP + i * step);
    const w = r1(Math.max(2, step - 2));
    const selected = i === net.selected;
    const name = `stage ${stage + 1}, block ${(i % net.n) + 1}`;
    return {
      index: i, stage, x, w, skip, label: `${name}: skip ${skip ? 'on' : 'off'}`,
      checked: mode === 'toggle' ? skip : selected,
      tabStop: i === (net.selected ?? 0),
      fill: selected ? 'focus' : 'conv', fillOpacity: selected ? 0.9 : 0.55,
      arc: {
        d: `M${r1(x + 1)},${BOX_Y} C${r1(x + 1)},${BOX_Y - 26} ${r1(x + w - 1)},${BOX_Y - 26} ${r1(x + w - 1)},${BOX_Y}`,
        stroke: skip ? 'skip' : 'grid', width: skip ? 2 : 1, dashed: !skip,
      },
    };
  });
  const on = net.skips.filter(Boolean).length;
  return {
    width, height: DIAGRAM_HEIGHT, role: mode === 'toggle' ? 'switch' : 'radio', boxY: BOX_Y, boxH: BOX_H,
    ends: [{ id: 'stem', x: 0, w: END_W, text: 'stem' }, { id: 'head', x: width - END_W, w: END_W, text: 'fc' }],
    blocks,
    summary: `Network of depth ${6 * net.n + 2}: ${on} of ${count} blocks have a skip connection.`,
  };
}

type End = NetDiagramView['ends'][number];

/**
 * Draws (or updates) `view` into `svg`. `onActivate` gets the block index on a click, Enter or Space; the arrow keys,
 * Home and End move the focus along the blocks.
 */
export function renderNetDiagram(svg: SVGSVGElement, view: NetDiagramView, onActivate?: (block: number) => void): void {
  const root = select(svg).attr('viewBox', `0 0 ${view.width} ${view.height}`).attr('font-size', sizes.smallFont)
    .attr('role', 'group').attr('aria-label', view.summary);
  root.selectAll<SVGGElement, End>('g.end').data(view.ends, (d) => d.id)
    .join((e) => {
      const g = e.append('g').attr('class', 'end');
      g.append('rect');
      g.append('text');
      return g;
    })
    .call((g) => g.select('rect').attr('x', (d) => d.x).attr('y', view.boxY).attr('width', (d) => d.w).attr('height', view.boxH)
      .attr('rx', sizes.corner).attr('fill', colourVar('panel')).attr('stroke', colourVar('muted')))
    .call((g) => g.select('text').attr('x', (d) => d.x + d.w / 2).attr('y', view.boxY + view.boxH / 2)
      .attr('dominant-baseline', 'middle').attr('text-anchor', 'middle').attr('fill', colourVar('ink')).text((d) => d.text));

  const g = root.selectAll<SVGGElement, BlockBox>('g.block').data(view.blocks, (b) => String(b.index))
    .join((e) => {
      const b = e.append('g').attr('class', 'block');
      b.append('path').attr('class', 'arc');
      b.append('rect').attr('class', 'box');
      b.append('title');
      return b;
    })
    .attr('role', view.role)
    .attr('aria-checked', (b) => String(b.checked))
    .attr('aria-label', (b) => b.label)
    .attr('data-block', (b) => b.index)
    .attr('tabindex', (b) => (b.tabStop ? 0 : -1))
    .style('cursor', 'pointer');
  g.select('title').text((b) => b.label);
  g.select('rect.box').attr('x', (b) => b.x).attr('y', view.boxY).attr('width', (b) => b.w).attr('height', view.boxH).attr('rx', 2)
    .attr('fill', (b) => colourVar(b.fill)).attr('fill-opacity', (b) => b.fillOpacity);
  g.select('path.arc').attr('d', (b) => b.arc.d).attr('fill', 'none')
    .attr('stroke', (b) => colourVar(b.arc.stroke)).attr('stroke-width', (b) => b.arc.width)
    .attr('stroke-dasharray', (b) => (b.arc.dashed ? '2 2' : null));
  if (!onActivate) return;
  const nodes = g.nodes();
  g.on('click', (_ev, b) => onActivate(b.index))
    .on('keydown', (ev: KeyboardEvent, b) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        onActivate(b.index);
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
