/**
 * The race's verdict: each net's training error at the end, measured the same way for every net on a fixed subset of
 * the training images it learned from, after its last step. BatchNorm normalises with each evaluation batch's own
 * statistics (as in training, running statistics untouched), so a net is judged as it trains, not by running
 * averages that lag behind a short run; no augmentation, the same images and batches for every net.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Normalisation } from '../../core/data/cifar10.ts';
import type { Model } from '../model/types.ts';
import { batchImages, batchLabels, firstImages, type ImageArrays } from '../train/batches.ts';
import { countWrong } from '../train/step.ts';
import { nextTask } from '../train/yield.ts';
import { RACE_END_EVAL_BATCH } from '../../core/labs/race-config.ts';


/** Fraction of the first `count` images of `set` [N, H, W, C] that the model misclassifies (BN on batch statistics). */
export async function endTrainingError(model: Model, set: ImageArrays, count: number, norm: Normalisation, batchSize: number = RACE_END_EVAL_BATCH): Promise<number> {
  if (!Number.isInteger(count) || count <= 0) throw new Error(`The end-of-race evaluation needs a positive number of images, got ${count}.`);
  const probe = firstImages(set, count);
  const geom = { size: model.config.inputSize, channels: model.config.inputChannels };
  const wrong = tf.tidy(() => tf.variable(tf.scalar(0, 'int32'), false));
  try {
    for (let start = 0; start < probe.count; start += batchSize) {
      const idx = Uint32Array.from({ length: Math.min(batchSize, probe.count - start) }, (_, i) => start + i);
      tf.tidy(() => {
        const logits = model.apply(batchImages(probe, idx, geom, norm), { training: false, bn: 'batch' });
        wrong.assign(tf.add(wrong, countWrong(logits, batchLabels(probe, idx))));
      });
      await nextTask();
    }
    return ((await wrong.data())[0] ?? 0) / probe.count;
  } finally {
    wrong.dispose();
  }
}
