/**
 * An experiment as the PyTorch export runs it: the model configuration, its block plan and tensors (ids, PyTorch keys,
 * both layouts, fans for the site's initialisation), the recipe with its schedule resolved for the data size, the seed,
 * the data (files and checksums, split sizes, normalisation) and the loop's settings. Written as experiment.json;
 * public/export/pytorch/train.py reads it, so the Python side derives nothing the site defines.
 */
import { CIFAR10_MEAN, CIFAR10_STD, IMAGE_FILES, LABEL_FILES, PACKAGE, TRAIN_COUNT, VALIDATION_COUNT } from '../data/cifar10.ts';
import type { Part } from '../data/types.ts';
import { BN_EPSILON, BN_MOMENTUM } from '../model/batch-norm.ts';
import { planBlocks, type BlockPlan } from '../model/architecture.ts';
import { configFromOptions, describeConfig, type ModelOptions } from '../model/options.ts';
import { countParams, paramSpecs, type ParamSpec } from '../model/params.ts';
import type { ModelConfig } from '../model/types.ts';
import { recipeByName, totalSteps, type Recipe } from '../train/recipes.ts';
import { stepsPerEpoch } from '../train/schedules.ts';

export const EXPERIMENT_FORMAT = 'resnet-lab-pytorch-experiment';

/** BatchNorm as the site's layers use it (PyTorch's defaults): running-statistics momentum and epsilon. */
export interface BatchNormSettings {
  readonly momentum: number;
  readonly eps: number;
}

/** What the exporter is asked for: model options as on the command line, a recipe name, and run settings. */
export interface ExportRequest {
  readonly model: ModelOptions;
  readonly recipe: string;
  /** The tutorial's maximum epochs (default 50), or the paper schedule scaled to this many (default: the full 64k updates). */
  readonly epochs?: number;
  readonly batchSize?: number;
  /** Seeds the initialisation, the split, the shuffle and the augmentation (as `npm run train --seed`). */
  readonly seed: number;
  /** Train on the first `limit` images of the 45,000 (and validate on at most as many), as `npm run train --limit`. */
  readonly limit?: number;
  /** Images per validation forward pass and steps per logged point: `npm run train`'s 500 and 10 by default. */
  readonly validationBatchSize?: number;
  readonly logEvery?: number;
}

export interface DataFileEntry {
  readonly name: string;
  readonly part: Part;
  readonly kind: 'images' | 'labels';
  readonly sha256: string;
  readonly size: number;
}

export interface Experiment {
  readonly format: typeof EXPERIMENT_FORMAT;
  readonly version: 1;
  /** Short name of the network, e.g. 'resnet20' (describeConfig). */
  readonly name: string;
  readonly config: ModelConfig;
  readonly parameters: number;
  readonly plan: {
    readonly stem: { readonly inChannels: number; readonly outChannels: number; readonly bias: boolean };
    readonly blocks: readonly BlockPlan[];
    readonly fc: { readonly inFeatures: number; readonly outFeatures: number };
  };
  /** Every parameter and buffer in forward order: the state dict's keys and shapes, and how the site initialises it. */
  readonly tensors: readonly ParamSpec[];
  readonly batchNorm: BatchNormSettings;
  readonly recipe: Recipe;
  readonly seed: number;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  readonly validationBatchSize: number;
  readonly logEvery: number;
  readonly data: {
    readonly package: string;
    /** Images of CIFAR-10's training half, held out for validation, and trained on / validated on after the limit. */
    readonly total: number;
    readonly validation: number;
    readonly limit: number | null;
    readonly train: number;
    readonly val: number;
    readonly normalisation: { readonly mean: readonly number[]; readonly std: readonly number[] };
    readonly files: readonly DataFileEntry[];
    readonly archive: readonly { readonly name: string; readonly part: Part; readonly md5: string }[];
  };
}

function positiveOrUndefined(v: number | undefined, what: string): number | undefined {
  if (v !== undefined && (!Number.isInteger(v) || v <= 0)) throw new Error(`${what} must be a positive integer, got ${v}.`);
  return v;
}

/** The experiment of a request; unknown presets, recipes and bad numbers throw the library's messages. */
export function buildExperiment(req: ExportRequest): Experiment {
  if (!Number.isInteger(req.seed)) throw new Error(`--seed must be an integer, got ${req.seed}.`);
  const config = configFromOptions({ ...req.model, seed: String(req.seed) });
  if (config.inputSize !== 32 || config.inputChannels !== 3 || config.numClasses !== 10) {
    throw new Error('The PyTorch export trains on CIFAR-10: 32x32 RGB inputs and 10 classes.');
  }
  const limit = positiveOrUndefined(req.limit, '--limit');
  const trainAll = TRAIN_COUNT - VALIDATION_COUNT;
  const train = Math.min(limit ?? trainAll, trainAll);
  const val = Math.min(limit ?? VALIDATION_COUNT, VALIDATION_COUNT);
  const recipe = recipeByName(req.recipe, {
    epochs: positiveOrUndefined(req.epochs, '--epochs'), trainCount: train, batchSize: positiveOrUndefined(req.batchSize, '--batch'),
  });
  const blocks = planBlocks(config);
  const last = config.widths[config.widths.length - 1]!;
  return {
    format: EXPERIMENT_FORMAT,
    version: 1,
    name: describeConfig(config),
    config,
    parameters: countParams(config),
    plan: {
      stem: { inChannels: config.inputChannels, outChannels: config.widths[0]!, bias: config.stemBias },
      blocks,
      fc: { inFeatures: last, outFeatures: config.numClasses },
    },
    tensors: paramSpecs(config),
    batchNorm: { momentum: BN_MOMENTUM, eps: BN_EPSILON },
    recipe,
    seed: req.seed,
    stepsPerEpoch: stepsPerEpoch(train, recipe.batchSize),
    totalSteps: totalSteps(recipe, train),
    validationBatchSize: positiveOrUndefined(req.validationBatchSize, 'The validation batch size') ?? 500,
    logEvery: positiveOrUndefined(req.logEvery, '--log-every') ?? 10,
    data: {
      package: PACKAGE.spec,
      total: TRAIN_COUNT,
      validation: VALIDATION_COUNT,
      limit: limit ?? null,
      train,
      val,
      normalisation: { mean: [...CIFAR10_MEAN], std: [...CIFAR10_STD] },
      files: [
        ...IMAGE_FILES.map((f) => ({ name: f.name, part: f.part, kind: 'images' as const, sha256: f.sha256, size: f.size })),
        ...LABEL_FILES.map((f) => ({ name: f.name, part: f.part, kind: 'labels' as const, sha256: f.sha256, size: f.size })),
      ],
      archive: IMAGE_FILES.map((f) => ({ name: f.binName, part: f.part, md5: f.binMd5 })),
    },
  };
}
