import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../../src/lib/backend/index.ts';
import { Rng } from '../../../src/core/random.ts';

function random(rng: Rng, shape: number[], offset = 0): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => offset + rng.normal()), shape);
}

/** Training-mode BN of x [B, H, W, C]: through tf.batchNorm (FusedBatchNorm) or spelled out in elementary ops. */
function bn(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, fused: boolean): tf.Tensor {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  if (fused) return tf.batchNorm(x, mean, variance, beta, gamma, 1e-5);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), gamma), beta);
}

/** Gradients of sum(BN(x) * r) with respect to x, gamma and beta. */
function gradients(fused: boolean, seed: number): Float32Array[] {
  const rng = Rng.fromSeed(seed);
  return tf.tidy(() => {
    const x = random(rng, [3, 4, 5, 6], 0.5);
    const gamma = random(rng, [6], 1);
    const beta = random(rng, [6]);
    const r = random(rng, [3, 4, 5, 6]);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(bn(a, b, c, fused), r)))([x, gamma, beta]);
    return g.map((t) => t.dataSync() as Float32Array);
  });
}

describe('FusedBatchNorm gradient without Tile', () => {
  beforeAll(async () => {
    await setupBackend('wasm');
  });

  it('equals the gradient of batch norm written out in elementary ops (x, gamma, beta)', () => {
    for (const seed of [1, 2]) {
      const fused = gradients(true, seed);
      const plain = gradients(false, seed);
      fused.forEach((f, i) => {
        const p = plain[i]!;
        let worst = 0;
        for (let j = 0; j < f.length; j++) worst = Math.max(worst, Math.abs(f[j]! - p[j]!) / (1 + Math.abs(p[j]!)));
        expect(worst, `input ${i}, seed ${seed}`).toBeLessThan(1e-4);
      });
    }
  });

  it('leaves no tensors behind', () => {
    gradients(true, 3);
    const before = tf.memory().numTensors;
    gradients(true, 3);
    expect(tf.memory().numTensors).toBe(before);
  });
});
