/**
 * An experiment as the PyTorch export runs it: the model configuration, its block plan and tensors (ids, PyTorch keys,
 * both layouts, fans for the site's initialisation), the recipe with its schedule resolved for the data size, the seed,
 * the data (files and checksums, split sizes, normalisation) and the loop's settings. Written as experiment.json;
 * public/export/pytorch/train.py reads it, so the Python side derives nothing the site defines.
 *
 * Version 2 states what version 1 left implicit, so one format describes both loops the site has: the trainer's
 * (`npm run train`, the train lab) and the degradation race's (one experiment per racing net, core/export/from-race.ts):
 * which seeded forks feed the shuffle and the augmentation, how the images are drawn from the split and downsampled,
 * how validation is counted, and the race's end-of-run verdict.
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
import { FORKS } from '../train/forks.ts';

export const EXPERIMENT_FORMAT = 'resnet-lab-pytorch-experiment';
export const EXPERIMENT_VERSION = 2;

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

/** Where the epochs' orders and the augmentation draws come from: generators forked from Rng.fromSeed(seed). */
export interface StreamSpec {
  /** Labels forked from one Rng.fromSeed(seed), in this order (the order matters: each fork advances the root). */
  readonly forks: readonly string[];
  /** The fork that shuffles every epoch (a fresh permutation of the training images each epoch). */
  readonly shuffle: string;
  /** The fork that draws the flips and crops; null when the recipe does not augment. */
  readonly augment: string | null;
}

/** How the loop counts validation: the trainer's (every N batches of an epoch, or each epoch's end) or the race's. */
export interface ValidationSpec {
  /** 'epoch': recipe.validateEvery counts batches within an epoch; 'step': it counts updates from the start. */
  readonly counting: 'epoch' | 'step';
  /** Validate once before the first update (the race's step-0 point). */
  readonly atStart: boolean;
}

/** The race's subset: the first `train`/`val` of seeded permutations of the split's two index lists (race order kept). */
export interface SubsetSpec {
  /** Fork label of Rng.fromSeed(seed) whose permutation of the training list, then of the validation list, is used. */
  readonly fork: string;
}

/** 2x2 average pooling of the bytes before normalising: each output byte is Math.round(sum of 4 / 4) (halves up). */
export interface DownsampleSpec {
  readonly factor: 2;
  readonly rounding: 'half-up';
}

/** The race's verdict after the last update: training error on the first `images` training images, BN on batch statistics. */
export interface EndErrorSpec {
  readonly images: number;
  readonly batchSize: number;
}

/** Which net of a race this experiment trains. */
export interface RaceNetRef {
  /** Index into the race's nets. */
  readonly index: number;
  /** The race's label, e.g. 'plain-56'. */
  readonly label: string;
  /** Folder and --net name, e.g. 'plain56' (unique within the race). */
  readonly slug: string;
}

export interface Experiment {
  readonly format: typeof EXPERIMENT_FORMAT;
  readonly version: typeof EXPERIMENT_VERSION;
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
  /** Updates per point of the training curves (each the mean over those updates). */
  readonly logEvery: number;
  readonly stream: StreamSpec;
  readonly validation: ValidationSpec;
  /** null: no verdict (the trainer); the race's training error at the end otherwise. */
  readonly endError: EndErrorSpec | null;
  /** null for a single experiment; the net's place in the race for a race's. */
  readonly net: RaceNetRef | null;
  readonly data: {
    readonly package: string;
    /** Images of CIFAR-10's training half, held out for validation, and trained on / validated on after the limit. */
    readonly total: number;
    readonly validation: number;
    readonly limit: number | null;
    readonly train: number;
    readonly val: number;
    /** null: the first `train`/`val` of the sorted split (the trainer's --limit); else the race's seeded subset. */
    readonly subset: SubsetSpec | null;
    /** null: 32x32 as stored. */
    readonly downsample: DownsampleSpec | null;
    readonly normalisation: { readonly mean: readonly number[]; readonly std: readonly number[] };
    readonly files: readonly DataFileEntry[];
    readonly archive: readonly { readonly name: string; readonly part: Part; readonly md5: string }[];
  };
}

