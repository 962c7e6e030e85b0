/**
 * A block's end as one kernel (layers.batchNormRelu: ResNetLabBatchNormReluTrain on wasm with the project's module,
 * ReLU's gradient inside batch norm's) against the composed tfjs ops on the CPU backend: ReLU(BN(x)) and
 * ReLU(BN(x) + residual), their gradients with respect to x, gamma, beta and the residual, and the running statistics
 * moved by ResNetLabBatchNormRunning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../../src/lib/backend/index.ts';
import { BN_RELU_TRAIN, BN_RUNNING } from '../../../src/lib/kernels.ts';
import { batchNormRelu, type BnVariables } from '../../../src/lib/model/layers.ts';
import { Rng } from '../../../src/core/random.ts';

interface Case {
  shape: [number, number, number, number];
  residual: boolean;
}

const CASES: Case[] = [
  { shape: [2, 5, 3, 4], residual: false },
  { shape: [2, 5, 3, 4], residual: true },
  // 18 channels: four 4-channel vectors and a scalar tail of 2.
  { shape: [3, 4, 4, 18], residual: true },
  { shape: [1, 3, 5, 7], residual: false },
];

interface Result {
  y: Float32Array;
  grads: Float32Array[];
  running: Float32Array[];
  kernels: string[];
}

async function run(c: Case, seed: number): Promise<Result> {
  const rng = Rng.fromSeed(seed);
  const n = c.shape.reduce((a, b) => a * b, 1);
  const ch = c.shape[3];
  const normal = (k: number, mean = 0) => Float32Array.from({ length: k }, () => mean + rng.normal());
  const [xs, rs, gs, bs, ws] = [normal(n, 0.3), normal(n), normal(ch, 1), normal(ch), normal(n)];
  // Variables outlive tidy; the tensors they start from do not.
  const v: BnVariables = tf.tidy(() => ({
    gamma: tf.variable(tf.tensor1d(gs)), beta: tf.variable(tf.tensor1d(bs)),
    runningMean: tf.variable(tf.zeros([ch])), runningVar: tf.variable(tf.ones([ch])),
  }));
  try {
    let y: Float32Array = new Float32Array();
    let grads: Float32Array[] = [];
    const profile = await tf.profile(() => tf.tidy(() => {
      const [x, r, w] = [tf.tensor4d(xs, c.shape), tf.tensor4d(rs, c.shape), tf.tensor4d(ws, c.shape)];
      y = batchNormRelu(x, v, 'train', c.residual ? r : null).dataSync() as Float32Array;
      const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor, res?: tf.Tensor) => {
        const vars = { ...v, gamma: g, beta: b } as unknown as BnVariables;
        return tf.sum(tf.mul(batchNormRelu(a as tf.Tensor4D, vars, 'batch', (res as tf.Tensor4D | undefined) ?? null), w)) as tf.Scalar;
      };
      grads = tf.grads(f)(c.residual ? [x, v.gamma, v.beta, r] : [x, v.gamma, v.beta]).map((g) => g.dataSync() as Float32Array);
    }));
    return { y, grads, running: [v.runningMean.dataSync() as Float32Array, v.runningVar.dataSync() as Float32Array], kernels: profile.kernelNames };
  } finally {
    tf.dispose([v.gamma, v.beta, v.runningMean, v.runningVar]);
  }
}

function expectClose(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let err = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.abs(actual[i]! - expected[i]!) / (1 + Math.abs(expected[i]!));
    if (!(e <= err)) [err, at] = [e, i];
  }
  expect(err, `${what}: element ${at} is ${actual[at]}, CPU ${expected[at]}`).toBeLessThan(1e-5);
}

describe('batch norm + residual + ReLU as one kernel on wasm', () => {
  const cpu: Result[] = [];
  beforeAll(async () => {
    await setupBackend('cpu');
    for (const [i, c] of CASES.entries()) cpu.push(await run(c, 40 + i));
    await setupBackend('wasm');
  });
  afterAll(async () => {
    await setupBackend('cpu');
  });

  it.each(CASES.map((c, i) => [`${c.shape.join('x')}${c.residual ? ' + residual' : ''}`, i] as const))('%s: output, gradients and running statistics equal the CPU ops', async (_name, i) => {
    const got = await run(CASES[i]!, 40 + i);
    const want = cpu[i]!;
    expect(got.kernels).toContain(BN_RELU_TRAIN);
    expect(got.kernels).toContain(BN_RUNNING);
    expect(got.kernels).not.toContain(tf.Relu);
    expect(want.kernels).not.toContain(BN_RELU_TRAIN);
    expect(want.y.some((v) => v === 0) && want.y.some((v) => v > 0), 'ReLU clips some values, not all').toBe(true);
    expectClose(got.y, want.y, 'y');
    expect(got.grads.length).toBe(CASES[i]!.residual ? 4 : 3);
    ['dx', 'dgamma', 'dbeta', 'dresidual'].slice(0, got.grads.length).forEach((what, k) => expectClose(got.grads[k]!, want.grads[k]!, what));
    expectClose(got.running[0]!, want.running[0]!, 'running mean');
    expectClose(got.running[1]!, want.running[1]!, 'running variance');
  });

  it('rejects a residual of another shape', () => {
    tf.tidy(() => {
      const x = tf.ones([1, 2, 2, 4]);
      const inputs = { x, scale: tf.ones([4]), offset: tf.zeros([4]), residual: tf.ones([1, 2, 2, 2]) };
      expect(() => tf.engine().runKernel(BN_RELU_TRAIN, inputs, { varianceEpsilon: 1e-5, residual: true })).toThrow(/residual.*x's shape/);
    });
  });

  it.each([0, 1])('leaves no tensors behind (case %i)', async (k) => {
    await run(CASES[k]!, 1);
    const before = tf.memory().numTensors;
    await run(CASES[k]!, 1);
    expect(tf.memory().numTensors).toBe(before);
  });
});
