/**
 * Mini-batches from image bytes: seeded epoch order, and the upload of a batch as a normalised float NHWC tensor.
 * Normalisation happens in the same pass that gathers the batch on the CPU, so the device sees one upload and no
 * extra ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import { augmentBatch } from '../data/augment.ts';
import type { Rng } from '../../core/random.ts';

/** Images as bytes [count, H, W, C] (HWC, RGB) with one class label per image; the layout of the data library's ImageSet. */
export interface ImageArrays {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/** Per-channel statistics of pixels scaled to [0, 1]. */
export interface Normalisation {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** CIFAR-10 training-set statistics (facts.md). */
export const CIFAR10_NORMALISATION: Normalisation = { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.2435, 0.2616] };

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
  const per = geom.size * geom.size * geom.channels;
  const c = geom.channels;
  const scale = norm.std.map((s) => 1 / (255 * s));
  const shift = norm.mean.map((m, k) => m / norm.std[k]!);
  if (scale.length !== c || shift.length !== c) throw new Error(`Normalisation has ${norm.mean.length} means and ${norm.std.length} stds for ${c} channels.`);
  const out = new Float32Array(indices.length * per);
  for (let b = 0; b < indices.length; b++) {
    const src = indices[b]! * per;
    const dst = b * per;
    for (let j = 0; j < per; j++) {
      const k = j % c;
      out[dst + j] = set.images[src + j]! * scale[k]! - shift[k]!;
    }
  }
  return tf.tensor4d(out, [indices.length, geom.size, geom.size, c]);
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

/** The tutorial's flip + pad-4 crop on a normalised batch: the padding is black, i.e. (0 - mean) / std per channel. */
export function defaultAugment(norm: Normalisation): AugmentFn {
  const padValue = norm.mean.map((m, c) => -m / norm.std[c]!);
  return (x, rng) => augmentBatch(x, rng, { padValue });
}
