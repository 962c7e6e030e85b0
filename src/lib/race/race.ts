/**
 * The degradation race: several nets train in lockstep on the same mini-batches from the same seed, so the only
 * difference between their curves is depth and skips. Uses the model and training libraries; runs in a worker, a
 * page or Node. Loss and error accumulate on the device and are read back every `readEvery` steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createModel } from '../model/build.ts';
import type { Model } from '../model/types.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import { Rng } from '../../core/random.ts';
import { CIFAR10_NORMALISATION, batchImages, batchLabels, type Geometry } from '../train/batches.ts';
import { FlatOptimizer, type OptimizerSettings } from '../train/optimizers.ts';
import { countCorrect, trainStep } from '../train/step.ts';
import { nextTask } from '../train/yield.ts';
import type { DegradationSettings, NetSpec } from '../../core/labs/settings.ts';
import { netLabel } from '../../core/labs/net-label.ts';
import type { RaceData } from './data.ts';

/** Events of a race, per net index into settings.nets. */
export type RaceEvent =
  | { readonly type: 'train'; readonly net: number; readonly step: number; readonly loss: number; readonly error: number }
  | { readonly type: 'val'; readonly net: number; readonly step: number; readonly accuracy: number }
  | { readonly type: 'tick'; readonly step: number; readonly totalSteps: number; readonly imagesPerSecond: number; readonly elapsedSeconds: number }
  | { readonly type: 'diverged'; readonly net: number; readonly step: number; readonly message: string }
  | { readonly type: 'end'; readonly reason: 'completed' | 'stopped'; readonly step: number; readonly elapsedSeconds: number };


/** The model configuration of one racing net: CIFAR-style, narrow widths, projection shortcuts, same init seed. */
export function raceModelConfig(net: NetSpec, s: DegradationSettings): ModelConfig {
  return {
    blocksPerStage: net.n,
    widths: [s.width, 2 * s.width, 4 * s.width],
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

function optimizerSettings(s: DegradationSettings): OptimizerSettings {
  return s.opt === 'adam'
    ? { kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 }
    : { kind: 'sgd', momentum: 0.9, weightDecay: 1e-4 };
}

interface Runner {
  readonly model: Model;
  readonly optimizer: FlatOptimizer;
  /** Device sums since the last read-back: [loss sum, wrong images]. */
  acc: tf.Tensor1D;
  alive: boolean;
}

export class Race {
  private readonly runners: Runner[];
  private readonly geom: Geometry;
  private readonly shuffle: Rng;
  private order: Uint32Array = new Uint32Array(0);
  private cursor = 0;
  private stopRequested = false;
  private disposed = false;

  readonly settings: DegradationSettings;
  readonly data: RaceData;

  constructor(settings: DegradationSettings, data: RaceData) {
    this.settings = settings;
    this.data = data;
    if (data.size !== settings.size) throw new Error(`The race data is ${data.size}x${data.size} but the settings ask for ${settings.size}x${settings.size}.`);
    if (settings.batch > data.train.count) throw new Error(`Batch size ${settings.batch} exceeds the ${data.train.count} training images; lower the batch or use more images.`);
    this.geom = { size: settings.size, channels: 3 };
    this.shuffle = Rng.fromSeed(settings.seed).fork('race-shuffle');
    this.runners = settings.nets.map((net) => {
      const model = createModel(raceModelConfig(net, settings));
      return { model, optimizer: new FlatOptimizer(optimizerSettings(settings), model.params), acc: tf.zeros([2]) as tf.Tensor1D, alive: true };
    });
  }

  /** Asks a running race to end after the current step. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Indices of the next mini-batch: a fresh seeded permutation each epoch, the last partial batch dropped. */
  private nextBatch(): Uint32Array {
    const b = this.settings.batch;
    if (this.cursor + b > this.order.length) {
      this.order = this.shuffle.permutation(this.data.train.count);
      this.cursor = 0;
    }
    this.cursor += b;
    return this.order.subarray(this.cursor - b, this.cursor);
  }

  /** One lockstep step: the same batch through every live net. */
  private step(): void {
    const idx = this.nextBatch();
    const x = batchImages(this.data.train, idx, this.geom, CIFAR10_NORMALISATION);
    const y = batchLabels(this.data.train, idx);
    try {
      for (const r of this.runners) {
        if (!r.alive) continue;
        const { loss, wrong } = trainStep(r.model, r.optimizer, x, y, this.settings.lr);
        const next = tf.tidy(() => tf.add(r.acc, tf.stack([loss, tf.cast(wrong, 'float32')])) as tf.Tensor1D);
        loss.dispose();
        wrong.dispose();
        r.acc.dispose();
        r.acc = next;
      }
    } finally {
      x.dispose();
      y.dispose();
    }
  }

  /** Reads back and resets the accumulated loss and error of every live net; a non-finite loss retires that net. */
  private async readBack(step: number, steps: number, emit: (e: RaceEvent) => void): Promise<void> {
    for (const [net, r] of this.runners.entries()) {
      if (!r.alive) continue;
      const [lossSum, wrong] = await r.acc.data();
      r.acc.dispose();
      r.acc = tf.zeros([2]);
      const loss = lossSum! / steps;
      if (!Number.isFinite(loss)) {
        r.alive = false;
        emit({ type: 'diverged', net, step, message: `${netLabel(this.settings.nets[net]!)} diverged (loss ${loss}) at step ${step}; lower the learning rate and retrain.` });
        continue;
      }
      emit({ type: 'train', net, step, loss, error: wrong! / (steps * this.settings.batch) });
    }
  }

  /** Validation accuracy of every live net, in inference mode (BN running statistics), batches of 250. */
  private async validate(step: number, emit: (e: RaceEvent) => void): Promise<void> {
    const val = this.data.val;
    for (const [net, r] of this.runners.entries()) {
      if (!r.alive) continue;
      let correct = 0;
      for (let start = 0; start < val.count; start += 250) {
        const idx = Uint32Array.from({ length: Math.min(250, val.count - start) }, (_v, i) => start + i);
        const x = batchImages(val, idx, this.geom, CIFAR10_NORMALISATION);
        const y = batchLabels(val, idx);
        const c = countCorrect(r.model, x, y);
        x.dispose();
        y.dispose();
        try {
          correct += (await c.data())[0]!;
        } finally {
          c.dispose();
        }
      }
      emit({ type: 'val', net, step, accuracy: correct / val.count });
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
      images += s.batch * this.runners.filter((r) => r.alive).length;
      this.step();
      step += 1;
      since += 1;
      if (since === readEvery || step === s.steps) {
        await this.readBack(step, since, emit);
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
