/** What one net of the degradation race is: its model configuration and its optimizer, from the lab's settings. */
import type { ModelConfig } from '../model/types.ts';
import { PAPER_SGD, TUTORIAL_ADAM, type OptimizerSettings } from '../train/optimizer-settings.ts';
import type { Recipe } from '../train/recipes.ts';
import { stepsPerEpoch } from '../train/schedules.ts';
import { raceWidths, type DegradationSettings, type NetSpec } from './degradation-settings.ts';

/** The model configuration of one racing net: CIFAR-style, narrow widths, projection shortcuts, same init seed. */
export function raceModelConfig(net: NetSpec, s: DegradationSettings): ModelConfig {
  return {
    blocksPerStage: net.n,
    widths: raceWidths(s.width),
    skips: net.skips,
    shortcut: 'projection',
    stemBias: true,
    bnInference: 'running',
    numClasses: 10,
    inputSize: s.size,
    inputChannels: 3,
    seed: s.seed,
  };
}

/** The race's optimizer: the tutorial's Adam or the paper's SGD (the lab chooses only the learning rate). */
export function raceOptimizer(s: DegradationSettings): OptimizerSettings {
  return s.opt === 'adam' ? TUTORIAL_ADAM : PAPER_SGD;
}

/**
 * The race's training as a recipe (the PyTorch export's terms): its optimizer at a constant learning rate, its batch,
 * `steps` updates, validation every `evalEvery` updates (counted from the start, core/export's 'step' counting), no
 * early stopping and no augmentation (the race feeds the images as they are).
 */
export function raceRecipe(s: DegradationSettings): Recipe {
  return {
    name: `race: ${s.opt}, lr ${s.lr}`,
    optimizer: raceOptimizer(s),
    schedule: { kind: 'constant', lr: s.lr },
    batchSize: s.batch,
    maxEpochs: Math.ceil(s.steps / stepsPerEpoch(s.train, s.batch)),
    maxSteps: s.steps,
    validateEvery: s.evalEvery,
    earlyStopPatience: null,
    augment: false,
  };
}

/** Training images (the first of the race's subset) on which every net's final training error is measured. */
export const RACE_END_EVAL_IMAGES = 1000;

/** How many images the verdict uses for a race on `train` training images: RACE_END_EVAL_IMAGES, or all of a smaller subset. */
export function raceEndEvalImages(train: number): number {
  return Math.min(RACE_END_EVAL_IMAGES, train);
}

/** Images per batch of that evaluation (BatchNorm normalises with each batch's statistics): large enough for steady statistics. */
export const RACE_END_EVAL_BATCH = 250;

/** Images per batch of the race's validation (inference mode, so the size changes only speed and memory). */
export const RACE_VAL_BATCH = 250;

/** Steps between the race's read-backs of loss, error and gradient norms (one point of each curve, one strip column). */
export const RACE_READ_EVERY = 5;

/** Read-backs averaged into each point of the live training curves (a trailing window). */
export const SMOOTH_POINTS = 4;

/** Steps each point of the live training curves averages over. */
export const SMOOTH_STEPS = SMOOTH_POINTS * RACE_READ_EVERY;
