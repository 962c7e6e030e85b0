/**
 * The optimizer's flat-vector kernels on wasm with the project's module (ResNetLabFlatten, ResNetLabSubtractSlices):
 * FlatOptimizer's updates give the same bits as with the module switched off (reshape + concat, split + subtract),
 * with one kernel each instead of one per parameter; bad inputs get a clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setNativeKernels, setupBackend } from '../../../src/lib/backend/index.ts';
import { FLATTEN, numbered, SUBTRACT_SLICES } from '../../../src/lib/kernels.ts';
import { FlatOptimizer, type OptimizerSettings } from '../../../src/lib/train/optimizers.ts';
import { Rng } from '../../../src/core/random.ts';

const SHAPES = [[3, 3, 4, 8], [8], [1], [5, 7], [2, 1, 3, 4]];

/** Three updates of parameters of SHAPES with seeded gradients; the parameters' bytes after each, and the kernels run. */
async function updates(settings: OptimizerSettings): Promise<{ params: Float32Array[]; kernels: string[] }> {
  const rng = Rng.fromSeed(5);
  const normal = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
  const vars = tf.tidy(() => SHAPES.map((s, i) => tf.variable(tf.tensor(normal(tf.util.sizeFromShape(s)), s), true, `flat-test-${i}-${Math.random()}`)));
  const opt = new FlatOptimizer(settings, new Map(vars.map((v, i) => [`p${i}`, v])));
  const params: Float32Array[] = [];
  let kernels: string[] = [];
  try {
    for (let step = 0; step < 3; step++) {
      const grads = new Map(SHAPES.map((s, i) => [`p${i}`, tf.tensor(normal(tf.util.sizeFromShape(s)), s)]));
      const profile = await tf.profile(() => tf.tidy(() => opt.update(grads, 0.01)));
      kernels = profile.kernelNames;
      tf.dispose([...grads.values()]);
      for (const v of vars) params.push(v.dataSync() as Float32Array);
    }
    return { params, kernels };
  } finally {
    opt.dispose();
    tf.dispose(vars);
  }
}

const SETTINGS: OptimizerSettings[] = [
  { kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 },
  { kind: 'sgd', momentum: 0.9, weightDecay: 1e-4 },
  { kind: 'sgd', momentum: 0, weightDecay: 0 },
];

describe('the optimizer in one kernel per flat step on wasm', () => {
  beforeAll(async () => {
    await setupBackend('wasm');
  });
  afterAll(() => setNativeKernels(true));

  it.each(SETTINGS.map((s) => [JSON.stringify(s), s] as const))('%s: the same bits as the composed ops, one kernel each', async (_name, s) => {
    setNativeKernels(true);
    const native = await updates(s);
    setNativeKernels(false);
    const composed = await updates(s);
    setNativeKernels(true);
    expect(native.kernels).toContain(FLATTEN);
    expect(native.kernels).toContain(SUBTRACT_SLICES);
    expect(native.kernels).not.toContain(tf.SplitV);
    expect(composed.kernels).not.toContain(SUBTRACT_SLICES);
    expect(composed.kernels).toContain(tf.SplitV);
    expect(native.params.length).toBe(composed.params.length);
    native.params.forEach((p, i) => expect(p, `parameter ${i % SHAPES.length}, step ${Math.floor(i / SHAPES.length)}`).toEqual(composed.params[i]));
  });

  it('reject inputs that do not fit, saying why', () => {
    tf.tidy(() => {
      const [a, b] = [tf.ones([2, 3]), tf.ones([4])];
      expect(() => tf.engine().runKernel(SUBTRACT_SLICES, { delta: tf.ones([9]), ...numbered([a, b]) })).toThrow(/delta must be a float32 vector of 10 values/);
      expect(() => tf.engine().runKernel(FLATTEN, numbered([a, tf.ones([2], 'int32')]))).toThrow(/float32/);
      expect(() => tf.engine().runKernel(FLATTEN, {})).toThrow(/no inputs/);
    });
  });

  it('leave no tensors behind', async () => {
    await updates(SETTINGS[0]!);
    const before = tf.memory().numTensors;
    await updates(SETTINGS[0]!);
    expect(tf.memory().numTensors).toBe(before);
  });
});
