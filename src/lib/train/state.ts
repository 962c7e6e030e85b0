/** The plain-data state of a training run: what a checkpoint stores besides tensors, and what events report. */
import type { Normalisation } from '../../core/data/cifar10.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import { Rng, type RngState } from '../../core/random.ts';
import { FORKS } from '../../core/train/forks.ts';
import { EARLY_STOP_START, type EarlyStopState } from '../../core/train/early-stopping.ts';
import type { Recipe } from '../../core/train/recipes.ts';

/** Everything that defines a run apart from the model and the data. */
export interface RunSpec {
  readonly recipe: Recipe;
  /** Seeds shuffling and augmentation (the model's own seed seeds its initialisation). */
  readonly seed: number;
  /** A progress event (and the only read-back of loss and error) every this many steps. */
  readonly logEvery: number;
  readonly normalisation: Normalisation;
  /** Images per forward pass when validating. */
  readonly valBatchSize: number;
}

/** One point of the training curves: means over the steps since the previous point. */
export interface TrainPoint {
  readonly step: number;
  /** Fractional epochs done, e.g. 1.5 = halfway through the second epoch. */
  readonly epoch: number;
  readonly loss: number;
  readonly error: number;
}

export interface ValPoint {
  readonly step: number;
  readonly epoch: number;
  readonly accuracy: number;
}

export interface Curves {
  readonly train: TrainPoint[];
  readonly val: ValPoint[];
  /** The tutorial's log lines, one per validation. */
  readonly log: string[];
}

/** How a run ended (or stopped for now). */
export type EndReason = 'completed' | 'early-stop' | 'stopped' | 'diverged';

/** Where a run is; advances at every step. */
export interface Progress {
  step: number;
  /** 0-based index of the current epoch. */
  epoch: number;
  /** Mini-batches done in the current epoch. */
  batchInEpoch: number;
  /** Shuffle RNG state from which the current epoch's order is drawn (or the next one's, at an epoch boundary). */
  shuffleState: RngState;
  augmentState: RngState;
  earlyStop: EarlyStopState;
  /** The tutorial's running loss: sum of batch losses and their count since the last validation or epoch start. */
  runningLossSum: number;
  runningBatches: number;
  /** Training time so far, excluding pauses. */
  elapsedSeconds: number;
  ended: EndReason | null;
}

/** The JSON part of a checkpoint. */
export interface TrainingState {
  readonly format: 'resnet-lab-checkpoint';
  readonly version: 1;
  readonly modelConfig: ModelConfig;
  readonly spec: RunSpec;
  readonly progress: Progress;
  readonly curves: Curves;
  readonly optimizerStep: number;
  /** Sizes of the data the run trains on, so a resume can check it has the same. */
  readonly data: { readonly train: number; readonly val: number };
}

/**
 * Events of a run, in order: progress every logEvery steps, validation, epoch, then paused or end; `checkpoint-due`
 * whenever the trainer's checkpoint interval (TrainerHooks.checkpointEverySeconds) has passed since the last save.
 * `epoch` is the 1-based epoch the step belongs to (for log lines); draw curves from `point`, whose epoch is
 * fractional like the saved curves'.
 */
export type TrainEvent =
  | {
      readonly type: 'progress';
      readonly step: number;
      readonly totalSteps: number;
      readonly epoch: number;
      readonly batch: number;
      readonly stepsPerEpoch: number;
      readonly lr: number;
      readonly loss: number;
      readonly trainError: number;
      readonly imagesPerSecond: number;
      readonly etaSeconds: number;
      readonly elapsedSeconds: number;
      /** The point just added to the training curve (x = fractional epochs done, as in restored curves). */
      readonly point: TrainPoint;
    }
  | {
      readonly type: 'validation'; readonly step: number; readonly epoch: number; readonly batch: number; readonly accuracy: number; readonly runningLoss: number; readonly line: string;
      /** The point just added to the validation curve. */
      readonly point: ValPoint;
    }
  | { readonly type: 'epoch'; readonly epoch: number; readonly step: number }
  | { readonly type: 'paused'; readonly step: number }
  /** Time to save a checkpoint mid-epoch: the interval passed since the run (re)started or the last epoch end. */
  | { readonly type: 'checkpoint-due'; readonly step: number; readonly secondsSinceSave: number }
  | { readonly type: 'end'; readonly reason: EndReason; readonly step: number; readonly message: string };

/** Step 0 of a run: shuffling and augmentation streams forked from the run's seed. */
export function initialProgress(seed: number): Progress {
  const rng = Rng.fromSeed(seed);
  return {
    step: 0, epoch: 0, batchInEpoch: 0,
    shuffleState: rng.fork(FORKS.shuffle).state(), augmentState: rng.fork(FORKS.augment).state(),
    earlyStop: EARLY_STOP_START, runningLossSum: 0, runningBatches: 0, elapsedSeconds: 0, ended: null,
  };
}
