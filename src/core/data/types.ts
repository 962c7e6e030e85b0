/** The shapes CIFAR-10 takes in memory, shared by the Node and browser loaders and by everything that reads them. */

/** The two halves of CIFAR-10. */
export type Part = 'train' | 'test';

/** A set of images: `images` is [count, 32, 32, 3] bytes, HWC, RGB; `labels` is [count], values 0..9. */
export interface ImageSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/** The whole dataset: 50,000 training and 10,000 test images. */
export interface Cifar10 {
  train: ImageSet;
  test: ImageSet;
}

/** Whatever parts were asked for (a loader given `parts: ['test']` returns only `test`). */
export type Cifar10Parts = Partial<Cifar10>;

/** Progress of a load: bytes received so far (and the total when known) and what is happening. */
export interface LoadProgress {
  /** Fraction done in [0, 1]. */
  fraction: number;
  /** A short sentence for a progress label, e.g. "Decoding data_batch_2.png". */
  stage: string;
}
