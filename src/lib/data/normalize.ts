/** From image bytes to the network's input: pixels scaled to [0, 1], then per-channel (x - mean) / std. */
import * as tf from '@tensorflow/tfjs-core';
import { CHANNELS, CIFAR10_MEAN, CIFAR10_STD, IMAGE_BYTES, IMAGE_SIZE } from '../../core/data/cifar10.ts';

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
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= total) throw new Error(`Image index ${i} is outside 0..${total - 1}.`);
    out.set(images.subarray(i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES), k * IMAGE_BYTES);
  }
  return out;
}

/** The normalised value of a black pixel, (0 - mean) / std per channel: what padding must be after normalising. */
export function normalizedBlack(opts: NormalizeOptions = {}): number[] {
  const { mean, std } = meanStd(opts);
  return mean.map((m, c) => -m / std[c]!);
}

/**
 * Float32 NHWC batch [indices.length, 32, 32, 3] of the selected images, normalised per channel. Computed in plain JS
 * and uploaded once: one tensor, no intermediate ones to leak.
 */
export function normalizeBatch(images: Uint8Array, indices: ArrayLike<number>, opts: NormalizeOptions = {}): tf.Tensor4D {
  const bytes = gatherImages(images, indices);
  return tf.tensor4d(normalizeBytes(bytes, opts), [indices.length, IMAGE_SIZE, IMAGE_SIZE, CHANNELS], 'float32');
}

/** Float32 values (x / 255 - mean[c]) / std[c] for HWC bytes (channel = position mod 3). */
export function normalizeBytes(bytes: Uint8Array, opts: NormalizeOptions = {}): Float32Array {
  const { mean, std } = meanStd(opts);
  // A 256-entry table per channel: exact same float for the same byte everywhere.
  const tables = mean.map((m, c) => Float32Array.from({ length: 256 }, (_, v) => (v / 255 - m) / std[c]!));
  const out = new Float32Array(bytes.length);
  const [t0, t1, t2] = tables as [Float32Array, Float32Array, Float32Array];
  for (let p = 0; p < bytes.length; p += 3) {
    out[p] = t0[bytes[p]!]!;
    out[p + 1] = t1[bytes[p + 1]!]!;
    out[p + 2] = t2[bytes[p + 2]!]!;
  }
  return out;
}

function meanStd(opts: NormalizeOptions): { mean: readonly number[]; std: readonly number[] } {
  const mean = opts.mean ?? CIFAR10_MEAN;
  const std = opts.std ?? CIFAR10_STD;
  if (mean.length !== CHANNELS || std.length !== CHANNELS) {
    throw new Error(`Normalisation needs 3 means and 3 stds (R, G, B), got ${mean.length} and ${std.length}.`);
  }
  if (std.some((s) => !(s > 0))) throw new Error(`Normalisation stds must be positive, got [${std.join(', ')}].`);
  return { mean, std };
}
