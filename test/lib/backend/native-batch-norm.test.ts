/**
 * Batch norm in training mode through the project's WASM module (batchNormTrainFused: kernels ResNetLabBatchNormTrain
 * and its gradient) against tf.moments + tf.batchNorm on the CPU backend: outputs, gradients (also through the mean
 * and variance outputs), a large-mean input, and the model's use of the kernel with its running statistics.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { nativeKernelsInUse, setNativeKernels, setupBackend } from '../../../src/lib/backend/index.ts';
import { BN_RELU_TRAIN, BN_RUNNING, BN_TRAIN, BN_TRAIN_GRAD, RELU_GRAD } from '../../../src/lib/kernels.ts';
import { FlatOptimizer } from '../../../src/lib/train/optimizers.ts';
import { trainStep } from '../../../src/lib/train/step.ts';
import { batchNormTrainFused } from '../../../src/lib/model/layers.ts';
import { createModel } from '../../../src/lib/model/index.ts';
import { Rng } from '../../../src/core/random.ts';
import { randomBatch, tinyConfig } from '../model/helpers.ts';

const EPS = 1e-5;

interface Inputs {
  shape: number[];
  x: Float32Array;
  gamma: Float32Array;
  beta: Float32Array;
  r: Float32Array;
  a: Float32Array;
  b: Float32Array;
}

function inputs(shape: number[], seed: number, offset = 0.5, spread = 1): Inputs {
  const rng = Rng.fromSeed(seed);
  const c = shape[shape.length - 1]!;
  const n = shape.reduce((p, q) => p * q, 1);
  const normal = (k: number, mean = 0, sd = 1) => Float32Array.from({ length: k }, () => mean + sd * rng.normal());
  return { shape, x: normal(n, offset, spread), gamma: normal(c, 1, 0.5), beta: normal(c), r: normal(n), a: normal(c), b: normal(c) };
}

type Stats = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => [tf.Tensor, tf.Tensor, tf.Tensor];
const fused: Stats = (x, gamma, beta) => {
  const out = batchNormTrainFused(x, gamma, beta, EPS);
  if (out == null) throw new Error('batchNormTrainFused is not available on this backend');
  return out;
};
const reference: Stats = (x, gamma, beta) => {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return [tf.batchNorm4d(x as tf.Tensor4D, mean as tf.Tensor1D, variance as tf.Tensor1D, beta as tf.Tensor1D, gamma as tf.Tensor1D, EPS), mean, variance];
};

/** The losses whose gradients are compared: through y only, through y, mean and variance, through mean and variance only. */
const LOSSES = ['y', 'y+mean+var', 'mean+var'] as const;

/** [y, mean, variance] and, per loss, [dx, dgamma, dbeta], on the active backend. */
function evaluate(bn: Stats, d: Inputs): { out: Float32Array[]; grads: Float32Array[][] } {
  return tf.tidy(() => {
    const [x, gamma, beta] = [tf.tensor(d.x, d.shape), tf.tensor1d(d.gamma), tf.tensor1d(d.beta)];
    const [r, a, b] = [tf.tensor(d.r, d.shape), tf.tensor1d(d.a), tf.tensor1d(d.b)];
    const out = bn(x, gamma, beta).map((t) => t.dataSync() as Float32Array);
    const grads = LOSSES.map((loss) => {
      const f = (...args: tf.Tensor[]) => {
        const [y, mean, variance] = bn(args[0]!, args[1] ?? gamma, args[2] ?? beta);
        const terms: tf.Tensor[] = [];
        if (loss.startsWith('y')) terms.push(tf.sum(tf.mul(y, r)));
        if (loss.endsWith('var')) terms.push(tf.sum(tf.mul(mean, a)), tf.sum(tf.mul(variance, b)));
        return tf.addN(terms) as tf.Scalar;
      };
      // mean and variance do not depend on gamma and beta: that loss has a gradient with respect to x only.
      const wrt = loss === 'mean+var' ? [x] : [x, gamma, beta];
      return tf.grads(f)(wrt).map((g) => g.dataSync() as Float32Array);
    });
    return { out, grads };
  });
}

function worst(actual: Float32Array, expected: ArrayLike<number>): { err: number; at: number } {
  expect(actual.length).toBe(expected.length);
  let err = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.abs(actual[i]! - expected[i]!) / (1 + Math.abs(expected[i]!));
    if (!(e <= err)) [err, at] = [e, i]; // NaN counts as worst
  }
  return { err, at };
}

