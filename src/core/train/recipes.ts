/**
 * Training recipes as plain data: the tutorial's (Adam, early stopping) and the paper's (SGD, step decay), full length
 * or scaled to a number of epochs. Data, so a recipe can cross the worker boundary, sit in a checkpoint and a URL.
 */
import { PAPER_SGD, TUTORIAL_ADAM, type OptimizerSettings } from './optimizer-settings.ts';
import { PAPER_STEPS, paperScheduleFor, stepsPerEpoch, type LrSchedule } from './schedules.ts';
import { TRAIN_SPLIT_COUNT } from '../data/cifar10.ts';


export type RecipeName = 'tutorial' | 'paper';

export interface Recipe {
  readonly name: string;
  readonly optimizer: OptimizerSettings;
  readonly schedule: LrSchedule;
  readonly batchSize: number;
  /** Training stops after this many epochs ... */
  readonly maxEpochs: number;
  /** ... or this many updates, whichever comes first (null: epochs only). */
  readonly maxSteps: number | null;
  /** Validate every this many mini-batches of an epoch (the tutorial: 50), or at the end of each epoch. */
  readonly validateEvery: number | 'epoch';
  /** Stop once validation accuracy has not improved for more than this many checks in a row (null: never). */
  readonly earlyStopPatience: number | null;
  /** Random horizontal flip + pad-4 random crop on each training batch. */
  readonly augment: boolean;
}

/** The tutorial's recipe: Adam lr 0.001, weight decay 1e-4 (L2 in the gradient), batch 128, <= 50 epochs, early stopping. */
export function tutorialRecipe(opts: { epochs?: number; batchSize?: number } = {}): Recipe {
  return {
    name: 'tutorial',
    optimizer: TUTORIAL_ADAM,
    schedule: { kind: 'constant', lr: 0.001 },
    batchSize: positive(opts.batchSize ?? 128, 'batch size'),
    maxEpochs: positive(opts.epochs ?? 50, 'epochs'),
    maxSteps: null,
    validateEvery: 50,
    earlyStopPatience: 5,
    augment: true,
  };
}

/**
 * The paper's recipe: SGD momentum 0.9, weight decay 1e-4, batch 128, lr 0.1 divided by 10 at 32k and 48k updates,
 * stop at 64k. With `epochs`, the same schedule scaled to that many epochs of `trainCount` images (decays at 50% and 75%).
 */
export function paperRecipe(opts: { epochs?: number; trainCount?: number; batchSize?: number; lr?: number } = {}): Recipe {
  const batchSize = positive(opts.batchSize ?? 128, 'batch size');
  const perEpoch = stepsPerEpoch(opts.trainCount ?? TRAIN_SPLIT_COUNT, batchSize);
  const epochs = opts.epochs === undefined ? null : positive(opts.epochs, 'epochs');
  const totalSteps = epochs === null ? PAPER_STEPS.total : epochs * perEpoch;
  const lr = opts.lr ?? 0.1;
  return {
    name: epochs === null ? 'paper' : `paper, scaled to ${epochs} epochs`,
    optimizer: PAPER_SGD,
    schedule: epochs === null ? { kind: 'multistep', lr, gamma: 0.1, milestones: [...PAPER_STEPS.milestones] } : paperScheduleFor(totalSteps, lr),
    batchSize,
    maxEpochs: Math.ceil(totalSteps / perEpoch),
    maxSteps: totalSteps,
    validateEvery: 'epoch',
    earlyStopPatience: null,
    augment: true,
  };
}

/** A recipe by name, for the command line and the worker protocol. */
export function recipeByName(name: string, opts: { epochs?: number; trainCount?: number; batchSize?: number } = {}): Recipe {
  if (name === 'tutorial') return tutorialRecipe(opts);
  if (name === 'paper') return paperRecipe(opts);
  throw new Error(`Unknown recipe "${name}": use "tutorial" (Adam, early stopping) or "paper" (SGD, lr 0.1 with step decay).`);
}

/** Total updates a recipe allows for a training set of `trainCount` images. */
export function totalSteps(recipe: Recipe, trainCount: number): number {
  const byEpochs = recipe.maxEpochs * stepsPerEpoch(trainCount, recipe.batchSize);
  return recipe.maxSteps === null ? byEpochs : Math.min(byEpochs, recipe.maxSteps);
}

/** How long a recipe trains on `trainCount` images: mini-batches per epoch, updates in all, and the epochs those make. */
export interface RecipeLength {
  readonly stepsPerEpoch: number;
  readonly steps: number;
  /** steps x batch size / images, rounded: the paper's 64,000 updates are about 164 epochs of 50,000 images. */
  readonly epochs: number;
}

export function recipeLength(recipe: Recipe, trainCount: number = TRAIN_SPLIT_COUNT): RecipeLength {
  const steps = totalSteps(recipe, trainCount);
  return { stepsPerEpoch: stepsPerEpoch(trainCount, recipe.batchSize), steps, epochs: Math.round((steps * recipe.batchSize) / trainCount) };
}

function positive(n: number, what: string): number {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`The ${what} must be a positive integer, got ${n}.`);
  return n;
}
