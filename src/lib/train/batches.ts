/**
 * Mini-batches from image bytes: the upload of a batch as a normalised float NHWC tensor, its labels, and the
 * augmentation of a normalised batch. Normalisation (the data library's) happens in the same pass that gathers the
 * batch on the CPU, so the device sees one upload and no extra ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import { augmentBatch } from '../data/augment.ts';
import { normalizeImages, normalizedBlack } from '../data/normalize.ts';
import type { Normalisation } from '../../core/data/cifar10.ts';
import type { Rng } from '../../core/random.ts';

/** Images as bytes [count, H, W, C] (HWC, RGB) with one class label per image; the layout of the data library's ImageSet. */
export interface ImageArrays {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/** Image geometry: height = width = size. */
export interface Geometry {
  readonly size: number;
  readonly channels: number;
}

/** Checks that `set` holds `count` images of `geom` and labels below numClasses; throws a message naming the mismatch. */
export function checkImages(set: ImageArrays, geom: Geometry, numClasses: number, what: string): void {
  const per = geom.size * geom.size * geom.channels;
  if (!Number.isInteger(set.count) || set.count <= 0) throw new Error(`The ${what} set is empty (count ${set.count}); give it at least one image.`);
  if (set.images.length !== set.count * per) {
    throw new Error(`The ${what} set has ${set.images.length} bytes for ${set.count} images, but the model takes ${geom.size}x${geom.size}x${geom.channels} = ${per} bytes per image; resize the images or change the model's inputSize/inputChannels.`);
  }
  if (set.labels.length !== set.count) throw new Error(`The ${what} set has ${set.labels.length} labels for ${set.count} images.`);
  for (let i = 0; i < set.count; i++) {
    if (set.labels[i]! >= numClasses) throw new Error(`Label ${set.labels[i]} of ${what} image ${i} is not below the model's numClasses (${numClasses}).`);
  }
}

/** Normalised float batch [B, H, W, C] of the images at `indices` (a fresh buffer: backends may keep it without copying). */
export function batchImages(set: ImageArrays, indices: ArrayLike<number>, geom: Geometry, norm: Normalisation): tf.Tensor4D {
  const c = geom.channels;
  if (norm.mean.length !== c || norm.std.length !== c) throw new Error(`Normalisation has ${norm.mean.length} means and ${norm.std.length} stds for ${c} channels.`);
  const values = normalizeImages(set.images, indices, geom.size * geom.size * c, norm);
  return tf.tensor4d(values, [indices.length, geom.size, geom.size, c]);
}

/** Class indices [B] (int32) of the images at `indices`. */
export function batchLabels(set: ImageArrays, indices: ArrayLike<number>): tf.Tensor1D {
  const out = new Int32Array(indices.length);
  for (let b = 0; b < indices.length; b++) out[b] = set.labels[indices[b]!]!;
  return tf.tensor1d(out, 'int32');
}

/** The first min(limit, count) images of a set (a view, no copy). */
export function firstImages(set: ImageArrays, limit: number): ImageArrays {
  if (!Number.isInteger(limit) || limit <= 0) throw new Error(`A limit is a positive number of images, got ${limit}.`);
  const count = Math.min(limit, set.count);
  const per = set.images.length / set.count;
  return { images: set.images.subarray(0, count * per), labels: set.labels.subarray(0, count), count };
}

/** Batched augmentation of a normalised batch [B, H, W, C] drawn from rng; must not dispose its input. */
export type AugmentFn = (x: tf.Tensor4D, rng: Rng) => tf.Tensor4D;

/** The tutorial's flip + pad-4 crop on a normalised batch: the padding is black, normalised like every pixel. */
export function defaultAugment(norm: Normalisation): AugmentFn {
  const padValue = normalizedBlack(norm);
  return (x, rng) => augmentBatch(x, rng, { padValue });
}
