/**
 * The tutorial's augmentation, random horizontal flip then pad 4 and random 32x32 crop, as explicit per-image
 * parameters drawn from an Rng, plus a plain-JS reference on bytes. augment.ts applies the same parameters as
 * tensor ops; the page uses this file to draw examples without loading TensorFlow.js.
 */
import type { Rng } from '../random.ts';

/** Per-image draws: flip (0/1) and the crop's top-left corner (dy, dx) in the padded image, each in 0..2*pad. */
export interface AugmentParams {
  flip: Uint8Array;
  dy: Uint8Array;
  dx: Uint8Array;
  pad: number;
}

export interface AugmentOptions {
  /** Pixels of padding on each side before the random crop (4 in the paper). */
  pad?: number;
  /** Randomly flip left-right (probability 1/2). */
  flip?: boolean;
}

/** Draws flip, dy, dx for `count` images from `rng`, in that order per image (advances the rng by 3 per image). */
export function drawAugmentParams(rng: Rng, count: number, opts: AugmentOptions = {}): AugmentParams {
  const pad = opts.pad ?? 4;
  if (!Number.isInteger(pad) || pad < 0 || pad > 255) throw new Error(`Augmentation padding must be an integer in 0..255, got ${pad}.`);
  const flip = new Uint8Array(count);
  const dy = new Uint8Array(count);
  const dx = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const f = rng.next() < 0.5 ? 1 : 0;
    flip[i] = opts.flip === false ? 0 : f;
    dy[i] = rng.int(2 * pad + 1);
    dx[i] = rng.int(2 * pad + 1);
  }
  return { flip, dy, dx, pad };
}

/**
 * For each output pixel (image b, row y, column x) of a [count, h, w] batch, the flat source pixel b*h*w + sy*w + sx,
 * or `padIndex` (= count*h*w) where the crop falls in the padding. Output pixel (y, x) is pixel (dy + y, dx + x) of the
 * flipped, padded image, i.e. source row dy + y - pad and column w - 1 - (dx + x - pad) when flipped.
 */
export function sourceIndices(params: AugmentParams, h: number, w: number): Int32Array {
  const count = params.flip.length;
  const padIndex = count * h * w;
  const out = new Int32Array(count * h * w);
  let o = 0;
  for (let b = 0; b < count; b++) {
    const flipped = params.flip[b] === 1;
    const oy = params.dy[b]! - params.pad;
    const ox = params.dx[b]! - params.pad;
    for (let y = 0; y < h; y++) {
      const sy = y + oy;
      for (let x = 0; x < w; x++) {
        const fx = x + ox;
        const sx = flipped ? w - 1 - fx : fx;
        out[o++] = sy < 0 || sy >= h || fx < 0 || fx >= w ? padIndex : b * h * w + sy * w + sx;
      }
    }
  }
  return out;
}

/** Reference augmentation on bytes: [count, h, w, c] in, same shape out, padding filled with `padValue` per channel. */
export function augmentBytes(images: Uint8Array, params: AugmentParams, h: number, w: number, c: number, padValue: readonly number[] = [0, 0, 0]): Uint8Array {
  const idx = sourceIndices(params, h, w);
  const padIndex = params.flip.length * h * w;
  const out = new Uint8Array(idx.length * c);
  for (let p = 0; p < idx.length; p++) {
    const s = idx[p]!;
    for (let k = 0; k < c; k++) out[p * c + k] = s === padIndex ? (padValue[k] ?? 0) : images[s * c + k]!;
  }
  return out;
}
