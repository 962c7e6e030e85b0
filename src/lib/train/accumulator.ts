/**
 * Training loss and error summed on the device, step after step, and read back only when a loop reports: one
 * read-back per report instead of one per step (GAN Lab's rule), which on a GPU is what keeps the pipeline full.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { StepResult } from './step.ts';

/** Means over the steps since the previous read-back. */
export interface Readout {
  readonly steps: number;
  readonly images: number;
  readonly lossSum: number;
  /** Mean of the batch losses (each a mean over its batch, as PyTorch's running loss adds them). */
  readonly loss: number;
  /** Misclassified images / images. */
  readonly error: number;
  /** The loss is NaN or infinite: the weights are no longer usable. The one divergence test of both loops. */
  readonly diverged: boolean;
}

export class StepAccumulator {
  /** [sum of batch losses, misclassified images] since the last read-back. */
  private readonly sums: tf.Variable;
  private steps = 0;
  private images = 0;

  constructor() {
    this.sums = tf.tidy(() => tf.variable(tf.zeros([2]), false));
  }

  /** Steps added since the last read-back. */
  get pending(): number {
    return this.steps;
  }

  /** Adds one step's device scalars (not disposed: the caller's tidy owns them) for a batch of `images` images. */
  add(step: StepResult, images: number): void {
    tf.tidy(() => {
      this.sums.assign(tf.add(this.sums, tf.stack([step.loss, tf.cast(step.wrong, 'float32')])));
    });
    this.steps += 1;
    this.images += images;
  }

  /** Reads the sums back and starts again from zero; null when no step was added since the last read. */
  async read(): Promise<Readout | null> {
    if (this.steps === 0) return null;
    const [lossSum, wrong] = (await this.sums.data()) as Float32Array;
    const steps = this.steps;
    const images = this.images;
    tf.tidy(() => this.sums.assign(tf.zeros([2])));
    this.steps = 0;
    this.images = 0;
    const loss = lossSum! / steps;
    return { steps, images, lossSum: lossSum!, loss, error: wrong! / images, diverged: !Number.isFinite(lossSum!) };
  }

  dispose(): void {
    this.sums.dispose();
  }
}
