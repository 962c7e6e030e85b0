/**
 * The landing page's toy race: MLPs of different depth, with and without skips, train in lockstep on the same
 * mini-batches of the two spirals with the same optimizer settings, through the training loop's own pieces (BatchStream,
 * FlatOptimizer, StepAccumulator). Runs in a worker or in Node; losses are read back every `readEvery` steps and the
 * decision regions every `regionsEvery` read-backs. run() can be stopped and called again to continue (pause/resume).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../core/random.ts';
import { planeGrid, twoSpirals } from '../../core/toy/spirals.ts';
import { toyProblems, type ToyRaceSettings } from '../../core/toy/race-config.ts';
import { StepAccumulator } from '../train/accumulator.ts';
import { BatchStream } from '../train/batch-stream.ts';
import { FlatOptimizer } from '../train/optimizers.ts';
import { nextTask } from '../train/yield.ts';
import { classOneProbability, createMlp, toyStep, type Mlp } from './mlp.ts';

export type ToyEvent =
  /** Mean training loss of each net (index into settings.nets) over the steps since the previous read-back; NaN once diverged. */
  | { readonly type: 'losses'; readonly step: number; readonly losses: readonly number[] }
  /** P(class 1) over the settings.gridSide^2 grid (row-major from the top left), one array per net. */
  | { readonly type: 'regions'; readonly step: number; readonly probs: readonly Float32Array[] }
  | { readonly type: 'end'; readonly reason: 'completed' | 'paused'; readonly step: number };

interface Runner {
  readonly mlp: Mlp;
  readonly optimizer: FlatOptimizer;
  readonly acc: StepAccumulator;
  alive: boolean;
}

export class ToyRace {
  readonly settings: ToyRaceSettings;
  private readonly runners: Runner[];
  private readonly batches: BatchStream;
  private readonly x: tf.Tensor2D;
  private readonly y: tf.Tensor1D;
  private readonly grid: tf.Tensor2D;
  private steps = 0;
  private reads = 0;
  private stopRequested = false;
  private active = false;
  private disposed = false;

  constructor(settings: ToyRaceSettings) {
    const problems = toyProblems(settings);
    if (problems.length) throw new Error(`The toy race settings are not usable: ${problems.join(' ')}`);
    this.settings = settings;
    const data = twoSpirals(settings.seed, settings.spirals);
    this.x = tf.tensor2d(data.xy, [data.count, 2]);
    this.y = tf.tensor1d(data.labels, 'int32');
    this.grid = tf.tensor2d(planeGrid(settings.gridSide), [settings.gridSide ** 2, 2]);
    this.batches = BatchStream.fromRng(data.count, settings.batch, Rng.fromSeed(settings.seed).fork('toy-shuffle'));
    this.runners = settings.nets.map((net) => {
      const mlp = createMlp(net, settings.width, settings.seed);
      return { mlp, optimizer: new FlatOptimizer(settings.optimizer, mlp.params), acc: new StepAccumulator(), alive: true };
    });
  }

  /** Steps done so far. */
  get step(): number {
    return this.steps;
  }

  /** Asks a running race to pause after the current step; run() continues it. */
  stop(): void {
    if (this.active) this.stopRequested = true;
  }

  /**
   * One lockstep step: the same batch to every live net. A BatchStream keeps the last partial batch; a partial batch
   * of 1 cannot go through training-mode BN, so such a batch is skipped (it never happens with the defaults).
   */
  advance(): void {
    const indices = this.batches.next();
    this.steps += 1;
    if (indices.length < 2) return;
    tf.tidy(() => {
      const idx = tf.tensor1d(Int32Array.from(indices), 'int32');
      const xb = tf.gather(this.x, idx) as tf.Tensor2D;
      const yb = tf.gather(this.y, idx) as tf.Tensor1D;
      for (const r of this.runners) if (r.alive) tf.tidy(() => r.acc.add(toyStep(r.mlp, r.optimizer, xb, yb, this.settings.lr), indices.length));
    });
  }

  /** Mean loss of each net since the previous call (NaN for a net that diverged, which then stops training). */
  async losses(): Promise<number[]> {
    const out: number[] = [];
    for (const r of this.runners) {
      const read = r.alive ? await r.acc.read() : null;
      if (read?.diverged) r.alive = false;
      out.push(read && !read.diverged ? read.loss : NaN);
    }
    return out;
  }

  /** P(class 1) of each net over the grid, BN normalising with the statistics of all the spiral points. */
  async regions(): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (const r of this.runners) {
      const p = classOneProbability(r.mlp, this.x, this.grid);
      try {
        out.push((await p.data()) as Float32Array);
      } finally {
        p.dispose();
      }
    }
    return out;
  }

  /** Steps until maxSteps or stop(), emitting losses every readEvery steps and regions every regionsEvery read-backs. */
  async run(emit: (e: ToyEvent) => void): Promise<void> {
    if (this.disposed) throw new Error('This toy race has been disposed; start a new one.');
    if (this.active) throw new Error('This toy race is already running.');
    const s = this.settings;
    this.active = true;
    this.stopRequested = false;
    try {
      if (this.steps === 0) emit({ type: 'regions', step: 0, probs: await this.regions() });
      while (this.steps < s.maxSteps && !this.stopRequested && this.runners.some((r) => r.alive)) {
        this.advance();
        if (this.steps % s.readEvery === 0 || this.steps === s.maxSteps) {
          emit({ type: 'losses', step: this.steps, losses: await this.losses() });
          this.reads += 1;
          if (this.reads % s.regionsEvery === 0 || this.steps === s.maxSteps) emit({ type: 'regions', step: this.steps, probs: await this.regions() });
        }
        await nextTask();
      }
      emit({ type: 'end', reason: this.stopRequested ? 'paused' : 'completed', step: this.steps });
    } finally {
      this.active = false;
      this.stopRequested = false;
    }
  }

  /** Frees every net, optimizer slot, accumulator and data tensor. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const r of this.runners) {
      r.mlp.dispose();
      r.optimizer.dispose();
      r.acc.dispose();
    }
    this.x.dispose();
    this.y.dispose();
    this.grid.dispose();
  }
}
