/**
 * The training loop of one model: the pieces it shares with the degradation race (batch-stream.ts: seeded epochs, the
 * last partial batch kept; step.ts: one update, augmentation on the device; accumulator.ts: loss and error summed on
 * the device, read back only when a progress event is emitted, and the divergence test; validate.ts), plus what a
 * full run adds: the schedule, events, the tutorial's log lines, early stopping, pause/resume/stop at step granularity,
 * and checkpoints.
 */
import type { Model } from '../model/types.ts';
import { Rng } from '../../core/random.ts';
import { StepAccumulator } from './accumulator.ts';
import { BatchStream } from './batch-stream.ts';
import { checkImages, defaultAugment, type AugmentFn, type Geometry, type ImageArrays } from './batches.ts';
import { captureTensors, restoreTensors } from './capture.ts';
import type { Checkpoint } from './checkpoint.ts';
import { earlyStopCheck } from '../../core/train/early-stopping.ts';
import { FlatOptimizer } from './optimizers.ts';
import { totalSteps } from '../../core/train/recipes.ts';
import { learningRateAt } from '../../core/train/schedules.ts';
import { logLine } from '../../core/train/tutorial-log.ts';
import { initialProgress, type Curves, type EndReason, type Progress, type RunSpec, type TrainEvent, type TrainingState } from './state.ts';
import { stepLearners } from './step.ts';
import { validationAccuracy } from './validate.ts';
import { nextTask } from './yield.ts';

/** The data a run trains and validates on (e.g. the 45,000/5,000 split). */
export interface TrainData {
  readonly train: ImageArrays;
  readonly val: ImageArrays;
}

export type { AugmentFn };

export type Listener = (e: TrainEvent) => void | Promise<void>;

export interface TrainerHooks {
  /** Replaces the tutorial's flip + pad-4 crop (the data library's augmentBatch, padding with normalised black). */
  readonly augment?: AugmentFn;
  /**
   * Emit `checkpoint-due` at the first step boundary after this many seconds of training since the run (re)started,
   * the last epoch end or the last `checkpoint-due` (core's CHECKPOINT_EVERY_SECONDS for the site and the CLI). Off
   * when absent. A runtime choice, not part of the run: a checkpoint does not store it.
   */
  readonly checkpointEverySeconds?: number;
}


export class Trainer {
  readonly totalSteps: number;
  readonly stepsPerEpoch: number;
  private readonly optimizer: FlatOptimizer;
  private readonly geom: Geometry;
  private readonly listeners = new Set<Listener>();
  private readonly batches: BatchStream;
  private readonly augmentRng: Rng;
  private readonly acc = new StepAccumulator();
  private pauseRequested = false;
  private stopRequested = false;
  private running = false;
  private clock = { t: 0, step: 0 };
  /** performance.now() of the last save point (run start, epoch end, checkpoint-due). */
  private lastSave = 0;
  private readonly checkpointEveryMs: number | null;
  private readonly queued: (() => Promise<void>)[] = [];

  readonly model: Model;
  readonly data: TrainData;
  readonly spec: RunSpec;
  readonly progress: Progress;
  readonly curves: Curves;
  private readonly augment: AugmentFn | null;

  private constructor(model: Model, data: TrainData, spec: RunSpec, hooks: TrainerHooks, progress: Progress, curves: Curves) {
    this.model = model;
    this.data = data;
    this.spec = spec;
    this.augment = spec.recipe.augment ? (hooks.augment ?? defaultAugment(spec.normalisation)) : null;
    const every = hooks.checkpointEverySeconds;
    if (every !== undefined && !(every > 0)) throw new Error(`checkpointEverySeconds must be positive, got ${every}.`);
    this.checkpointEveryMs = every === undefined ? null : every * 1000;
    this.progress = progress;
    this.curves = curves;
    const c = model.config;
    this.geom = { size: c.inputSize, channels: c.inputChannels };
    checkImages(data.train, this.geom, c.numClasses, 'training');
    checkImages(data.val, this.geom, c.numClasses, 'validation');
    if (!Number.isInteger(spec.logEvery) || spec.logEvery <= 0) throw new Error(`logEvery must be a positive integer, got ${spec.logEvery}.`);
    this.batches = new BatchStream(data.train.count, spec.recipe.batchSize, progress);
    this.stepsPerEpoch = this.batches.stepsPerEpoch;
    this.totalSteps = totalSteps(spec.recipe, data.train.count);
    this.optimizer = new FlatOptimizer(spec.recipe.optimizer, model.params);
    this.augmentRng = Rng.fromState(progress.augmentState);
  }

