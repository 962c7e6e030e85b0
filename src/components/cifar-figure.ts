/** Shared by the data page's figures: CIFAR-10 bytes onto canvases, and a status line with progress and errors. */
import { explain } from '../client/cifar.ts';
import type { LoadProgress } from '../core/data/types.ts';
import { part } from './near.ts';

const SIZE = 32;

/** A 32x32 RGBA ImageData of image `index` of [N, 32, 32, 3] HWC bytes (already laid out row by row). */
export function imageData(images: Uint8Array, index: number): ImageData {
  const out = new ImageData(SIZE, SIZE);
  const src = index * SIZE * SIZE * 3;
  for (let p = 0; p < SIZE * SIZE; p++) {
    out.data[4 * p] = images[src + 3 * p]!;
    out.data[4 * p + 1] = images[src + 3 * p + 1]!;
    out.data[4 * p + 2] = images[src + 3 * p + 2]!;
    out.data[4 * p + 3] = 255;
  }
  return out;
}

/** RGBA ImageData of a w x h image given as HWC RGB bytes. */
export function rgbToImageData(rgb: Uint8Array, w: number, h: number): ImageData {
  const out = new ImageData(w, h);
  for (let p = 0; p < w * h; p++) {
    out.data[4 * p] = rgb[3 * p]!;
    out.data[4 * p + 1] = rgb[3 * p + 1]!;
    out.data[4 * p + 2] = rgb[3 * p + 2]!;
    out.data[4 * p + 3] = 255;
  }
  return out;
}

/** Draws `data` into `canvas` scaled up by an integer factor with crisp pixels (no smoothing). */
export function drawScaled(canvas: HTMLCanvasElement, data: ImageData, scale: number): CanvasRenderingContext2D {
  canvas.width = data.width * scale;
  canvas.height = data.height * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser has no 2D canvas, which the CIFAR-10 figures need.');
  const tmp = new OffscreenCanvas(data.width, data.height);
  tmp.getContext('2d')!.putImageData(data, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(tmp, 0, 0, canvas.width, canvas.height);
  return ctx;
}

/** The status line, progress bar and error box of a figure (elements [data-status], [data-progress], [data-error]). */
export class FigureStatus {
  private readonly status: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly error: HTMLElement;

  constructor(root: HTMLElement) {
    this.status = part(root, '[data-status]');
    this.progress = part(root, '[data-progress]');
    this.error = part(root, '[data-error]');
  }

  /** Shows `text`, with a progress bar while loading. */
  say(text: string, p?: LoadProgress): void {
    this.status.textContent = p ? `${text} ${p.stage} (${Math.round(p.fraction * 100)}%)` : text;
    this.progress.hidden = !p;
    if (p) this.progress.value = p.fraction;
    this.error.hidden = true;
  }

  /** Shows a failed load as a clear message instead of a broken figure. */
  fail(e: unknown): void {
    this.progress.hidden = true;
    this.status.textContent = 'The images could not be loaded.';
    this.error.textContent = explain(e);
    this.error.hidden = false;
  }
}
