import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { CIFAR10_MEAN, CIFAR10_NORMALISATION, CIFAR10_STD } from '../../../src/core/data/cifar10.ts';
import { normalisationTables } from '../../../src/core/data/normalisation.ts';
import { gatherImages, normalizeBatch, normalizeImages, normalizedBlack } from '../../../src/lib/data/normalize.ts';
import { batchImages } from '../../../src/lib/train/batches.ts';
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

describe('normalisationTables', () => {
  it('give PyTorch\'s ToTensor + Normalize values bit for bit (float32 arithmetic, each operation rounded)', () => {
    // numpy float32: (np.float32(v) / np.float32(255) - mean[c]) / std[c] with float32 mean and std, as torch on the CPU.
    const numpy: Record<number, [number, number, number]> = {
      0: [-1.9894737005233765, -1.9802875518798828, -1.7068043947219849],
      1: [-1.9735969305038452, -1.9641824960708618, -1.6918137073516846],
      125: [-0.004874187987297773, 0.0328381210565567, 0.16703394055366516],
      128: [0.04275631904602051, 0.0811532586812973, 0.21200616657733917],
      255: [2.0591094493865967, 2.12648868560791, 2.115825891494751],
    };
    const tables = normalisationTables(CIFAR10_NORMALISATION);
    for (const [v, want] of Object.entries(numpy)) expect([0, 1, 2].map((c) => tables[c]![Number(v)])).toEqual(want);
    // Every entry: the same float32 steps written out.
    const f = Math.fround;
    for (let c = 0; c < 3; c++) {
      for (let v = 0; v < 256; v++) expect(tables[c]![v]).toBe(f(f(f(v / 255) - f(CIFAR10_MEAN[c]!)) / f(CIFAR10_STD[c]!)));
    }
  });
});

describe('one normalisation for training batches and inference', () => {
  it('batchImages (any geometry) gives the very values normalizeBatch gives', async () => {
    const set = randomSet(3, 5);
    const a = batchImages(set, [2, 0], { size: 32, channels: 3 }, CIFAR10_NORMALISATION);
    const b = normalizeBatch(set.images, [2, 0]);
    expect(await a.data()).toEqual(await b.data());
    a.dispose();
    b.dispose();
  });

  it('normalises images of any size and channel count, and names bad input', () => {
    // Two 1x2 images with 2 channels; channel 0 is only scaled to [0, 1], channel 1 goes to [-1, 1].
    const images = new Uint8Array([0, 255, 255, 0, 255, 255, 0, 0]);
    const norm = { mean: [0, 0.5], std: [1, 0.5] };
    expect([...normalizeImages(images, [1, 0], 4, norm)]).toEqual([1, 1, 0, -1, 0, 1, 1, -1]);
    expect(() => normalizeImages(images, [2], 4, norm)).toThrow(/Image index 2 is outside 0\.\.1/);
    expect(() => normalizeImages(images, [0], 3, norm)).toThrow(/3 bytes is not a whole number of 2-channel pixels/);
    expect(() => normalizeImages(images, [0], 4, { mean: [0.5], std: [0.5, 0.5] })).toThrow(/one mean and one std per channel/);
  });
});
