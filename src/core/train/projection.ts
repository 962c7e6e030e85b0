/**
 * How long the paper's full recipe (section 4.2: 64,000 updates of 128 images, here on the 45,000-image training split)
 * would take at a measured training speed: what the train lab and BENCHMARKS.md project from a short run.
 */
import { TRAIN_SPLIT_COUNT } from '../data/cifar10.ts';
import { paperRecipe, recipeLength } from './recipes.ts';

export interface FullRecipeProjection {
  /** Images the updates consume: steps x batch size. */
  readonly images: number;
  readonly steps: number;
  readonly batchSize: number;
  /** Passes over the training split those images make (64,000 x 128 / 45,000: about 182). */
  readonly epochs: number;
  /** One epoch's training updates at the measured speed (validation not included). */
  readonly epochSeconds: number;
  /** All updates at the measured speed, plus `validationSeconds` once an epoch when given. */
  readonly totalSeconds: number;
}

export function projectFullRecipe(trainImagesPerSecond: number, opts: { readonly validationSeconds?: number } = {}): FullRecipeProjection {
  if (!(trainImagesPerSecond > 0) || !Number.isFinite(trainImagesPerSecond)) {
    throw new Error(`A projection needs a measured speed in images per second above zero, got ${trainImagesPerSecond}.`);
  }
  const recipe = paperRecipe();
  const { steps } = recipeLength(recipe, TRAIN_SPLIT_COUNT);
  const images = steps * recipe.batchSize;
  const epochs = images / TRAIN_SPLIT_COUNT;
  const validation = opts.validationSeconds ?? 0;
  return {
    images, steps, batchSize: recipe.batchSize, epochs,
    epochSeconds: TRAIN_SPLIT_COUNT / trainImagesPerSecond,
    totalSeconds: images / trainImagesPerSecond + Math.ceil(epochs) * validation,
  };
}
