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

/** Draws one canvas per channel into `container` (an HTML element); re-rendering reuses the canvases. */
export function renderFeatureGrid(container: HTMLElement, view: FeatureMapView, opts: FeatureGridOptions): void {
  const [h, w, ch] = view.shape;
  const shown = Math.min(ch, opts.maxChannels ?? 64);
  const limit = opts.limit ?? featureLimit(view);
  const { cols, cell } = gridLayout(shown, opts.width);
  const root = d3.select(container)
    .style('display', 'grid')
    .style('grid-template-columns', `repeat(${cols}, ${cell}px)`)
    .style('gap', '2px')
    .attr('role', 'img')
    .attr('aria-label', `${ch} feature maps of ${h}×${w}${shown < ch ? `, first ${shown} shown` : ''}; colour scale ±${limit.toPrecision(3)} (orange positive, purple negative, white zero).`);
  root.selectAll<HTMLCanvasElement, number>('canvas')
    .data(d3.range(shown), (c) => String(c))
    .join('canvas')
    .attr('width', w)
    .attr('height', h)
    .attr('data-channel', (c) => c)
    .attr('title', (c) => `channel ${c}`)
    .style('width', `${cell}px`)
    .style('height', `${cell}px`)
    .style('image-rendering', 'pixelated')
    .each(function draw(c) {
      const ctx = this.getContext('2d');
      if (!ctx) return;
      ctx.putImageData(new ImageData(channelPixels(view, c, limit), w, h), 0, 0);
    });
}