  /** A new run from step 0 on a freshly built model. */
  static start(model: Model, data: TrainData, spec: RunSpec, hooks: TrainerHooks = {}): Trainer {
    return new Trainer(model, data, spec, hooks, initialProgress(spec.seed), { train: [], val: [], log: [] });
  }

  /** Continues a checkpointed run: restores weights, BN statistics and optimizer state into `model` (built from state.modelConfig). */
  static resume(model: Model, data: TrainData, ckpt: Checkpoint, hooks: TrainerHooks = {}): Trainer {
    const s = ckpt.state;
    if (JSON.stringify(model.config) !== JSON.stringify(s.modelConfig)) throw new Error('This checkpoint belongs to a different model configuration; build the model from checkpoint.state.modelConfig.');
    if (s.data.train !== data.train.count || s.data.val !== data.val.count) throw new Error(`This checkpoint trained on ${s.data.train} + ${s.data.val} images; the data given has ${data.train.count} + ${data.val.count}. Resume with the same subset (limit and seed).`);
    const c = structuredClone(s.curves);
    const t = new Trainer(model, data, s.spec, hooks, structuredClone(s.progress), c);
    restoreTensors(model, t.optimizer, ckpt.tensors, s.optimizerStep);
    return t;
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks the loop to stop after the current step; run() then resolves with 'paused' and run() continues it. */
  pause(): void {
    this.pauseRequested = true;
  }

  /** Asks the loop to end the run after the current step. */
  stop(): void {
    this.stopRequested = true;
    if (!this.running && this.progress.ended === null) this.progress.ended = 'stopped';
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Trains until the run ends or is paused; resolves with the reason. */
  async run(): Promise<EndReason | 'paused'> {
    if (this.running) throw new Error('This run is already training; pause() or stop() it first.');
    // A run restored after it ended says so again, so a page that reloads an ended run can show its result.
    if (this.progress.ended !== null) {
      await this.emit({ type: 'end', reason: this.progress.ended, step: this.progress.step, message: `This run already ended at step ${this.progress.step} (${this.progress.ended}).` });
      return this.progress.ended;
    }
    this.running = true;
    this.pauseRequested = false;
    this.clock = { t: performance.now(), step: this.progress.step };
    let last = this.clock.t;
    this.lastSave = last;
    try {
      while (this.progress.step < this.totalSteps) {
        if (this.stopRequested) return await this.end('stopped', 'Stopped on request.');
        await this.runQueued();
        if (this.pauseRequested) {
          if (!(await this.flush())) return await this.diverged();
          await this.emit({ type: 'paused', step: this.progress.step });
          return 'paused';
        }
        const reason = await this.oneStep();
        const now = performance.now();
        this.progress.elapsedSeconds += (now - last) / 1000;
        last = now;
        if (reason !== null) return reason;
        await nextTask();
      }
      return await this.end('completed', `Completed ${this.progress.step} steps.`);
    } finally {
      this.running = false;
      await this.runQueued();
    }
  }

  /** The JSON state and tensors of the run now; call between steps (from an event listener, or when paused or ended). */
  async checkpoint(): Promise<Checkpoint> {
    await this.flush();
    const progress = { ...this.progress, augmentState: this.augmentRng.state() };
    const state: TrainingState = {
      format: 'resnet-lab-checkpoint', version: 1, modelConfig: this.model.config, spec: this.spec,
      progress, curves: structuredClone(this.curves), optimizerStep: this.optimizer.step,
      data: { train: this.data.train.count, val: this.data.val.count },
    };
    return { state, tensors: await captureTensors(this.model, this.optimizer) };
  }

  /** Runs fn between two steps (at once when the loop is not running): the place to read or save a consistent state. */
  between<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.running) return fn();
    return new Promise<T>((resolve, reject) => this.queued.push(() => fn().then(resolve, reject)));
  }

  private async runQueued(): Promise<void> {
    while (this.queued.length > 0) await this.queued.shift()!();
  }

  /** Frees the optimizer's and the loop's tensors (not the model's). */
  dispose(): void {
    this.optimizer.dispose();
    this.acc.dispose();
  }