function positiveOrUndefined(v: number | undefined, what: string): number | undefined {
  if (v !== undefined && (!Number.isInteger(v) || v <= 0)) throw new Error(`${what} must be a positive integer, got ${v}.`);
  return v;
}

/** Everything an experiment is made of, resolved: what buildExperiment and the race's export (from-race.ts) each decide. */
export interface ExperimentParts {
  readonly config: ModelConfig;
  readonly recipe: Recipe;
  readonly seed: number;
  readonly train: number;
  readonly val: number;
  readonly limit: number | null;
  readonly subset: SubsetSpec | null;
  readonly downsample: DownsampleSpec | null;
  readonly stream: StreamSpec;
  readonly validation: ValidationSpec;
  readonly validationBatchSize: number;
  readonly logEvery: number;
  readonly endError: EndErrorSpec | null;
  readonly net: RaceNetRef | null;
}

/** The experiment of resolved parts: the block plan, tensors, schedule length and data files every experiment carries. */
export function assembleExperiment(p: ExperimentParts): Experiment {
  const { config, recipe } = p;
  const side = p.downsample === null ? 32 : 32 / p.downsample.factor;
  if (config.inputSize !== side || config.inputChannels !== 3 || config.numClasses !== 10) {
    throw new Error(`The PyTorch export trains on CIFAR-10: ${side}x${side} RGB inputs${p.downsample ? ' (downsampled 2x2)' : ''} and 10 classes.`);
  }
  const blocks = planBlocks(config);
  const last = config.widths[config.widths.length - 1]!;
  return {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
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
    seed: p.seed,
    stepsPerEpoch: stepsPerEpoch(p.train, recipe.batchSize),
    totalSteps: totalSteps(recipe, p.train),
    validationBatchSize: p.validationBatchSize,
    logEvery: p.logEvery,
    stream: p.stream,
    validation: p.validation,
    endError: p.endError,
    net: p.net,
    data: {
      package: PACKAGE.spec,
      total: TRAIN_COUNT,
      validation: VALIDATION_COUNT,
      limit: p.limit,
      train: p.train,
      val: p.val,
      subset: p.subset,
      downsample: p.downsample,
      normalisation: { mean: [...CIFAR10_MEAN], std: [...CIFAR10_STD] },
      files: [
        ...IMAGE_FILES.map((f) => ({ name: f.name, part: f.part, kind: 'images' as const, sha256: f.sha256, size: f.size })),
        ...LABEL_FILES.map((f) => ({ name: f.name, part: f.part, kind: 'labels' as const, sha256: f.sha256, size: f.size })),
      ],
      archive: IMAGE_FILES.map((f) => ({ name: f.binName, part: f.part, md5: f.binMd5 })),
    },
  };
}

/** The experiment of a request; unknown presets, recipes and bad numbers throw the library's messages. */
export function buildExperiment(req: ExportRequest): Experiment {
  if (!Number.isInteger(req.seed)) throw new Error(`--seed must be an integer, got ${req.seed}.`);
  const config = configFromOptions({ ...req.model, seed: String(req.seed) });
  const limit = positiveOrUndefined(req.limit, '--limit');
  const trainAll = TRAIN_COUNT - VALIDATION_COUNT;
  const train = Math.min(limit ?? trainAll, trainAll);
  const val = Math.min(limit ?? VALIDATION_COUNT, VALIDATION_COUNT);
  const recipe = recipeByName(req.recipe, {
    epochs: positiveOrUndefined(req.epochs, '--epochs'), trainCount: train, batchSize: positiveOrUndefined(req.batchSize, '--batch'),
  });
  return assembleExperiment({
    config, recipe, seed: req.seed, train, val, limit: limit ?? null, subset: null, downsample: null,
    // As the trainer forks them (lib/train/state.ts initialProgress): shuffle, then augment, from one root.
    stream: { forks: [FORKS.shuffle, FORKS.augment], shuffle: FORKS.shuffle, augment: recipe.augment ? FORKS.augment : null },
    validation: { counting: 'epoch', atStart: false },
    validationBatchSize: positiveOrUndefined(req.validationBatchSize, 'The validation batch size') ?? 500,
    logEvery: positiveOrUndefined(req.logEvery, '--log-every') ?? 10,
    endError: null,
    net: null,
  });
}
