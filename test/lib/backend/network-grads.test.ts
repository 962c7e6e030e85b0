import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../../src/lib/backend/index.ts';
import { Rng } from '../../../src/core/random.ts';

/** A tiny residual conv net's parameters: stem 3x3, a stride-2 block with a 1x1 projection, dense head. */
function params(seed: number): Map<string, { data: Float32Array; shape: number[] }> {
  const rng = Rng.fromSeed(seed);
  const shapes: Record<string, number[]> = {
    stem: [3, 3, 3, 4], c1: [3, 3, 4, 6], c2: [3, 3, 6, 6], proj: [1, 1, 4, 6],
    g1: [6], b1: [6], fc: [6, 3],
  };
  const out = new Map<string, { data: Float32Array; shape: number[] }>();
  for (const [k, shape] of Object.entries(shapes)) {
    const n = shape.reduce((a, b) => a * b, 1);
    out.set(k, { data: Float32Array.from({ length: n }, () => (k === 'g1' ? 1 : 0) + 0.3 * rng.normal()), shape });
  }
  return out;
}

/** Loss of the tiny net on x [2, 9, 9, 3] and one-hot labels [2, 3] (odd size: stride-2 'same' pads unevenly). */
function loss(p: Record<string, tf.Tensor>, x: tf.Tensor4D, labels: tf.Tensor2D): tf.Scalar {
  const stem = tf.relu(tf.conv2d(x, p['stem'] as tf.Tensor4D, 1, 'same'));
  let h = tf.conv2d(stem, p['c1'] as tf.Tensor4D, 2, 'same');
  const { mean, variance } = tf.moments(h, [0, 1, 2]);
  h = tf.relu(tf.batchNorm4d(h, mean as tf.Tensor1D, variance as tf.Tensor1D, p['b1'] as tf.Tensor1D, p['g1'] as tf.Tensor1D, 1e-5));
  h = tf.conv2d(h, p['c2'] as tf.Tensor4D, 1, 'same');
  const out: tf.Tensor4D = tf.relu(tf.add(h, tf.conv2d(stem, p['proj'] as tf.Tensor4D, 2, 'valid')));
  const logits = tf.matMul(tf.mean(out, [1, 2]), p['fc'] as tf.Tensor2D);
  return tf.mean(tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), -1)));
}

/** Every parameter's gradient on the active backend, by name. */
function allGrads(seed: number): Map<string, Float32Array> {
  const spec = params(seed);
  const rng = Rng.fromSeed(seed + 1);
  const names = [...spec.keys()];
  const values = tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 9 * 9 * 3 }, () => rng.normal()), [2, 9, 9, 3]);
    const labels = tf.cast(tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3), 'float32') as tf.Tensor2D;
    const tensors = names.map((k) => tf.tensor(spec.get(k)!.data, spec.get(k)!.shape));
    const g = tf.grads((...ts: tf.Tensor[]) => loss(Object.fromEntries(names.map((k, i) => [k, ts[i]!])), x, labels))(tensors);
    return g.map((t) => t.dataSync() as Float32Array);
  });
  return new Map(names.map((k, i) => [k, values[i]!]));
}

describe('a small conv net trains the same on wasm (composed kernels) as on cpu (stock kernels)', () => {
  let reference: Map<string, Float32Array>;
  beforeAll(async () => {
    await setupBackend('cpu', { customKernels: false });
    reference = allGrads(7);
  });

  it('every parameter gradient matches', async () => {
    expect(await setupBackend('wasm')).toBe('wasm');
    const got = allGrads(7);
    for (const [k, ref] of reference) {
      const g = got.get(k)!;
      let worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(g[i]! - ref[i]!) / (1e-3 + Math.abs(ref[i]!)));
      expect(worst, k).toBeLessThan(2e-3);
    }
  });

  it('leaves no tensors behind', async () => {
    await setupBackend('wasm');
    allGrads(8);
    const before = tf.memory().numTensors;
    allGrads(8);
    expect(tf.memory().numTensors).toBe(before);
  });
});
