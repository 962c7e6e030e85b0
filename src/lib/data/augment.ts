/**
 * The tutorial's augmentation as batched tensor ops on the active backend: random horizontal flip, pad 4, random
 * 32x32 crop. One gather does all three: each output pixel is looked up in the batch's pixel table, with one extra
 * row holding the padding colour. A pure function of (batch, rng state).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../core/random.ts';
import { drawAugmentParams, sourceIndices, type AugmentOptions, type AugmentParams } from '../../core/data/augment-params.ts';

export interface AugmentBatchOptions extends AugmentOptions {
  /**
   * Padding colour per channel (or one value for all). PyTorch pads the raw image with black, so for bytes or [0, 1]
   * input this is 0; for normalised input pass normalizedBlack().
   */
  padValue?: number | readonly number[];
}

/** Augmented copy of x [B, H, W, C] (same shape and dtype), with flip and crop drawn from `rng` (which advances). */
export function augmentBatch(x: tf.Tensor4D, rng: Rng, opts: AugmentBatchOptions = {}): tf.Tensor4D {
  const params = drawAugmentParams(rng, x.shape[0], opts);
  return applyAugment(x, params, opts.padValue ?? 0);
}

/** Applies given augmentation parameters to x [B, H, W, C]: output [B, H, W, C]. */
export function applyAugment(x: tf.Tensor4D, params: AugmentParams, padValue: number | readonly number[] = 0): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  if (params.flip.length !== b) throw new Error(`Augmentation parameters are for ${params.flip.length} images but the batch has ${b}.`);
  const pad = typeof padValue === 'number' ? new Array<number>(c).fill(padValue) : [...padValue];
  if (pad.length !== c) throw new Error(`padValue has ${pad.length} values but the images have ${c} channels.`);
  const indices = sourceIndices(params, h, w);
  return tf.tidy(() => {
    const table = tf.concat([tf.reshape(x, [b * h * w, c]), tf.tensor2d(pad, [1, c], x.dtype)], 0);
    const picked = tf.gather(table, tf.tensor1d(indices, 'int32'));
    return tf.reshape(picked, [b, h, w, c]);
  });
}
