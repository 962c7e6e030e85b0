/** Shared fixtures for the training tests: a tiny real network and a small learnable image set. */
import { createModel } from '../../../src/lib/model/index.ts';
import type { ModelConfig } from '../../../src/core/model/types.ts';
import { Rng } from '../../../src/core/random.ts';
import type { ImageArrays } from '../../../src/lib/train/batches.ts';
import type { TrainData } from '../../../src/lib/train/trainer.ts';

/** A two-stage residual net on 8x8 RGB images with 3 classes (stem, one block per stage, projection shortcut). */
export const TINY: ModelConfig = {
  blocksPerStage: 1, widths: [4, 8], skips: 'all', shortcut: 'projection', stemBias: true,
  bnInference: 'running', numClasses: 3, inputSize: 8, inputChannels: 3, seed: 7,
};

export const tinyModel = () => createModel(TINY);

/** `count` 8x8 images whose class (0..2) is the colour channel that is brightest, plus noise: learnable in a few epochs. */
export function tintedImages(count: number, seed: number): ImageArrays {
  const rng = Rng.fromSeed(seed);
  const images = new Uint8Array(count * 8 * 8 * 3);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = rng.int(3);
    labels[i] = label;
    for (let p = 0; p < 64; p++) {
      for (let c = 0; c < 3; c++) images[(i * 64 + p) * 3 + c] = Math.min(255, rng.int(120) + (c === label ? 100 : 0));
    }
  }
  return { images, labels, count };
}

export const tinyData = (): TrainData => ({ train: tintedImages(96, 1), val: tintedImages(48, 2) });
