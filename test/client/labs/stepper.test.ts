import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspect, softmax, testImage } from '../../../src/client/labs/stepper.ts';
import { createModel } from '../../../src/lib/model/build.ts';
import { presetConfig } from '../../../src/core/model/config.ts';

describe('block stepper inspection', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('softmax sums to one and survives large logits', () => {
    const p = softmax([1000, 1000, 0]);
    expect(p[0]).toBeCloseTo(0.5);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('returns every stage of a residual block (and fewer of a plain one) with probabilities, leaking nothing', async () => {
    const image = new Uint8Array(32 * 32 * 3).map((_v, i) => (i * 7) % 256);
    const res = createModel(presetConfig('resnet20', { seed: 1 }));
    const plain = createModel(presetConfig('plain20', { seed: 1 }));
    await inspect(res, image, 3);
    const before = tf.memory().numTensors;
    const r = await inspect(res, image, 3);
    const p = await inspect(plain, image, 3);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.taps.map((t) => t.tap)).toEqual(['x', 'conv1', 'bn1', 'relu1', 'conv2', 'bn2', 'shortcut', 'sum', 'out']);
    expect(p.taps.map((t) => t.tap)).toEqual(['x', 'conv1', 'bn1', 'relu1', 'conv2', 'bn2', 'out']);
    // Block 3 opens stage 2: 32x32x16 in, 16x16x32 out.
    expect(r.taps[0]!.shape).toEqual([1, 32, 32, 16]);
    expect(r.taps.at(-1)!.shape).toEqual([1, 16, 16, 32]);
    expect(r.probs).toHaveLength(10);
    expect(r.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    res.dispose();
    plain.dispose();
  });

  it('names the valid range for a test image index that does not exist', () => {
    const set = { images: new Uint8Array(2 * 3072), labels: new Uint8Array(2), count: 2 };
    expect(testImage(set, 1)).toHaveLength(3072);
    expect(() => testImage(set, 2)).toThrow(/pick 0\.\.1/);
  });
});
