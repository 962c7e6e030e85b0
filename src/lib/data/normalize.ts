/**
 * From image bytes to the network's input: pixels scaled to [0, 1], then per-channel (x - mean) / std. The one
 * implementation of it: training batches, validation, evaluation and the labs' inference all come through here.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CHANNELS, CIFAR10_NORMALISATION, IMAGE_BYTES, IMAGE_SIZE, type Normalisation } from '../../core/data/cifar10.ts';
import { normalisationTables } from '../../core/data/normalisation.ts';

export interface NormalizeOptions {
  /** Per-channel mean in [0, 1] (default: the CIFAR-10 training mean). */
  mean?: readonly number[];
  /** Per-channel std in [0, 1] units (default: the CIFAR-10 training std). */
  std?: readonly number[];
}

/** The selected images, [indices.length, 32, 32, 3] HWC bytes, copied out of a [N, 32, 32, 3] array. */
export function gatherImages(images: Uint8Array, indices: ArrayLike<number>): Uint8Array {
  const total = images.length / IMAGE_BYTES;
  const out = new Uint8Array(indices.length * IMAGE_BYTES);
  for (let k = 0; k < indices.length; k++) {
    const i = checkIndex(indices[k]!, total);
    out.set(images.subarray(i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES), k * IMAGE_BYTES);
  }
  return out;
}

/** The normalised value of a black pixel per channel: what padding must be after normalising (PyTorch pads the raw image). */
export function normalizedBlack(opts: NormalizeOptions = {}): number[] {
  return normalisationTables(withDefaults(opts)).map((t) => t[0]!);
}

/**
 * Normalised float32 values [indices.length * imageBytes] of the images at `indices` in `images` (images of `imageBytes`
 * HWC bytes each; channel = position mod the number of channels of `norm`). Gathers and normalises in one pass.
 */
export function normalizeImages(images: Uint8Array, indices: ArrayLike<number>, imageBytes: number, norm: Normalisation): Float32Array {
  const tables = normalisationTables(norm);
  const channels = tables.length;
  if (!Number.isInteger(imageBytes) || imageBytes <= 0 || imageBytes % channels !== 0) {
    throw new Error(`An image of ${imageBytes} bytes is not a whole number of ${channels}-channel pixels.`);
  }
  const total = Math.floor(images.length / imageBytes);
  const out = new Float32Array(indices.length * imageBytes);
  for (let b = 0; b < indices.length; b++) {
    const src = checkIndex(indices[b]!, total) * imageBytes;
    const dst = b * imageBytes;
    for (let j = 0; j < imageBytes; j += channels) {
      for (let c = 0; c < channels; c++) out[dst + j + c] = tables[c]![images[src + j + c]!]!;
    }
  }
  return out;
}

/**
 * Float32 NHWC batch [indices.length, 32, 32, 3] of the selected CIFAR-10 images, normalised per channel. Computed in
 * plain JS and uploaded once: one tensor, no intermediate ones to leak.
 */
export function normalizeBatch(images: Uint8Array, indices: ArrayLike<number>, opts: NormalizeOptions = {}): tf.Tensor4D {
  const norm = withDefaults(opts);
  if (norm.mean.length !== CHANNELS) throw new Error(`Normalisation needs 3 means and 3 stds (R, G, B), got ${norm.mean.length} and ${norm.std.length}.`);
  return tf.tensor4d(normalizeImages(images, indices, IMAGE_BYTES, norm), [indices.length, IMAGE_SIZE, IMAGE_SIZE, CHANNELS], 'float32');
}

function withDefaults(opts: NormalizeOptions): Normalisation {
  return { mean: opts.mean ?? CIFAR10_NORMALISATION.mean, std: opts.std ?? CIFAR10_NORMALISATION.std };
}

function checkIndex(i: number, total: number): number {
  if (!Number.isInteger(i) || i < 0 || i >= total) throw new Error(`Image index ${i} is outside 0..${total - 1}.`);
  return i;
}
