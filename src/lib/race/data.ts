/**
 * The degradation race's data: a seeded subset of the 45,000/5,000 split of the real CIFAR-10 training images,
 * optionally downsampled 2x2 (32x32 -> 16x16) so a race fits in minutes without a GPU. Pure byte arithmetic.
 */
import type { ImageArrays } from '../train/batches.ts';
import { Rng } from '../../core/random.ts';
import { FORKS } from '../../core/train/forks.ts';

/** Images [count, size, size, 3] bytes (HWC) + labels, as the race trains on them. */
export interface RaceData {
  readonly train: ImageArrays;
  readonly val: ImageArrays;
  readonly size: number;
}

/** Average-pools bytes [count, s, s, c] by 2x2 to [count, s/2, s/2, c] (rounded), the lab's 16x16 CIFAR-10. */
export function downsample2x(images: Uint8Array, count: number, size: number, channels: number): Uint8Array {
  if (size % 2 !== 0) throw new Error(`Downsampling halves the image side; ${size} is odd.`);
  if (images.length !== count * size * size * channels) {
    throw new Error(`Expected ${count} images of ${size}x${size}x${channels} (${count * size * size * channels} bytes), got ${images.length}.`);
  }
  const h = size / 2;
  const out = new Uint8Array(count * h * h * channels);
  const row = size * channels;
  for (let n = 0; n < count; n++) {
    const src = n * size * row;
    const dst = n * h * h * channels;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < h; x++) {
        for (let c = 0; c < channels; c++) {
          const p = src + 2 * y * row + 2 * x * channels + c;
          const sum = images[p]! + images[p + channels]! + images[p + row]! + images[p + row + channels]!;
          out[dst + (y * h + x) * channels + c] = Math.round(sum / 4);
        }
      }
    }
  }
  return out;
}

/** Copies the images at `indices` out of a full-size set [count, 32, 32, 3]. */
function gather(set: ImageArrays, indices: ArrayLike<number>): ImageArrays {
  const per = set.images.length / set.count;
  const images = new Uint8Array(indices.length * per);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i]!;
    images.set(set.images.subarray(k * per, (k + 1) * per), i * per);
    labels[i] = set.labels[k]!;
  }
  return { images, labels, count: indices.length };
}

/**
 * The race's training and validation images: `split` gives the 45,000/5,000 indices of the full training set;
 * the first `trainCount`/`valCount` of a seeded permutation of each are taken (same seed, same images).
 */
export function raceData(
  full: ImageArrays,
  split: { readonly train: ArrayLike<number>; readonly validation: ArrayLike<number> },
  opts: { readonly seed: number; readonly trainCount: number; readonly valCount: number; readonly size: 16 | 32 },
): RaceData {
  if (opts.trainCount > split.train.length || opts.valCount > split.validation.length) {
    throw new Error(`The race asks for ${opts.trainCount} training and ${opts.valCount} validation images; the split has ${split.train.length} and ${split.validation.length}.`);
  }
  const rng = Rng.fromSeed(opts.seed).fork(FORKS.raceSubset);
  const pick = (from: ArrayLike<number>, n: number): Uint32Array => {
    const perm = rng.permutation(from.length).subarray(0, n);
    return perm.map((i) => from[i]!);
  };
  const shrink = (s: ImageArrays): ImageArrays =>
    opts.size === 32 ? s : { ...s, images: downsample2x(s.images, s.count, 32, 3) };
  return {
    train: shrink(gather(full, pick(split.train, opts.trainCount))),
    val: shrink(gather(full, pick(split.validation, opts.valCount))),
    size: opts.size,
  };
}
