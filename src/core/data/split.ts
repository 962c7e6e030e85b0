/** The seeded train/validation split and per-epoch mini-batch order, as index arrays into an ImageSet. */
import type { Rng } from '../random.ts';
import { VALIDATION_COUNT } from './cifar10.ts';

/** Indices of the training and validation images, each sorted ascending (a split is a set; shuffling is per epoch). */
export interface Split {
  train: Uint32Array;
  validation: Uint32Array;
}

/**
 * Splits `count` images into count - validation training and `validation` held-out images with a permutation drawn
 * from `rng` (advancing it): equal RNG states give equal splits. The tutorial uses 45,000 / 5,000.
 */
export function splitTrainValidation(count: number, rng: Rng, validation: number = VALIDATION_COUNT): Split {
  if (!Number.isInteger(count) || count <= 0) throw new Error(`splitTrainValidation needs a positive image count, got ${count}.`);
  if (!Number.isInteger(validation) || validation < 0 || validation > count) {
    throw new Error(`A validation size of ${validation} does not fit in ${count} images: choose 0..${count}.`);
  }
  const perm = rng.permutation(count);
  return {
    validation: perm.slice(0, validation).sort(),
    train: perm.slice(validation).sort(),
  };
}

/** Yields the mini-batches of one epoch: `indices` shuffled by `rng`, cut into batches of `batchSize` (last may be short). */
export function* epochBatches(
  indices: ArrayLike<number>,
  batchSize: number,
  rng: Rng,
  opts: { dropLast?: boolean } = {},
): Generator<Uint32Array> {
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new Error(`Batch size must be a positive integer, got ${batchSize}.`);
  const order = rng.permutation(indices.length);
  for (let start = 0; start < order.length; start += batchSize) {
    const end = Math.min(start + batchSize, order.length);
    if (opts.dropLast && end - start < batchSize) return;
    const batch = new Uint32Array(end - start);
    for (let i = start; i < end; i++) batch[i - start] = indices[order[i]!]!;
    yield batch;
  }
}
