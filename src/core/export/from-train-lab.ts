/**
 * The train lab's settings as an export request (core/export/experiment.ts): the same network (ResNet-20), recipe,
 * epochs, batch, training images and seed, so the downloaded PyTorch project trains the run the page trains. What the
 * export cannot carry is said, never dropped silently.
 */
import type { ExportRequest } from './experiment.ts';
import type { TrainSettings } from '../labs/lab-tables.ts';
import { tutorialRecipe } from '../train/recipes.ts';
import { TRAIN_SPLIT_COUNT } from '../data/cifar10.ts';

export interface TrainLabExport {
  readonly request: ExportRequest;
  /** Differences between the page's run and the exported one, in words (empty when they train the same). */
  readonly differences: readonly string[];
}

export function trainLabExport(s: TrainSettings, opts: { startsFromUpload?: boolean } = {}): TrainLabExport {
  const differences: string[] = [];
  const tutorialPatience = tutorialRecipe().earlyStopPatience;
  if (s.recipe === 'adam' && s.patience !== tutorialPatience) {
    differences.push(`The project stops early with the tutorial's patience of ${tutorialPatience} checks; this page is set to ${s.patience}.`);
  }
  if (opts.startsFromUpload) differences.push('The project trains ResNet-20 from its initialisation, not the uploaded network from its weights.');
  return {
    request: {
      model: { model: 'resnet20' }, recipe: s.recipe === 'adam' ? 'tutorial' : 'paper', epochs: s.epochs, batchSize: s.batch,
      seed: s.seed, limit: s.train < TRAIN_SPLIT_COUNT ? s.train : undefined,
    },
    differences,
  };
}