function expectClose(actual: Float32Array, expected: ArrayLike<number>, tol: number, what: string): void {
  const { err, at } = worst(actual, expected);
  expect(err, `${what}: element ${at} is ${actual[at]}, expected ${expected[at]}`).toBeLessThan(tol);
}

async function onCpu<T>(fn: () => T): Promise<T> {
  await setupBackend('cpu');
  try {
    return fn();
  } finally {
    await setupBackend('wasm');
  }
}

const SHAPES: number[][] = [[2, 5, 3, 1], [3, 4, 4, 3], [1, 2, 3, 4], [4, 8, 8, 16], [2, 7, 5, 18], [1, 1, 5, 18]];

describe('native batch norm (training mode) on wasm', () => {
  beforeAll(async () => {
    expect(await setupBackend('wasm')).toBe('wasm');
    expect(nativeKernelsInUse()).toMatch(/^(relaxed|simd)(-shared)?, \d+ thread\(s\)$/);
  });

  it('is not offered on the CPU backend (the model falls back to tf.moments there)', async () => {
    const offered = await onCpu(() => tf.tidy(() => batchNormTrainFused(tf.ones([2, 2, 2, 3]), tf.ones([3]), tf.zeros([3]), EPS) != null));
    expect(offered).toBe(false);
  });

  it.each(SHAPES.map((s, i) => [s.join('x'), i] as const))('x %s: y, mean, variance and the gradients equal tf.moments + tf.batchNorm on CPU', async (_n, i) => {
    const d = inputs(SHAPES[i]!, 40 + i);
    const got = evaluate(fused, d);
    const want = await onCpu(() => evaluate(reference, d));
    ['y', 'mean', 'variance'].forEach((name, k) => expectClose(got.out[k]!, want.out[k]!, 1e-5, name));
    LOSSES.forEach((loss, l) => {
      expect(got.grads[l]!.length).toBe(want.grads[l]!.length);
      want.grads[l]!.forEach((g, k) => expectClose(got.grads[l]![k]!, g, 1e-5, `${['dx', 'dgamma', 'dbeta'][k]} of loss ${loss}`));
    });
  });

  it('keeps its accuracy on a large mean (x = 100 + 0.1 noise), judged against float64', async () => {
    const d = inputs([4, 8, 8, 5], 77, 100, 0.1);
    const c = d.gamma.length;
    const n = d.x.length / c;
    const ch = (i: number) => i % c;
    // Statistics, y and the gradients of the float32 inputs in float64 (the formulas of batch-norm.ts's header).
    const perChannel = (f: (i: number) => number) => {
      const out = new Float64Array(c);
      for (let i = 0; i < d.x.length; i++) out[ch(i)]! += f(i);
      return out;
    };
    const mean = perChannel((i) => d.x[i]! / n);
    const variance = perChannel((i) => (d.x[i]! - mean[ch(i)]!) ** 2 / n);
    const s = Float64Array.from(variance, (v) => 1 / Math.sqrt(v + EPS));
    const xhat = Float64Array.from(d.x, (v, i) => (v - mean[ch(i)]!) * s[ch(i)]!);
    const y = Float64Array.from(xhat, (v, i) => v * d.gamma[ch(i)]! + d.beta[ch(i)]!);
    const dbeta = perChannel((i) => d.r[i]!);
    const dgamma = perChannel((i) => d.r[i]! * xhat[i]!);
    const dxY = Float64Array.from(d.r, (r, i) => d.gamma[ch(i)]! * s[ch(i)]! * (r - (dbeta[ch(i)]! + xhat[i]! * dgamma[ch(i)]!) / n));
    const dxStats = Float64Array.from(d.x, (v, i) => (d.a[ch(i)]! + 2 * d.b[ch(i)]! * (v - mean[ch(i)]!)) / n);
    const expected = [[dxY, dgamma, dbeta], [dxY.map((v, i) => v + dxStats[i]!), dgamma, dbeta], [dxStats]];

    const got = evaluate(fused, d);
    const cpu = await onCpu(() => evaluate(reference, d));
    expectClose(got.out[1]!, mean, 1e-7, 'mean');
    // The variance is ~0.01 under a mean of 100: E[x^2] - E[x]^2 in float32 would be off by far more than 1e-4.
    const relVar = Math.max(...Array.from(got.out[2]!, (v, k) => Math.abs(v - variance[k]!) / variance[k]!));
    expect(relVar, 'variance, relative error').toBeLessThan(1e-4);
    // y and the gradients carry the float32 rounding of the mean, divided by the 0.1 deviation: up to ~5e-5 relative
    // on the CPU reference too. Bound: 1e-4, or twice the CPU's own error if that is larger.
    const bound = (cpuValue: Float32Array, exact: ArrayLike<number>) => Math.max(1e-4, 2 * worst(cpuValue, exact).err);
    expectClose(got.out[0]!, y, bound(cpu.out[0]!, y), 'y');
    LOSSES.forEach((loss, l) => {
      expected[l]!.forEach((exact, k) => {
        const what = `${['dx', 'dgamma', 'dbeta'][k]} of loss ${loss}`;
        expectClose(got.grads[l]![k]!, exact, bound(cpu.grads[l]![k]!, exact), what);
      });
    });
  });

  it('runs in the model: a training forward uses ResNetLabBatchNormTrain and moves the running statistics as on CPU', async () => {
    const stats = async (backend: 'wasm' | 'cpu') => {
      await setupBackend(backend);
      const m = createModel(tinyConfig());
      const x = randomBatch(5, 3, 8);
      const profile = await tf.profile(() => tf.tidy(() => void m.apply(x, { training: true })));
      const buffers = new Map([...m.buffers].map(([id, v]) => [id, v.dataSync().slice() as Float32Array]));
      x.dispose();
      m.dispose();
      return { kernels: profile.kernelNames, buffers };
    };
    const cpu = await stats('cpu');
    const wasm = await stats('wasm');
    expect(wasm.kernels).toContain(BN_RELU_TRAIN);
    expect(wasm.kernels).toContain(BN_RUNNING);
    expect(wasm.kernels).not.toContain(tf.FusedBatchNorm);
    expect(cpu.kernels).not.toContain(BN_RELU_TRAIN);
    expect([...wasm.buffers.keys()].sort()).toEqual([...cpu.buffers.keys()].sort());
    expect(cpu.buffers.size).toBeGreaterThan(4);
    for (const [id, want] of cpu.buffers) {
      const got = wasm.buffers.get(id)!;
      // Moved: momentum 0.1 from the initial 0 (mean) and 1 (variance).
      const init = id.endsWith('running_mean') ? 0 : 1;
      expect(want.some((v) => Math.abs(v - init) > 1e-3), `${id} moved on CPU`).toBe(true);
      expectClose(got, want, 1e-5, id);
    }
  });

  it("a training step asks for the kernels by name: wasm with the module runs them, switched off the model composes tfjs ops", async () => {
    await setupBackend('wasm');
    const m = createModel(tinyConfig());
    const opt = new FlatOptimizer({ kind: 'sgd', momentum: 0.9, weightDecay: 1e-4 }, m.params);
    const x = randomBatch(6, 4, 8);
    const labels = tf.tensor1d([0, 1, 2, 3], 'int32');
    const kernels = async () => {
      const profile = await tf.profile(() => {
        const r = trainStep(m, opt, x, labels, 0.01);
        r.loss.dispose();
        r.wrong.dispose();
      });
      return profile.kernelNames;
    };
    try {
      const native = await kernels();
      // BN_TRAIN in the projection shortcut, BN_RELU_TRAIN at the stem and every block's two ReLUs.
      for (const k of [BN_TRAIN, BN_RELU_TRAIN, BN_TRAIN_GRAD, BN_RUNNING, RELU_GRAD]) expect(native).toContain(k);
      expect(native).not.toContain(tf.Relu);
      setNativeKernels(false);
      expect(tf.getKernel(BN_TRAIN, 'wasm')).toBeUndefined();
      const composed = await kernels();
      for (const k of [BN_TRAIN, BN_RELU_TRAIN, BN_TRAIN_GRAD, BN_RUNNING, RELU_GRAD]) expect(composed).not.toContain(k);
      expect(composed).toContain(tf.FusedBatchNorm);
    } finally {
      setNativeKernels(true);
      x.dispose();
      labels.dispose();
      opt.dispose();
      m.dispose();
    }
    expect(tf.getKernel(BN_TRAIN, 'wasm')).toBeDefined();
  });

  it('leaves no tensors behind (forward and gradients)', () => {
    const d = inputs([2, 3, 3, 6], 3);
    evaluate(fused, d);
    const before = tf.memory().numTensors;
    evaluate(fused, d);
    expect(tf.memory().numTensors).toBe(before);
  });
});
