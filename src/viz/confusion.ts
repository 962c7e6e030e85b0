/**
 * Confusion-matrix heatmap: the view model (cells with counts and row shares, class labels) and its pure renderer.
 * Rows are true classes, columns predicted classes; a cell's opacity is its share of the row, so classes compare fairly.
 */
import { select } from 'd3';
import { CLASS_NAMES } from '../core/data/cifar10.ts';
import { colourVar, sizes } from './theme.ts';

export interface HeatCell {
  readonly row: number;
  readonly col: number;
  readonly count: number;
  /** count / row total, in [0, 1]. */
  readonly share: number;
  readonly x: number;
  readonly y: number;
  readonly label: string;
}

export interface HeatView {
  readonly size: number;
  readonly cell: number;
  readonly offset: number;
  readonly classes: readonly string[];
  readonly cells: readonly HeatCell[];
  readonly width: number;
  readonly height: number;
  /** Correct predictions / all, in [0, 1]. */
  readonly accuracy: number;
  readonly total: number;
}

/** Counts[i][j] = images of true class i predicted as j, from parallel label arrays of equal length. */
export function confusionCounts(trueLabels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  if (trueLabels.length !== predicted.length) {
    throw new Error(`confusionCounts got ${trueLabels.length} labels but ${predicted.length} predictions; pass one prediction per image.`);
  }
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < trueLabels.length; i++) {
    const t = trueLabels[i] ?? -1;
    const p = predicted[i] ?? -1;
    const row = m[t];
    if (!row || p < 0 || p >= classes) throw new Error(`Image ${i} has label ${t} / prediction ${p}, outside 0..${classes - 1}.`);
    row[p] = (row[p] ?? 0) + 1;
  }
  return m;
}

/** Cell positions of a square matrix `counts` [true][predicted]; throws if it is not square or does not fit `classes`. */
export function layoutConfusion(counts: readonly (readonly number[])[], classes: readonly string[] = CLASS_NAMES): HeatView {
  const k = classes.length;
  if (counts.length !== k || counts.some((r) => r.length !== k)) {
    throw new Error(`The confusion matrix must be ${k}×${k} (one row and column per class), got ${counts.length} rows.`);
  }
  const cell = 34;
  const offset = 78;
  const cells: HeatCell[] = [];
  let correct = 0;
  let total = 0;
  counts.forEach((row, i) => {
    const rowTotal = row.reduce((a, b) => a + b, 0);
    total += rowTotal;
    row.forEach((count, j) => {
      if (i === j) correct += count;
      const share = rowTotal > 0 ? count / rowTotal : 0;
      const label = `true ${classes[i]}, predicted ${classes[j]}: ${count} (${Math.round(share * 1000) / 10}% of ${classes[i]})`;
      cells.push({ row: i, col: j, count, share: Math.round(share * 1000) / 1000, x: offset + j * cell, y: offset + i * cell, label });
    });
  });
  const side = offset + k * cell + 4;
  // Column names are rotated 45° up and to the right: room for the last ones (text about 0.6 em per character).
  const reach = Math.max(...classes.map((c, j) => offset + (j + 0.5) * cell + 0.6 * sizes.smallFont * c.length * Math.SQRT1_2));
  const width = Math.ceil(Math.max(side, reach + 6));
  return { size: k, cell, offset, classes, cells, width, height: side, accuracy: total > 0 ? correct / total : 0, total };
}

export interface HeatmapOptions {
  /** `${row},${col}` of the cell in the tab order and outlined; the first diagonal cell when absent. */
  readonly selected?: string | undefined;
}

/** Draws the heatmap into `svg`: cells <g data-cell="row,col" role=button> with count text; class names on both axes. */
export function renderConfusion(svg: SVGSVGElement, view: HeatView, opts: HeatmapOptions = {}): void {
  const selected = opts.selected ?? '0,0';
  const root = select(svg).attr('viewBox', `0 0 ${view.width} ${view.height}`).attr('class', 'viz viz-heat').attr('role', 'group');
  const axis = [
    ...view.classes.map((c, i) => ({ id: `r${i}`, text: c, x: view.offset - 4, y: view.offset + (i + 0.5) * view.cell, rotate: 0, anchor: 'end' })),
    ...view.classes.map((c, j) => ({ id: `c${j}`, text: c, x: view.offset + (j + 0.5) * view.cell, y: view.offset - 4, rotate: -45, anchor: 'start' })),
  ];
  root.selectAll<SVGTextElement, (typeof axis)[number]>('text.class').data(axis, (a) => a.id).join('text')
    .attr('class', 'class').attr('text-anchor', (a) => a.anchor).attr('dominant-baseline', 'middle')
    .attr('font-size', sizes.smallFont).attr('fill', colourVar('ink'))
    .attr('transform', (a) => `translate(${a.x},${a.y}) rotate(${a.rotate})`)
    .text((a) => a.text);

  const cells = root.selectAll<SVGGElement, null>('g.cells').data([null]).join('g').attr('class', 'cells')
    .selectAll<SVGGElement, HeatCell>('g.cell')
    .data(view.cells, (c) => `${c.row},${c.col}`)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'cell');
      g.append('rect');
      g.append('text');
      return g;
    })
    .attr('data-cell', (c) => `${c.row},${c.col}`)
    .attr('role', 'button')
    .attr('tabindex', (c) => (`${c.row},${c.col}` === selected ? 0 : -1))
    .attr('aria-label', (c) => c.label);
  cells.select('rect')
    .attr('x', (c) => c.x).attr('y', (c) => c.y).attr('width', view.cell - 1).attr('height', view.cell - 1)
    .attr('fill', colourVar('heat'))
    // A floor of 0.04 keeps empty cells visible as cells.
    .attr('fill-opacity', (c) => Math.round((0.04 + 0.96 * c.share) * 1000) / 1000)
    .attr('stroke', (c) => (`${c.row},${c.col}` === selected ? colourVar('focus') : 'none'))
    .attr('stroke-width', sizes.focusStroke);
  cells.select('text')
    .attr('x', (c) => c.x + view.cell / 2).attr('y', (c) => c.y + view.cell / 2)
    .attr('text-anchor', 'middle').attr('dominant-baseline', 'central').attr('font-size', sizes.smallFont)
    // Light text on the dark (high-share) cells, page ink elsewhere.
    .attr('fill', (c) => (c.share > 0.5 ? colourVar('surface') : colourVar('ink')))
    .text((c) => String(c.count));
}
