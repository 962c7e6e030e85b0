/**
 * Feature maps as a grid of small images, one per channel, on one shared diverging colour scale (zero = white) so
 * channels and stages compare by brightness. Pixel math is pure and tested; the renderer joins one canvas per channel.
 */
import * as d3 from 'd3';

/** An activation of one image: values in HWC order (index (y * W + x) * C + c), as the model taps hand them out. */
export interface FeatureMapView {
  /** [H, W, C]. */
  readonly shape: readonly [number, number, number];
  readonly data: ArrayLike<number>;
}

export interface FeatureGridOptions {
  /** Width of the grid in CSS pixels. */
  readonly width: number;
  /** Show at most this many channels (the rest are counted in the caption). */
  readonly maxChannels?: number;
  /** Colour limit; by default the map's own largest |value|. Pass one limit to compare several maps. */
  readonly limit?: number;
}

/** Largest |value| of a map (1 if it is all zero, so the scale stays defined). */
export function featureLimit(view: FeatureMapView): number {
  let m = 0;
  for (let i = 0; i < view.data.length; i++) m = Math.max(m, Math.abs(view.data[i]!));
  return m > 0 ? m : 1;
}

/**
 * The q-quantile of |value| over several maps (1 if it is zero): a colour limit that a few extreme values cannot
 * wash out. Values above it saturate.
 */
export function robustLimit(maps: readonly ArrayLike<number>[], q = 0.99): number {
  const all: number[] = [];
  for (const m of maps) for (let i = 0; i < m.length; i++) all.push(Math.abs(m[i]!));
  if (all.length === 0) return 1;
  all.sort((a, b) => a - b);
  const v = all[Math.min(all.length - 1, Math.floor(q * all.length))]!;
  return v > 0 ? v : 1;
}

/** RGBA bytes [H, W, 4] of channel c, coloured by value / limit on PuOr (negative purple, positive orange). */
export function channelPixels(view: FeatureMapView, c: number, limit: number): Uint8ClampedArray<ArrayBuffer> {
  const [h, w, ch] = view.shape;
  if (view.data.length !== h * w * ch) {
    throw new Error(`Feature map data has ${view.data.length} values but shape [${h}, ${w}, ${ch}] needs ${h * w * ch}.`);
  }
  if (!(c >= 0 && c < ch)) throw new Error(`Channel ${c} is outside 0..${ch - 1}.`);
  const out = new Uint8ClampedArray(h * w * 4);
  for (let p = 0; p < h * w; p++) {
    const t = Math.max(-1, Math.min(1, view.data[p * ch + c]! / limit));
    // interpolatePuOr runs purple (0) -> white (0.5) -> orange (1).
    const rgb = d3.rgb(d3.interpolatePuOr(0.5 + t / 2));
    out[p * 4] = rgb.r;
    out[p * 4 + 1] = rgb.g;
    out[p * 4 + 2] = rgb.b;
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** Columns, rows and cell size (CSS px) of a grid of `count` square maps across `width`. */
export function gridLayout(count: number, width: number): { cols: number; rows: number; cell: number } {
  const cols = Math.min(count, Math.max(1, Math.ceil(Math.sqrt(count * 2))));
  const cell = Math.floor(width / cols) - 2;
  return { cols, rows: Math.ceil(count / cols), cell: Math.max(8, cell) };
}

/** What the grid draws: which channels, in how many columns of which cell size, on which colour limit. */
export interface FeatureGridView {
  /** Map side in pixels (each canvas is w x h). */
  readonly h: number;
  readonly w: number;
  /** The channels drawn, 0 .. shown-1. */
  readonly channels: readonly number[];
  readonly cols: number;
  readonly cell: number;
  readonly limit: number;
  readonly summary: string;
}

/** The grid of `view` (its first maxChannels channels) across opts.width, with its text alternative. */
export function layoutFeatureGrid(view: FeatureMapView, opts: FeatureGridOptions): FeatureGridView {
  const [h, w, ch] = view.shape;
  if (view.data.length !== h * w * ch) {
    throw new Error(`Feature map data has ${view.data.length} values but shape [${h}, ${w}, ${ch}] needs ${h * w * ch}.`);
  }
  const shown = Math.min(ch, opts.maxChannels ?? 64);
  const limit = opts.limit ?? featureLimit(view);
  const { cols, cell } = gridLayout(shown, opts.width);
  const summary = `${ch} feature maps of ${h}×${w}${shown < ch ? `, first ${shown} shown` : ''}; colour scale ±${limit.toPrecision(3)} (orange positive, purple negative, white zero).`;
  return { h, w, channels: Array.from({ length: shown }, (_, c) => c), cols, cell, limit, summary };
}

/** Draws one canvas per channel into `container` (an HTML element), keyed by channel: redraws reuse the canvases. */
export function renderFeatureGrid(container: HTMLElement, map: FeatureMapView, grid: FeatureGridView): void {
  const root = d3.select(container)
    .style('display', 'grid')
    .style('grid-template-columns', `repeat(${grid.cols}, ${grid.cell}px)`)
    .style('gap', '2px')
    .attr('role', 'img')
    .attr('aria-label', grid.summary);
  root.selectAll<HTMLCanvasElement, number>('canvas')
    .data(grid.channels, (c) => String(c))
    .join('canvas')
    .attr('width', grid.w)
    .attr('height', grid.h)
    .attr('data-channel', (c) => c)
    .attr('title', (c) => `channel ${c}`)
    .style('width', `${grid.cell}px`)
    .style('height', `${grid.cell}px`)
    .style('image-rendering', 'pixelated')
    .each(function draw(c) {
      const ctx = this.getContext?.('2d');
      if (!ctx) return;
      ctx.putImageData(new ImageData(channelPixels(map, c, grid.limit), grid.w, grid.h), 0, 0);
    });
}
