/**
 * The degradation race: several nets train in lockstep on the same mini-batches from the same seed, so the only
 * difference between their curves is depth and skips. N models stepping through the training loop's own pieces (the
 * batch stream, stepLearners, the device accumulator and its divergence test, the validation); runs in a worker, a page
 * or Node. Loss and error are read back every `readEvery` steps.
 */
import { createModel } from '../model/build.ts';
import { CIFAR10_NORMALISATION } from '../../core/data/cifar10.ts';
import { Rng } from '../../core/random.ts';
import { StepAccumulator } from '../train/accumulator.ts';
import { BatchStream } from '../train/batch-stream.ts';
import type { Geometry } from '../train/batches.ts';
import { FlatOptimizer } from '../train/optimizers.ts';
import { stepLearners, type Learner } from '../train/step.ts';
import { validationAccuracy } from '../train/validate.ts';
import { nextTask } from '../train/yield.ts';
import type { DegradationSettings } from '../../core/labs/settings.ts';
import { raceModelConfig, raceOptimizer } from '../../core/labs/race-config.ts';
import { netLabel } from '../../core/labs/net-label.ts';
import type { RaceData } from './data.ts';

/** Events of a race, per net index into settings.nets. */
export type RaceEvent =
  | { readonly type: 'train'; readonly net: number; readonly step: number; readonly loss: number; readonly error: number }
  | { readonly type: 'val'; readonly net: number; readonly step: number; readonly accuracy: number }
  | { readonly type: 'tick'; readonly step: number; readonly totalSteps: number; readonly imagesPerSecond: number; readonly elapsedSeconds: number }
  | { readonly type: 'diverged'; readonly net: number; readonly step: number; readonly message: string }
  | { readonly type: 'end'; readonly reason: 'completed' | 'stopped'; readonly step: number; readonly elapsedSeconds: number };


interface Runner extends Learner {
  alive: boolean;
}

export class Race {
  private readonly runners: Runner[];
  private readonly geom: Geometry;
  private readonly batches: BatchStream;
  private stopRequested = false;
  private disposed = false;

  readonly settings: DegradationSettings;
  readonly data: RaceData;

  constructor(settings: DegradationSettings, data: RaceData) {
    this.settings = settings;
    this.data = data;
    if (data.size !== settings.size) throw new Error(`The race data is ${data.size}x${data.size} but the settings ask for ${settings.size}x${settings.size}.`);
    this.geom = { size: settings.size, channels: 3 };
    this.batches = BatchStream.fromRng(data.train.count, settings.batch, Rng.fromSeed(settings.seed).fork('race-shuffle'));
    this.runners = settings.nets.map((net) => {
      const model = createModel(raceModelConfig(net, settings));
      return { model, optimizer: new FlatOptimizer(raceOptimizer(settings), model.params), acc: new StepAccumulator(), alive: true };
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
    for (const [net, r] of this.runners.entries()) {
      if (!r.alive) continue;
      const out = await r.acc.read();
      if (out === null) continue;
      if (out.diverged) {
        r.alive = false;
        emit({ type: 'diverged', net, step, message: `${netLabel(this.settings.nets[net]!)} diverged (loss ${out.loss}) at step ${step}; lower the learning rate and retrain.` });
        continue;
      }
      emit({ type: 'train', net, step, loss: out.loss, error: out.error });
    }
  }

  /** Validation accuracy of every live net, in inference mode (BN running statistics). */
  private async validate(step: number, emit: (e: RaceEvent) => void): Promise<void> {
    for (const [net, r] of this.runners.entries()) {
      if (r.alive) emit({ type: 'val', net, step, accuracy: await validationAccuracy(r.model, this.data.val, CIFAR10_NORMALISATION) });
    }
  }

  /** Runs settings.steps lockstep steps (or until stop()), emitting events; read-backs every `readEvery` steps. */
  async run(emit: (e: RaceEvent) => void, opts: { readonly readEvery?: number } = {}): Promise<void> {
    if (this.disposed) throw new Error('This race has been disposed; start a new one.');
    const s = this.settings;
    const readEvery = opts.readEvery ?? 5;
    const t0 = performance.now();
    let since = 0;
    let step = 0;
    let images = 0;
    const elapsed = () => (performance.now() - t0) / 1000;
    await this.validate(0, emit);
    while (step < s.steps && !this.stopRequested && this.runners.some((r) => r.alive)) {
      const live = this.runners.filter((r) => r.alive).length;
      images += this.step() * live;
      step += 1;
      since += 1;
      if (since === readEvery || step === s.steps) {
        await this.readBack(step, emit);
        since = 0;
        emit({ type: 'tick', step, totalSteps: s.steps, imagesPerSecond: images / elapsed(), elapsedSeconds: elapsed() });
      }
      if (step % s.evalEvery === 0 || step === s.steps) await this.validate(step, emit);
      await nextTask();
    }
    emit({ type: 'end', reason: step >= s.steps ? 'completed' : 'stopped', step, elapsedSeconds: elapsed() });
  }

  /** Frees every model, optimizer slot and accumulator. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const r of this.runners) {
      r.model.dispose();
      r.optimizer.dispose();
      r.acc.dispose();
    }
  }
}
