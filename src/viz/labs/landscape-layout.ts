/**
 * Layout of the landscape lab's two views of a loss slice (a regular n x n grid of losses over [-span, span]^2):
 * a filled contour map (levels on a log scale shared by the nets compared) and a surface seen from an angle (a simple
 * projection: quads sorted back to front). Pure: numbers and SVG path strings, tested without a DOM.
 */
import { contours, geoIdentity, geoPath } from 'd3';

export interface SliceSpec {
  /** Net's label, e.g. 'plain-20'. */
  readonly label: string;
  /** Points per side of this (possibly coarse) grid. */
  readonly size: number;
  /** size*size losses, row-major; row j is the second direction (b), column i the first (a). */
  readonly values: readonly number[];
  readonly span: number;
}

/** Shared contour levels of log10(loss) for every slice shown side by side: `count` steps from the smallest to the largest loss. */
export function logLevels(slices: readonly SliceSpec[], count = 12): number[] {
  const all = slices.flatMap((s) => s.values).filter((v) => Number.isFinite(v) && v > 0);
  if (all.length === 0) return [];
  const lo = Math.log10(Math.min(...all));
  const hi = Math.log10(Math.max(...all));
  if (hi - lo < 1e-9) return [lo];
  return Array.from({ length: count }, (_, k) => lo + ((hi - lo) * k) / count);
}

const r1 = (v: number) => Math.round(v * 10) / 10;

export interface ContourView {
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly top: number; readonly side: number };
  readonly title: string;
  /** One filled band per level, lowest first; t in [0, 1] is the level's rank (the renderer's opacity). */
  readonly bands: readonly { readonly level: number; readonly t: number; readonly d: string }[];
  /** The trained weights (a = b = 0). */
  readonly centre: { readonly x: number; readonly y: number };
  readonly ticks: readonly { readonly at: number; readonly label: string }[];
  readonly summary: string;
}

/** Loss written with 3 significant digits. */
export const formatLoss = (v: number): string => String(Number(v.toPrecision(3)));

/** The contour map of one slice at `width` (square plot), with the shared log levels. */
export function layoutContour(s: SliceSpec, levels: readonly number[], width: number): ContourView {
  const left = 34;
  const top = 22;
  const side = width - left - 8;
  const logs = s.values.map((v) => Math.log10(Math.max(v, 1e-12)));
  // d3-contour puts sample (i, j) at (i + 0.5, j + 0.5) of an n x n square; stretch the samples' span [0.5, n - 0.5] onto the plot.
  const k = side / (s.size - 1);
  const project = geoIdentity().reflectY(true).scale(k).translate([left - 0.5 * k, top + side + 0.5 * k]);
  const path = geoPath(project);
  const bands = contours().size([s.size, s.size]).thresholds([...levels])(logs).map((c, idx) => ({
    level: c.value, t: levels.length > 1 ? idx / (levels.length - 1) : 0, d: path(c) ?? '',
  })).filter((b) => b.d !== '');
  const ticks = [-s.span, 0, s.span].map((v) => ({ at: r1(left + ((v + s.span) / (2 * s.span)) * side), label: String(Number(v.toPrecision(3))) }));
  const c = (s.size - 1) / 2;
  const centreLoss = s.values[c * s.size + c] ?? Number.NaN;
  const finite = s.values.filter(Number.isFinite);
  const summary = `${s.label}: contour map of the training loss on a ${s.size} by ${s.size} grid over [-${s.span}, ${s.span}] along two random directions; `
    + `${formatLoss(centreLoss)} at the trained weights (centre), from ${formatLoss(Math.min(...finite))} to ${formatLoss(Math.max(...finite))} over the slice.`;
  return { width, height: top + side + 22, plot: { left, top, side: r1(side) }, title: s.label, bands, centre: { x: r1(left + side / 2), y: r1(top + side / 2) }, ticks, summary };
}

export interface SurfaceView {
  readonly width: number;
  readonly height: number;
  readonly title: string;
  /** Quads back to front, each with its mean level's rank t in [0, 1]. */
  readonly quads: readonly { readonly d: string; readonly t: number }[];
  readonly summary: string;
}

/**
 * The slice as a surface z = log10(loss), turned by `angle` degrees about the vertical axis and seen from 35 degrees
 * above; heights are scaled by the shared levels so two nets' surfaces compare.
 */
export function layoutSurface(s: SliceSpec, levels: readonly number[], angle: number, width: number): SurfaceView {
  const n = s.size;
  const lo = levels[0] ?? 0;
  const hi = levels.length > 1 ? 2 * levels.at(-1)! - levels.at(-2)! : lo + 1;
  const rad = (angle * Math.PI) / 180;
  const tilt = (35 * Math.PI) / 180;
  const scale = width * 0.32;
  const height = Math.round(width * 0.8);
  const project = (i: number, j: number): { x: number; y: number; depth: number } => {
    const u = (2 * i) / (n - 1) - 1;
    const v = (2 * j) / (n - 1) - 1;
    const z = (Math.log10(Math.max(s.values[j * n + i]!, 1e-12)) - lo) / (hi - lo || 1);
    const xr = u * Math.cos(rad) - v * Math.sin(rad);
    const yr = u * Math.sin(rad) + v * Math.cos(rad);
    return { x: width / 2 + xr * scale, y: height * 0.58 - yr * Math.sin(tilt) * scale - z * Math.cos(tilt) * scale * 0.9, depth: yr };
  };
  const quads: Array<{ d: string; t: number; depth: number }> = [];
  for (let j = 0; j < n - 1; j++) {
    for (let i = 0; i < n - 1; i++) {
      const p = [project(i, j), project(i + 1, j), project(i + 1, j + 1), project(i, j + 1)];
      const mean = [s.values[j * n + i]!, s.values[j * n + i + 1]!, s.values[(j + 1) * n + i + 1]!, s.values[(j + 1) * n + i]!]
        .reduce((a, v) => a + Math.log10(Math.max(v, 1e-12)), 0) / 4;
      quads.push({ d: `M${p.map((q) => `${r1(q.x)},${r1(q.y)}`).join('L')}Z`, t: Math.min(1, Math.max(0, (mean - lo) / (hi - lo || 1))), depth: p.reduce((a, q) => a + q.depth, 0) / 4 });
    }
  }
  // Painter's order: the far side (larger depth) first.
  quads.sort((a, b) => b.depth - a.depth);
  return {
    width, height, title: s.label, quads: quads.map(({ d, t }) => ({ d, t })),
    summary: `${s.label}: the same slice as a surface, height = log10 of the loss, turned ${Math.round(angle)} degrees.`,
  };
}
