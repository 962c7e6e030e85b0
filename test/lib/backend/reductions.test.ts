import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { restoreStockKernels, setupBackend } from '../../../src/lib/backend/index.ts';
import { leadingSplit } from '../../../src/lib/backend/reductions.ts';
import { Rng } from '../../../src/core/random.ts';

interface Case {
  shape: number[];
  axis: number | number[];
  keepDims: boolean;
}

/** Leading-axis reductions (the fast path, incl. batch 1 and negative axes) and others (stock fallback). */
const CASES: Case[] = [
  { shape: [4, 5, 6, 7], axis: [0, 1, 2], keepDims: false },
  { shape: [4, 5, 6, 7], axis: [2, 0, 1], keepDims: true },
  { shape: [1, 3, 3, 2], axis: [0, 1, 2], keepDims: false },
  { shape: [9, 5], axis: 0, keepDims: false },
  { shape: [6, 4, 3], axis: [0, 1], keepDims: true },
  { shape: [6, 4, 3], axis: [-3], keepDims: false },
  { shape: [4, 5, 6, 7], axis: [1, 2], keepDims: false },
  { shape: [4, 5, 6, 7], axis: [3], keepDims: true },
  { shape: [4, 5], axis: [0, 1], keepDims: false },
];

function random(seed: number, shape: number[]): tf.Tensor {
  const rng = Rng.fromSeed(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => 0.5 + rng.normal()), shape);
}

/** Sum and Mean of each case on the active backend: values and shapes. */
function reduceAll(): { data: Float32Array; shape: number[] }[] {
  return CASES.flatMap((c, i) =>
    tf.tidy(() => {
      const x = random(10 + i, c.shape);
      return [tf.sum(x, c.axis, c.keepDims), tf.mean(x, c.axis, c.keepDims)].map((t) => ({ data: t.dataSync() as Float32Array, shape: t.shape }));
    }),
  );
}

describe('leading-axis Sum and Mean on wasm', () => {
  let stock: { data: Float32Array; shape: number[] }[] = [];
  beforeAll(async () => {
    await setupBackend('wasm');
    restoreStockKernels('wasm');
    stock = reduceAll();
    await setupBackend('wasm');
  });
  afterAll(async () => {
    await setupBackend('wasm');
  });

  it('splits only leading axes of a non-empty tensor', () => {
    expect(leadingSplit([4, 5, 6, 7], [0, 1, 2])).toEqual({ n: 120, c: 7 });
    expect(leadingSplit([4, 5, 6, 7], [2, 1, 0])).toEqual({ n: 120, c: 7 });
    expect(leadingSplit([4, 5, 6, 7], [1, 2])).toBeNull();
    expect(leadingSplit([4, 5], [0, 1])).toBeNull();
    expect(leadingSplit([0, 5], [0])).toBeNull();
  });

  it('match the stock wasm kernels in value and shape (incl. keepDims, batch 1, other axes)', () => {
    const mine = reduceAll();
    mine.forEach((m, i) => {
      const s = stock[i]!;
      expect(m.shape, `case ${i}`).toEqual(s.shape);
      let worst = 0;
      for (let j = 0; j < m.data.length; j++) worst = Math.max(worst, Math.abs(m.data[j]! - s.data[j]!) / (1 + Math.abs(s.data[j]!)));
      expect(worst, `case ${Math.floor(i / 2)} ${i % 2 ? 'mean' : 'sum'}`).toBeLessThan(1e-5);
    });
  });

  it('leave int32 sums to the stock kernel (exact integers, int32 result)', () => {
    const s = tf.sum(tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), 0);
    expect(s.dtype).toBe('int32');
    expect(Array.from(s.dataSync())).toEqual([9, 12]);
    s.dispose();
  });

  it('the Mean gradient is dy / N at every position of x', () => {
    const got = tf.tidy(() => {
      const x = random(3, [2, 3, 4, 5]);
      const r = random(4, [5]);
      return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.mean(a, [0, 1, 2]), r)))(x).arraySync() as number[][][][];
    });
    const r = tf.tidy(() => random(4, [5]).arraySync() as number[]);
    for (const plane of got.flat(2)) plane.forEach((v, c) => expect(v).toBeCloseTo(r[c]! / 24, 6));
  });

  it('leave no tensors behind (forward and gradient)', () => {
    const x = random(5, [3, 4, 4, 2]);
    const run = () => {
      tf.sum(x, [0, 1, 2]).dispose();
      tf.mean(x, [0, 1], true).dispose();
      tf.grad((a: tf.Tensor) => tf.sum(tf.mean(a, [0, 1, 2])))(x).dispose();
    };
    run();
    const before = tf.memory().numTensors;
    run();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
