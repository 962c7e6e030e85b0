import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupBackend } from '../../../src/lib/backend/index.ts';
import { CIFAR10_NORMALISATION } from '../../../src/core/data/cifar10.ts';
import { batchImages } from '../../../src/lib/train/batches.ts';
import { validationAccuracy } from '../../../src/lib/train/validate.ts';
import { TINY, tintedImages, tinyModel } from './helpers.ts';

beforeAll(async () => {
  await setupBackend('cpu');
});

describe('validationAccuracy', () => {
  it('equals a direct count of argmax = label, at any batch size, in inference mode', async () => {
    const model = tinyModel();
    try {
      const images = tintedImages(37, 3);
      const all = Uint32Array.from({ length: 37 }, (_, i) => i);
      // The model's own predictions, in one pass over the whole set.
      const predicted = tf.tidy(() => tf.argMax(model.apply(batchImages(images, all, { size: 8, channels: 3 }, CIFAR10_NORMALISATION), { training: false }), 1).dataSync());
      // Labels that agree with them on every third image only: the accuracy is 13/37 by construction.
      const labels = Uint8Array.from(all, (i) => (i % 3 === 0 ? predicted[i]! : (predicted[i]! + 1) % TINY.numClasses));
      const set = { ...images, labels };
      const buffers = await Promise.all([...model.buffers.values()].map((b) => b.data()));
      for (const batch of [1, 7, 37, 250]) expect(await validationAccuracy(model, set, CIFAR10_NORMALISATION, batch)).toBe(13 / 37);
      // Inference mode: BatchNorm's running statistics are read, never updated.
      expect(await Promise.all([...model.buffers.values()].map((b) => b.data()))).toEqual(buffers);
    } finally {
      model.dispose();
    }
  });

  it('leaks no tensors and rejects a bad batch size', async () => {
    const model = tinyModel();
    try {
      const set = tintedImages(20, 4);
      await validationAccuracy(model, set, CIFAR10_NORMALISATION, 6);
      const before = tf.memory().numTensors;
      await validationAccuracy(model, set, CIFAR10_NORMALISATION, 6);
      expect(tf.memory().numTensors).toBe(before);
      await expect(validationAccuracy(model, set, CIFAR10_NORMALISATION, 0)).rejects.toThrow(/batch size must be a positive integer, got 0/);
    } finally {
      model.dispose();
    }
  });
});
