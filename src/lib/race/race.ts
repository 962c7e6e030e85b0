/**
 * The degradation race: several nets train in lockstep on the same mini-batches from the same seed, so the only
 * difference between their curves is depth and skips. N models stepping through the training loop's own pieces (the
 * batch stream, stepLearners, the device accumulator and its divergence test, the validation); runs in a worker, a page
 * or Node. Loss and error are read back every `readEvery` steps.
 */
import { createModel } from '../model/build.ts';
import { CIFAR10_NORMALISATION } from '../../core/data/cifar10.ts';
import { Rng } from '../../core/random.ts';
import { FORKS } from '../../core/train/forks.ts';
import { StepAccumulator } from '../train/accumulator.ts';
import { BatchStream } from '../train/batch-stream.ts';
import type { Geometry } from '../train/batches.ts';
import { FlatOptimizer } from '../train/optimizers.ts';
import { stepLearners, type Learner } from '../train/step.ts';
import { GradNormProbe } from '../train/grad-norms.ts';
import { validationAccuracy } from '../train/validate.ts';
import { nextTask } from '../train/yield.ts';
import type { DegradationSettings } from '../../core/labs/degradation-settings.ts';
import { RACE_READ_EVERY, RACE_VAL_BATCH, raceEndEvalImages, raceModelConfig, raceOptimizer } from '../../core/labs/race-config.ts';
import { netLabel } from '../../core/labs/net-label.ts';
import type { RaceData } from './data.ts';
import { endTrainingError } from './end-error.ts';

/** Events of a race, per net index into settings.nets. */
export type RaceEvent =
  | { readonly type: 'train'; readonly net: number; readonly step: number; readonly loss: number; readonly error: number }
  | { readonly type: 'val'; readonly net: number; readonly step: number; readonly accuracy: number }
  | { readonly type: 'tick'; readonly step: number; readonly totalSteps: number; readonly imagesPerSecond: number; readonly elapsedSeconds: number }
  | { readonly type: 'diverged'; readonly net: number; readonly step: number; readonly message: string }
  /** Gradient L2 norm per unit (stem, blocks in forward order, fc) of one step, measured at the read-back cadence. */
  | { readonly type: 'grads'; readonly net: number; readonly step: number; readonly norms: readonly number[] }
  /** After the last step: the net's training error on the race's fixed end-of-race subset (lib/race/end-error.ts). */
  | { readonly type: 'end-error'; readonly net: number; readonly step: number; readonly images: number; readonly error: number }
  /** 'diverged': every net this Race steps diverged before the last step. */
  | { readonly type: 'end'; readonly reason: 'completed' | 'stopped' | 'diverged'; readonly step: number; readonly elapsedSeconds: number };


interface Runner extends Learner {
  /** Index into settings.nets. */
  readonly net: number;
  readonly probe: GradNormProbe;
  alive: boolean;
}

/** Which of the settings' nets this Race steps (default all): a worker per net runs one each, on the same batches. */
export interface RaceOptions {
  readonly nets?: readonly number[];
}

export class Race {
  private readonly runners: Runner[];
  private readonly geom: Geometry;
  private readonly batches: BatchStream;
  private stopRequested = false;
  private disposed = false;

  readonly settings: DegradationSettings;
  readonly data: RaceData;

  constructor(settings: DegradationSettings, data: RaceData, opts: RaceOptions = {}) {
    this.settings = settings;
    this.data = data;
    if (data.size !== settings.size) throw new Error(`The race data is ${data.size}x${data.size} but the settings ask for ${settings.size}x${settings.size}.`);
    this.geom = { size: settings.size, channels: 3 };
    this.batches = BatchStream.fromRng(data.train.count, settings.batch, Rng.fromSeed(settings.seed).fork(FORKS.raceShuffle));
    const picked = opts.nets ?? settings.nets.map((_n, i) => i);
    for (const i of picked) {
      if (!Number.isInteger(i) || i < 0 || i >= settings.nets.length) throw new Error(`Net ${i} is not among the race's ${settings.nets.length} nets (0..${settings.nets.length - 1}).`);
    }
    this.runners = picked.map((net) => {
      const spec = settings.nets[net]!;
      const model = createModel(raceModelConfig(spec, settings));
      const probe = new GradNormProbe(model.params.keys(), spec.n);
      return { net, model, optimizer: new FlatOptimizer(raceOptimizer(settings), model.params), acc: new StepAccumulator(), probe, alive: true };
    });
  }

