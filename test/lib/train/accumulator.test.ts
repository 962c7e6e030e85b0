import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { StepAccumulator } from '../../../src/lib/train/accumulator.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Adds a step of mean loss `loss` with `wrong` misclassified out of `images`, as a loop does (inside a tidy). */
const add = (acc: StepAccumulator, loss: number, wrong: number, images: number) =>
  tf.tidy(() => acc.add({ loss: tf.scalar(loss), wrong: tf.scalar(wrong, 'int32') }, images));

describe('StepAccumulator', () => {
  it('reads back the mean loss per step and the error per image since the last read, then starts from zero', async () => {
    const acc = new StepAccumulator();
    try {
      expect(await acc.read()).toBeNull();
      add(acc, 2.5, 3, 4);
      add(acc, 1.5, 1, 4);
      add(acc, 1, 2, 2);
      expect(acc.pending).toBe(3);
      const r = await acc.read();
      expect(r).toEqual({ steps: 3, images: 10, lossSum: 5, loss: 5 / 3, error: 0.6, diverged: false });
      expect(acc.pending).toBe(0);
      expect(await acc.read()).toBeNull();
      add(acc, 0.5, 0, 8);
      expect(await acc.read()).toMatchObject({ steps: 1, images: 8, loss: 0.5, error: 0 });
    } finally {
      acc.dispose();
    }
  });

  it('flags a NaN or infinite loss as diverged', async () => {
    const acc = new StepAccumulator();
    try {
      for (const bad of [NaN, Infinity]) {
        add(acc, 1, 0, 4);
        add(acc, bad, 0, 4);
        expect((await acc.read())!.diverged).toBe(true);
      }
    } finally {
      acc.dispose();
    }
  });

  it('holds one tensor, whatever it adds and reads, and frees it on dispose', async () => {
    const before = tf.memory().numTensors;
    const acc = new StepAccumulator();
    expect(tf.memory().numTensors).toBe(before + 1);
    for (let i = 0; i < 5; i++) {
      add(acc, i, i, 8);
      if (i % 2 === 0) await acc.read();
    }
    expect(tf.memory().numTensors).toBe(before + 1);
    acc.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
