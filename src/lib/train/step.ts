/**
 * One step of the training loop: one optimizer update per model on one mini-batch, its loss and error count left on
 * the device in an accumulator. The trainer steps one model, the degradation race several in lockstep.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Normalisation } from '../../core/data/cifar10.ts';
import type { Rng } from '../../core/random.ts';
import type { Model } from '../model/types.ts';
import type { StepAccumulator } from './accumulator.ts';
import { batchImages, batchLabels, type AugmentFn, type Geometry, type ImageArrays } from './batches.ts';
import type { FlatOptimizer } from './optimizers.ts';
import { groupNorms, type GradNormProbe } from './grad-norms.ts';

/** Mean softmax cross entropy (PyTorch's CrossEntropyLoss) of logits [B, K] against int32 labels [B]: a scalar. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const k = logits.shape[1];
    const logp = tf.logSoftmax(logits);
    return tf.neg(tf.mean(tf.sum(tf.mul(logp, tf.oneHot(labels, k)), 1)));
  });
}

/** Number of rows of logits [B, K] whose argmax is not the label [B]: an int32 scalar, left on the device. */
export function countWrong(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.notEqual(tf.argMax(logits, 1), labels), 'int32')));
}

/** Mean loss and number of misclassified images of one training step, as device scalars the caller disposes. */
export interface StepResult {
  readonly loss: tf.Scalar;
  readonly wrong: tf.Scalar;
  /** L2 norm of each of opts.gradGroups' gradients [G], when asked for. */
  readonly groupNorms?: tf.Tensor1D;
}

/** What else a step computes from its own gradients. */
export interface StepOptions {
  /** Groups of parameter ids whose joint gradient norm the step returns (no second backward pass). */
  readonly gradGroups?: readonly (readonly string[])[] | undefined;
}

/**
 * Forward in training mode (BN batch statistics, running stats updated), backward, and one optimizer update at `lr`.
 * x [B, H, W, C] normalised, labels [B] int32; neither is disposed. Nothing is read back from the device.
 */
export function trainStep(model: Model, optimizer: FlatOptimizer, x: tf.Tensor4D, labels: tf.Tensor1D, lr: number, opts: StepOptions = {}): StepResult {
  const varList = [...model.params.values()];
  const idOf = new Map(varList.map((v, i) => [v.name, [...model.params.keys()][i]!]));
  return tf.tidy(() => {
    let wrong: tf.Scalar | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.apply(x, { training: true });
      // Kept so it survives the gradient tape's scope; returned (and so owned by the caller) below.
      wrong = tf.keep(countWrong(logits, labels));
      return crossEntropy(logits, labels);
    }, varList);
    const byId = new Map<string, tf.Tensor>();
    for (const [name, g] of Object.entries(grads)) if (g !== null) byId.set(idOf.get(name)!, g);
    const norms = opts.gradGroups ? groupNorms(byId, opts.gradGroups) : undefined;
    optimizer.update(byId, lr);
    // A kept tensor escapes every tidy; hand back a tracked copy so the caller's tidy can free it.
    const kept: tf.Scalar = wrong!;
    const tracked = tf.clone(kept);
    kept.dispose();
    return norms ? { loss: value, wrong: tracked, groupNorms: norms } : { loss: value, wrong: tracked };
  });
}

/** What a step updates: a model, its optimizer, and the device sums of its loss and error. */
export interface Learner {
  readonly model: Model;
  readonly optimizer: FlatOptimizer;
  readonly acc: StepAccumulator;
  /** Per-unit gradient norms, measured on the steps the probe is armed for. */
  readonly probe?: GradNormProbe;
}

/** Where a step's batch comes from: the images at `indices` of `set`, normalised with `norm`. */
export interface BatchSource {
  readonly set: ImageArrays;
  readonly indices: ArrayLike<number>;
  readonly geom: Geometry;
  readonly norm: Normalisation;
}

/**
 * Uploads the batch once, augments it once (if `augment` is given, drawing from `rng`), and gives every learner one
 * update at `lr` on that same batch, adding its loss and error to its accumulator. Nothing is read back.
 */
export function stepLearners(learners: readonly Learner[], batch: BatchSource, lr: number, augment?: { readonly fn: AugmentFn; readonly rng: Rng }): void {
  const images = batch.indices.length;
  const x = batchImages(batch.set, batch.indices, batch.geom, batch.norm);
  const y = batchLabels(batch.set, batch.indices);
  try {
    tf.tidy(() => {
      const xa = augment === undefined ? x : augment.fn(x, augment.rng);
      for (const l of learners) {
        tf.tidy(() => {
          const r = trainStep(l.model, l.optimizer, xa, y, lr, { gradGroups: l.probe?.armed ? l.probe.groups : undefined });
          if (r.groupNorms) l.probe!.take(r.groupNorms, l.optimizer.step);
          l.acc.add(r, images);
        });
      }
    });
  } finally {
    x.dispose();
    y.dispose();
  }
}
