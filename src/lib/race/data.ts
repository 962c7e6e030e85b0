/**
 * The degradation race's data: a seeded subset of the 45,000/5,000 split of the real CIFAR-10 training images,
 * optionally downsampled 2x2 (32x32 -> 16x16) so a race fits in minutes without a GPU. Pure byte arithmetic.
 */
import type { ImageArrays } from '../train/batches.ts';
import { downsample2x } from '../data/downsample.ts';
import { Rng } from '../../core/random.ts';
import { FORKS } from '../../core/train/forks.ts';

/** Images [count, size, size, 3] bytes (HWC) + labels, as the race trains on them. */
export interface RaceData {
  readonly train: ImageArrays;
  readonly val: ImageArrays;
  readonly size: number;
}

/** Copies the images at `indices` out of a set [count, size, size, 3]. */
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

/** The image side of a set of [count, size, size, 3] bytes: 32 (CIFAR-10) or 16 (its 2x2 average, TRAIN_16_FILE). */
function sideOf(set: ImageArrays): 16 | 32 {
  const per = set.images.length / set.count;
  if (per === 32 * 32 * 3) return 32;
  if (per === 16 * 16 * 3) return 16;
  throw new Error(`The race takes 32x32 or 16x16 RGB images; these have ${per} bytes each.`);
}

/**
 * The race's training and validation images: `split` gives the 45,000/5,000 indices of the full training set;
 * the first `trainCount`/`valCount` of a seeded permutation of each are taken (same seed, same images). `full` is
 * the training set at 32x32, or already at 16x16 for a size-16 race (the same bytes downsample2x gives).
 */
export function raceData(
  full: ImageArrays,
  split: { readonly train: ArrayLike<number>; readonly validation: ArrayLike<number> },
  opts: { readonly seed: number; readonly trainCount: number; readonly valCount: number; readonly size: 16 | 32 },
): RaceData {
  if (opts.trainCount > split.train.length || opts.valCount > split.validation.length) {
    throw new Error(`The race asks for ${opts.trainCount} training and ${opts.valCount} validation images; the split has ${split.train.length} and ${split.validation.length}.`);
  }
  const side = sideOf(full);
  if (side < opts.size) throw new Error(`A race at ${opts.size}x${opts.size} needs the 32x32 images; these are ${side}x${side}.`);
  const rng = Rng.fromSeed(opts.seed).fork(FORKS.raceSubset);
  const pick = (from: ArrayLike<number>, n: number): Uint32Array => {
    const perm = rng.permutation(from.length).subarray(0, n);
    return perm.map((i) => from[i]!);
  };
  const shrink = (s: ImageArrays): ImageArrays =>
    side === opts.size ? s : { ...s, images: downsample2x(s.images, s.count, side, 3) };
  return {
    train: shrink(gather(full, pick(split.train, opts.trainCount))),
    val: shrink(gather(full, pick(split.validation, opts.valCount))),
    size: opts.size,
  };
}
