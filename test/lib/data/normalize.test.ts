import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { CIFAR10_MEAN, CIFAR10_STD } from '../../../src/core/data/cifar10.ts';
import { gatherImages, normalizeBatch, normalizedBlack } from '../../../src/lib/data/normalize.ts';
import { randomSet } from '../../fixtures/cifar-fixture.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('normalizeBatch', () => {
  it('gives [B, 32, 32, 3] float32 of (x / 255 - mean) / std for the chosen images in order', async () => {
    const set = randomSet(4, 3);
    const t = normalizeBatch(set.images, [2, 0]);
    expect(t.shape).toEqual([2, 32, 32, 3]);
    expect(t.dtype).toBe('float32');
    const v = await t.data();
    for (const [k, i] of [[0, 2], [1, 0]] as const) {
      for (const p of [0, 1, 2, 3070, 3071]) {
        const c = p % 3;
        const want = (set.images[i * 3072 + p]! / 255 - CIFAR10_MEAN[c]!) / CIFAR10_STD[c]!;
        expect(v[k * 3072 + p]).toBeCloseTo(want, 5);
      }
    }
    t.dispose();
  });

  it('leaves exactly one tensor (its result)', () => {
    const set = randomSet(2, 1);
    const before = tf.memory().numTensors;
    const t = normalizeBatch(set.images, [0, 1]);
    expect(tf.memory().numTensors).toBe(before + 1);
    t.dispose();
  });

  it('explains bad indices and bad statistics', () => {
    const set = randomSet(2, 1);
    expect(() => gatherImages(set.images, [2])).toThrow(/Image index 2 is outside 0\.\.1/);
    expect(() => normalizeBatch(set.images, [0], { std: [1, 0, 1] })).toThrow(/stds must be positive/);
    expect(() => normalizeBatch(set.images, [0], { mean: [0.5] })).toThrow(/3 means and 3 stds/);
  });
});

describe('normalizedBlack', () => {
  it('is what a zero byte normalises to', async () => {
    const black = normalizedBlack();
    const t = normalizeBatch(new Uint8Array(3072), [0]);
    const v = await t.data();
    for (let c = 0; c < 3; c++) expect(v[c]).toBeCloseTo(black[c]!, 5);
    t.dispose();
  });
});
