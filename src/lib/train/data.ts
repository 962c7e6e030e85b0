/** The run's data from CIFAR-10's training half: the seeded 45,000/5,000 split, optionally cut to a subset. */
import { VALIDATION_COUNT } from '../../core/data/cifar10.ts';
import { gatherImages } from '../data/normalize.ts';
import { splitTrainValidation } from '../../core/data/split.ts';
import type { ImageSet } from '../../core/data/types.ts';
import { Rng } from '../../core/random.ts';
import { FORKS } from '../../core/train/forks.ts';
import type { ImageArrays } from './batches.ts';
import type { TrainData } from './trainer.ts';

export interface SplitOptions {
  /** Seeds the split (the same seed always holds out the same images). */
  readonly seed: number;
  /** Train on the first `limit` images of the training split, and validate on at most as many. */
  readonly limit?: number;
}

/** Training and validation sets (copies) from the 50,000 training images. */
export function trainingSplit(set: ImageSet, opts: SplitOptions): TrainData {
  const split = splitTrainValidation(set.count, Rng.fromSeed(opts.seed).fork(FORKS.split), Math.min(VALIDATION_COUNT, Math.floor(set.count / 10)));
  const limit = opts.limit ?? Infinity;
  if (!(limit > 0)) throw new Error(`--limit must be a positive number of training images, got ${opts.limit}.`);
  const pick = (indices: Uint32Array, n: number): ImageArrays => {
    const chosen = indices.subarray(0, Math.min(n, indices.length));
    return { images: gatherImages(set.images, chosen), labels: Uint8Array.from(chosen, (i) => set.labels[i]!), count: chosen.length };
  };
  return { train: pick(split.train, limit), val: pick(split.validation, limit) };
}