  /** Asks a running race to end after the current step. */
  stop(): void {
    this.stopRequested = true;
  }

  /** One lockstep step: the same batch through every live net; returns the images it held. */
  private step(): number {
    const indices = this.batches.next();
    stepLearners(this.runners.filter((r) => r.alive), { set: this.data.train, indices, geom: this.geom, norm: CIFAR10_NORMALISATION }, this.settings.lr);
    return indices.length;
  }

  /** Reads back and resets the accumulated loss and error of every live net; a non-finite loss retires that net. */
  private async readBack(step: number, emit: (e: RaceEvent) => void): Promise<void> {
    for (const r of this.runners) {
      const net = r.net;
      if (!r.alive) continue;
      const grads = await r.probe.read();
      const out = await r.acc.read();
      if (out === null) continue;
      if (out.diverged) {
        r.alive = false;
        emit({ type: 'diverged', net, step, message: `${netLabel(this.settings.nets[net]!)} diverged (loss ${out.loss}) at step ${step}; lower the learning rate and retrain.` });
        continue;
      }
      emit({ type: 'train', net, step, loss: out.loss, error: out.error });
      if (grads) emit({ type: 'grads', net, step: grads.step, norms: [...grads.norms] });
    }
  }

  /** Validation accuracy of every live net, in inference mode (BN running statistics). */
  private async validate(step: number, emit: (e: RaceEvent) => void): Promise<void> {
    for (const r of this.runners) {
      if (r.alive) emit({ type: 'val', net: r.net, step, accuracy: await validationAccuracy(r.model, this.data.val, CIFAR10_NORMALISATION, RACE_VAL_BATCH) });
    }
  }

  /** The verdict: every live net's training error on the same first images of its training subset. */
  private async judge(step: number, emit: (e: RaceEvent) => void): Promise<void> {
    const images = raceEndEvalImages(this.data.train.count);
    for (const r of this.runners) {
      if (r.alive) emit({ type: 'end-error', net: r.net, step, images, error: await endTrainingError(r.model, this.data.train, images, CIFAR10_NORMALISATION) });
    }
  }

  /**
   * Runs settings.steps lockstep steps (or until stop()), emitting events; read-backs every `readEvery` steps. The
   * verdict ('end-error') comes after the last step, and also at the steps of `judgeAt` (to see when a gap opens).
   */
  async run(emit: (e: RaceEvent) => void, opts: { readonly readEvery?: number; readonly judgeAt?: readonly number[] } = {}): Promise<void> {
    if (this.disposed) throw new Error('This race has been disposed; start a new one.');
    const s = this.settings;
    const readEvery = opts.readEvery ?? RACE_READ_EVERY;
    const t0 = performance.now();
    let since = 0;
    let step = 0;
    let images = 0;
    const elapsed = () => (performance.now() - t0) / 1000;
    await this.validate(0, emit);
    while (step < s.steps && !this.stopRequested && this.runners.some((r) => r.alive)) {
      const live = this.runners.filter((r) => r.alive).length;
      // The step before each read-back also measures its gradient norms per unit.
      const reading = since + 1 === readEvery || step + 1 === s.steps;
      for (const r of this.runners) r.probe.armed = reading;
      images += this.step() * live;
      step += 1;
      since += 1;
      if (since === readEvery || step === s.steps) {
        await this.readBack(step, emit);
        since = 0;
        emit({ type: 'tick', step, totalSteps: s.steps, imagesPerSecond: images / elapsed(), elapsedSeconds: elapsed() });
      }
      if (step % s.evalEvery === 0 || step === s.steps) await this.validate(step, emit);
      if (opts.judgeAt?.includes(step) && step < s.steps) await this.judge(step, emit);
      await nextTask();
    }
    if (step > 0) await this.judge(step, emit);
    const reason = step >= s.steps ? 'completed' : this.stopRequested ? 'stopped' : 'diverged';
    emit({ type: 'end', reason, step, elapsedSeconds: elapsed() });
  }

  /** Frees every model, optimizer slot and accumulator. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const r of this.runners) {
      r.model.dispose();
      r.optimizer.dispose();
      r.acc.dispose();
      r.probe.dispose();
    }
  }
}
