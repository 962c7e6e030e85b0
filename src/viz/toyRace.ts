/**
 * Layout of the landing page's toy race, as plain numbers: one square panel per net with its decision regions (a grid
 * of cells coloured by the predicted class, stronger where the net is surer) over the spiral points, and one chart of
 * the three loss curves. Pure: no DOM, no d3, so it is tested without a browser.
 */
import type { ColourRole } from './theme.ts';

export interface ToyNetView {
  readonly label: string;
  readonly colour: ColourRole;
  /** P(class 1) over a side x side grid, row-major from the top left; null before the first read-back. */
  readonly probs: Float32Array | null;
  /** [step, loss] read-backs so far. */
  readonly losses: readonly (readonly [number, number])[];
}

export interface ToyRaceInput {
  readonly nets: readonly ToyNetView[];
  readonly gridSide: number;
  /** Spiral points (x, y interleaved) in [-extent, extent]^2 and their labels. */
  readonly points: { readonly xy: Float32Array; readonly labels: Int32Array };
  readonly extent: number;
  readonly step: number;
}

export interface Cell {
  readonly x: number;
  readonly y: number;
  readonly cls: 0 | 1;
  /** 0 (p = 0.5, undecided) .. 0.85 (p = 0 or 1). */
  readonly opacity: number;
}

export interface Panel {
  readonly id: string;
  readonly label: string;
  readonly colour: ColourRole;
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly cell: number;
  readonly cells: readonly Cell[];
  readonly loss: number | null;
}

export interface ToyRaceView {
  readonly width: number;
  readonly height: number;
  readonly panels: readonly Panel[];
  /** Spiral points in panel coordinates (0..size), drawn in every panel. */
  readonly dots: readonly { readonly x: number; readonly y: number; readonly cls: 0 | 1 }[];
  readonly chart: {
    readonly left: number;
    readonly right: number;
    readonly top: number;
    readonly bottom: number;
    readonly lines: readonly { readonly id: string; readonly colour: ColourRole; readonly d: string; readonly end: readonly [number, number] | null }[];
    readonly yTicks: readonly { readonly y: number; readonly label: string }[];
    readonly xLabel: string;
  };
}

export interface ToyLayoutOptions {
  readonly width: number;
  /** Height of the loss chart's plot area. */
  readonly chartHeight?: number;
  /** Steps the x axis spans at least (it grows with the race). */
  readonly minSteps?: number;
}

const r1 = (v: number) => Math.round(v * 10) / 10;
const GAP = 10;
const LABEL = 18;

/** Positions of every panel, cell, dot and curve for a figure `width` units wide. */
export function layoutToyRace(input: ToyRaceInput, opts: ToyLayoutOptions): ToyRaceView {
  const n = input.nets.length;
  if (n === 0) throw new Error('layoutToyRace needs at least one net.');
  const side = input.gridSide;
  const size = r1((opts.width - GAP * (n - 1)) / n);
  const cell = size / side;
  const toPanel = (v: number, flip: boolean) => r1(((flip ? input.extent - v : v + input.extent) / (2 * input.extent)) * size);
  const panels: Panel[] = input.nets.map((net, i) => {
    if (net.probs && net.probs.length !== side * side) throw new Error(`${net.label}: ${net.probs.length} probabilities for a ${side}x${side} grid.`);
    const cells: Cell[] = [];
    if (net.probs) {
      net.probs.forEach((p, k) => {
        cells.push({ x: r1((k % side) * cell), y: r1(Math.floor(k / side) * cell), cls: p >= 0.5 ? 1 : 0, opacity: Math.round(Math.abs(2 * p - 1) * 85) / 100 });
      });
    }
    return { id: `net${i}`, label: net.label, colour: net.colour, x: r1(i * (size + GAP)), y: LABEL, size, cell: r1(cell + 0.05), cells, loss: net.losses.at(-1)?.[1] ?? null };
  });
  const dots = Array.from({ length: input.points.labels.length }, (_v, i) => ({
    x: toPanel(input.points.xy[2 * i]!, false),
    y: toPanel(input.points.xy[2 * i + 1]!, true),
    cls: (input.points.labels[i] === 1 ? 1 : 0) as 0 | 1,
  }));

  const top = LABEL + size + 28;
  const chartHeight = opts.chartHeight ?? 120;
  const left = 34;
  const right = opts.width - 4;
  const bottom = top + chartHeight;
  const lastStep = Math.max(opts.minSteps ?? 100, input.step, ...input.nets.map((nv) => nv.losses.at(-1)?.[0] ?? 0));
  const finite = input.nets.flatMap((nv) => nv.losses.map((l) => l[1])).filter(Number.isFinite);
  const yMax = Math.min(1.5, Math.max(0.8, ...finite));
  const sx = (s: number) => r1(left + (s / lastStep) * (right - left));
  const sy = (l: number) => r1(bottom - (Math.min(l, yMax) / yMax) * (bottom - top));
  const lines = input.nets.map((nv, i) => {
    const pts = nv.losses.filter((l) => Number.isFinite(l[1]));
    const d = pts.map(([s, l], k) => `${k === 0 ? 'M' : 'L'}${sx(s)},${sy(l)}`).join('');
    const last = pts.at(-1);
    return { id: `net${i}`, colour: nv.colour, d, end: last ? ([sx(last[0]), sy(last[1])] as const) : null };
  });
  const yTicks = [0, yMax / 2, yMax].map((v) => ({ y: sy(v), label: v.toFixed(1) }));
  return {
    width: opts.width,
    height: bottom + 22,
    panels,
    dots,
    chart: { left, right, top, bottom, lines, yTicks, xLabel: `training steps (${input.step} so far)` },
  };
}
