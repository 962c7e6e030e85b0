import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyAugment, augmentBatch } from '../../../src/lib/data/augment.ts';
import { augmentBytes, drawAugmentParams, type AugmentParams } from '../../../src/core/data/augment-params.ts';
import { Rng } from '../../../src/core/random.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A [1, 3, 3, 1] image with values 1..9 row by row. */
const grid = () => tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
const params = (flip: number, dy: number, dx: number, pad: number): AugmentParams =>
  ({ flip: Uint8Array.of(flip), dy: Uint8Array.of(dy), dx: Uint8Array.of(dx), pad });

describe('applyAugment on a known 3x3 image', () => {
  it('is the identity with no flip and the centred crop', async () => {
    expect(await applyAugment(grid(), params(0, 1, 1, 1)).data()).toEqual(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  it('mirrors columns when flipped', async () => {
    expect(Array.from(await applyAugment(grid(), params(1, 1, 1, 1)).data())).toEqual([3, 2, 1, 6, 5, 4, 9, 8, 7]);
  });

  it('shifts in padding from the top-left corner crop (dy = dx = 0)', async () => {
    expect(Array.from(await applyAugment(grid(), params(0, 0, 0, 1), -1).data())).toEqual([-1, -1, -1, -1, 1, 2, -1, 4, 5]);
  });

  it('flips before cropping, as torchvision does (flip, then pad and crop)', async () => {
    // Flipped image rows: 3 2 1 / 6 5 4 / 9 8 7; crop at bottom-right of the padded image.
    expect(Array.from(await applyAugment(grid(), params(1, 2, 2, 1), 0).data())).toEqual([5, 4, 0, 8, 7, 0, 0, 0, 0]);
  });

  it('pads each channel with its own value', async () => {
    const x = tf.tensor4d([10, 20], [1, 1, 1, 2]);
    expect(Array.from(await applyAugment(x, params(0, 0, 0, 1), [-3, -4]).data())).toEqual([-3, -4]);
  });
});

describe('augmentBatch', () => {
  it('equals the plain-JS reference for a seeded batch of random images', async () => {
    const rng = Rng.fromSeed(5);
    const bytes = Uint8Array.from({ length: 6 * 32 * 32 * 3 }, () => rng.int(256));
    const x = tf.tensor4d(bytes, [6, 32, 32, 3], 'int32');
    const state = Rng.fromSeed(11);
    const got = await augmentBatch(x, Rng.fromState(state.state())).data();
    const want = augmentBytes(bytes, drawAugmentParams(Rng.fromState(state.state()), 6), 32, 32, 3);
    expect(Array.from(got)).toEqual(Array.from(want));
  });

  it('is a pure function of the rng state and draws every crop offset', async () => {
    const x = tf.randomUniform([8, 32, 32, 3]) as tf.Tensor4D;
    const a = await augmentBatch(x, Rng.fromSeed(1)).data();
    const b = await augmentBatch(x, Rng.fromSeed(1)).data();
    expect(Array.from(a)).toEqual(Array.from(b));
    const p = drawAugmentParams(Rng.fromSeed(2), 2000);
    expect(new Set(p.dy).size).toBe(9);
    expect(new Set(p.dx).size).toBe(9);
    const flips = p.flip.reduce((s, f) => s + f, 0);
    expect(flips).toBeGreaterThan(900);
    expect(flips).toBeLessThan(1100);
  });

  it('leaves no tensors behind', () => {
    const x = tf.zeros([4, 32, 32, 3]) as tf.Tensor4D;
    augmentBatch(x, Rng.fromSeed(1)).dispose();
    const before = tf.memory().numTensors;
    augmentBatch(x, Rng.fromSeed(1), { padValue: [0.1, 0.2, 0.3] }).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('explains mismatched parameters and pad values', () => {
    expect(() => applyAugment(grid(), drawAugmentParams(Rng.fromSeed(1), 2))).toThrow(/for 2 images but the batch has 1/);
    expect(() => applyAugment(grid(), params(0, 0, 0, 1), [0, 0, 0])).toThrow(/padValue has 3 values but the images have 1 channels/);
  });
});
