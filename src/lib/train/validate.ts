/** Validation accuracy: the model in inference mode over a held-out set, in batches, counted on the device. */
import * as tf from '@tensorflow/tfjs-core';
import type { Normalisation } from '../../core/data/cifar10.ts';
import type { Model } from '../model/types.ts';
import { batchImages, batchLabels, type ImageArrays } from './batches.ts';
import { nextTask } from './yield.ts';

/** Images per inference pass when a loop is not told otherwise (the result does not depend on it, only memory does). */
export const VAL_BATCH_SIZE = 250;

/** Images of `x` [B, H, W, C] classified correctly against labels [B] by the model in inference mode: an int32 scalar. */
export function countCorrect(model: Model, x: tf.Tensor4D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(model.apply(x, { training: false }), 1), labels), 'int32')));
}

/**
 * Fraction of `set` the model classifies correctly, in inference mode (BatchNorm's running statistics), `batchSize`
 * images per forward pass. The count stays on the device until the end (one read-back); a task yield between batches
 * lets a page or worker handle messages.
 */
export async function validationAccuracy(model: Model, set: ImageArrays, norm: Normalisation, batchSize: number = VAL_BATCH_SIZE): Promise<number> {
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new Error(`The validation batch size must be a positive integer, got ${batchSize}.`);
  const geom = { size: model.config.inputSize, channels: model.config.inputChannels };
  const correct = tf.tidy(() => tf.variable(tf.scalar(0, 'int32'), false));
  try {
    for (let start = 0; start < set.count; start += batchSize) {
      const idx = Uint32Array.from({ length: Math.min(batchSize, set.count - start) }, (_, i) => start + i);
      tf.tidy(() => {
        correct.assign(tf.add(correct, countCorrect(model, batchImages(set, idx, geom, norm), batchLabels(set, idx))));
      });
      await nextTask();
    }
    return ((await correct.data())[0] ?? 0) / set.count;
  } finally {
    correct.dispose();
  }
}