  private async oneStep(): Promise<EndReason | null> {
    const p = this.progress;
    const idx = this.batches.next();
    this.syncPosition();
    const lr = learningRateAt(this.spec.recipe.schedule, p.step);
    const batch = { set: this.data.train, indices: idx, geom: this.geom, norm: this.spec.normalisation };
    stepLearners([{ model: this.model, optimizer: this.optimizer, acc: this.acc }], batch, lr, this.augment === null ? undefined : { fn: this.augment, rng: this.augmentRng });
    p.step += 1;
    if (p.step % this.spec.logEvery === 0 && !(await this.emitProgress(lr))) return this.diverged();
    const every = this.spec.recipe.validateEvery;
    const epochDone = this.batches.epochDone;
    const due = (every === 'epoch' && epochDone) || (every !== 'epoch' && p.batchInEpoch % every === 0);
    // The last step is always checked, before the epoch rolls over: checked after it, the line would name an epoch
    // past the last with a running loss of no batches (NaN). An unscheduled final check cannot stop the run early.
    if (due || p.step === this.totalSteps) {
      if (!(await this.flush())) return this.diverged();
      if ((await this.validate()) && due) return this.end('early-stop', `Validation accuracy did not improve for more than ${this.spec.recipe.earlyStopPatience} checks in a row.`);
    }
    if (epochDone) {
      if (!(await this.flush())) return this.diverged();
      this.batches.endEpoch();
      this.syncPosition();
      p.epoch += 1;
      p.runningLossSum = 0;
      p.runningBatches = 0;
      await this.emit({ type: 'epoch', epoch: p.epoch, step: p.step });
      this.lastSave = performance.now();
    } else if (this.checkpointEveryMs !== null && p.step < this.totalSteps) {
      const since = performance.now() - this.lastSave;
      if (since >= this.checkpointEveryMs) {
        if (!(await this.flush())) return this.diverged();
        await this.emit({ type: 'checkpoint-due', step: p.step, secondsSinceSave: since / 1000 });
        this.lastSave = performance.now();
      }
    }
    return null;
  }

  /** Copies the batch stream's position into the progress a checkpoint saves. */
  private syncPosition(): void {
    const { shuffleState, batchInEpoch } = this.batches.position();
    this.progress.shuffleState = shuffleState;
    this.progress.batchInEpoch = batchInEpoch;
  }

  /** Reads the device sums back; adds them to the running loss and the curves. False if the loss is not finite. */
  private async flush(): Promise<boolean> {
    const r = await this.acc.read();
    if (r === null) return true;
    if (r.diverged) return false;
    const p = this.progress;
    p.runningLossSum += r.lossSum;
    p.runningBatches += r.steps;
    this.curves.train.push({ step: p.step, epoch: p.epoch + p.batchInEpoch / this.stepsPerEpoch, loss: r.loss, error: r.error });
    return true;
  }

  private async emitProgress(lr: number): Promise<boolean> {
    if (!(await this.flush())) return false;
    const p = this.progress;
    const point = this.curves.train[this.curves.train.length - 1]!;
    const now = performance.now();
    const secPerStep = (now - this.clock.t) / 1000 / Math.max(1, p.step - this.clock.step);
    await this.emit({
      type: 'progress', step: p.step, totalSteps: this.totalSteps, epoch: p.epoch + 1, batch: p.batchInEpoch,
      stepsPerEpoch: this.stepsPerEpoch, lr, loss: point.loss, trainError: point.error,
      imagesPerSecond: this.spec.recipe.batchSize / secPerStep, etaSeconds: (this.totalSteps - p.step) * secPerStep,
      elapsedSeconds: p.elapsedSeconds, point,
    });
    return true;
  }

  /** Validates, logs the tutorial's line and applies early stopping; true when the run must stop. */
  private async validate(): Promise<boolean> {
    const p = this.progress;
    const accuracy = await validationAccuracy(this.model, this.data.val, this.spec.normalisation, this.spec.valBatchSize);
    const runningLoss = p.runningBatches > 0 ? p.runningLossSum / p.runningBatches : NaN;
    const line = logLine(p.epoch + 1, p.batchInEpoch, runningLoss, accuracy);
    const point = { step: p.step, epoch: p.epoch + p.batchInEpoch / this.stepsPerEpoch, accuracy };
    this.curves.val.push(point);
    this.curves.log.push(line);
    p.runningLossSum = 0;
    p.runningBatches = 0;
    await this.emit({ type: 'validation', step: p.step, epoch: p.epoch + 1, batch: p.batchInEpoch, accuracy, runningLoss, line, point });
    const patience = this.spec.recipe.earlyStopPatience;
    if (patience === null) return false;
    const check = earlyStopCheck(p.earlyStop, accuracy, patience);
    p.earlyStop = check.state;
    return check.stop;
  }

  private diverged(): Promise<EndReason> {
    return this.end('diverged', `The training loss became NaN or infinite by step ${this.progress.step}: the weights are no longer usable. Resume from the last good checkpoint with a lower learning rate.`);
  }

  private async end(reason: EndReason, message: string): Promise<EndReason> {
    if (reason !== 'diverged') await this.flush();
    this.progress.ended = reason;
    await this.emit({ type: 'end', reason, step: this.progress.step, message });
    return reason;
  }

  private async emit(e: TrainEvent): Promise<void> {
    for (const l of this.listeners) await l(e);
  }
}
