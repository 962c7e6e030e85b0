import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupBackend } from '../../../src/lib/backend/index.ts';
import { FlatOptimizer, type OptimizerSettings } from '../../../src/lib/train/optimizers.ts';

beforeAll(async () => {
  await setupBackend('cpu');
});

/** One parameter w = [1, -2] (and b = [3]), stepped twice with the constant gradient [0.5, -1] (and [0.25]). */
async function twoSteps(settings: OptimizerSettings, lr: number): Promise<{ w1: number[]; w2: number[]; b2: number[] }> {
  const w = tf.variable(tf.tensor1d([1, -2]), true, 'opt-test-w');
  const b = tf.variable(tf.tensor1d([3]), true, 'opt-test-b');
  const opt = new FlatOptimizer(settings, new Map([['w', w], ['b', b]]));
  const grads = new Map([['w', tf.tensor1d([0.5, -1])], ['b', tf.tensor1d([0.25])]]);
  try {
    tf.tidy(() => opt.update(grads, lr));
    const w1 = Array.from(await w.data());
    tf.tidy(() => opt.update(grads, lr));
    return { w1, w2: Array.from(await w.data()), b2: Array.from(await b.data()) };
  } finally {
    opt.dispose();
    for (const t of [w, b, ...grads.values()]) t.dispose();
  }
}

describe('FlatOptimizer', () => {
  it('Adam matches torch.optim.Adam by hand: L2 weight decay in the gradient, bias correction, eps after the sqrt', async () => {
    const { w1, w2 } = await twoSteps({ kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 }, 0.01);
    // Step 1: g = [0.6, -1.2]; m_hat = g, sqrt(v_hat) = |g|, so each weight moves by lr against its gradient's sign.
    expect(w1[0]).toBeCloseTo(0.99, 6);
    expect(w1[1]).toBeCloseTo(-1.99, 6);
    // Step 2 by the scalar formulas, for w[0]: g = 0.5 + 0.1 * 0.99.
    const g1 = 0.6, g2 = 0.5 + 0.1 * 0.99;
    const m = 0.9 * 0.1 * g1 + 0.1 * g2;
    const v = 0.999 * 0.001 * g1 * g1 + 0.001 * g2 * g2;
    const expected = 0.99 - (0.01 / (1 - 0.9 ** 2)) * m / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** 2) + 1e-8);
    expect(w2[0]).toBeCloseTo(expected, 6);
  });

  it('SGD with momentum matches torch.optim.SGD by hand: buf = 0.9 buf + (g + wd p); p -= lr buf', async () => {
    const { w1, w2, b2 } = await twoSteps({ kind: 'sgd', momentum: 0.9, weightDecay: 0.1 }, 0.1);
    expect(w1[0]).toBeCloseTo(0.94, 6);
    expect(w1[1]).toBeCloseTo(-1.88, 6);
    expect(w2[0]).toBeCloseTo(0.8266, 6);
    expect(w2[1]).toBeCloseTo(-1.6532, 6);
    // b: g' = 0.25 + 0.3 = 0.55 -> 2.945; then g' = 0.25 + 0.2945, buf = 0.495 + 0.5445 = 1.0395 -> 2.84105.
    expect(b2[0]).toBeCloseTo(2.84105, 6);
  });

  it('state() and setState() round-trip: a restored optimizer takes the same next step', async () => {
    const settings: OptimizerSettings = { kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };
    const w = tf.variable(tf.tensor1d([1, 2, 3]), true, 'opt-rt-w');
    const w2 = tf.variable(tf.tensor1d([1, 2, 3]), true, 'opt-rt-w2');
    const g = tf.tensor1d([0.1, -0.2, 0.3]);
    const a = new FlatOptimizer(settings, new Map([['w', w]]));
    const b = new FlatOptimizer(settings, new Map([['w', w2]]));
    try {
      tf.tidy(() => a.update(new Map([['w', g]]), 0.1));
      const state = await a.state();
      expect(state.step).toBe(1);
      expect(state.slots.map((s) => s.name)).toEqual(['w.exp_avg', 'w.exp_avg_sq']);
      w2.assign(w);
      b.setState(state);
      tf.tidy(() => a.update(new Map([['w', g]]), 0.1));
      tf.tidy(() => b.update(new Map([['w', g]]), 0.1));
      expect(Array.from(await w2.data())).toEqual(Array.from(await w.data()));
    } finally {
      for (const t of [a, b, w, w2, g]) t.dispose();
    }
  });

  it('rejects state that belongs to another model, naming the stray slot', () => {
    const w = tf.variable(tf.tensor1d([1]), true, 'opt-bad-w');
    const opt = new FlatOptimizer({ kind: 'sgd', momentum: 0.9, weightDecay: 0 }, new Map([['w', w]]));
    try {
      expect(() => opt.setState({ step: 3, slots: [{ name: 'other.momentum_buffer', shape: [1], data: new Float32Array(1) }] })).toThrow(/other\.momentum_buffer/);
    } finally {
      opt.dispose();
      w.dispose();
    }
  });

  it('leaks no tensors across updates', () => {
    const w = tf.variable(tf.tensor2d([[1, 2], [3, 4]]), true, 'opt-leak-w');
    const g = tf.ones([2, 2]);
    const opt = new FlatOptimizer({ kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 }, new Map([['w', w]]));
    opt.update(new Map([['w', g]]), 0.1); // first update allocates the slots
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) opt.update(new Map([['w', g]]), 0.1);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before - 2);
    w.dispose();
    g.dispose();
  });
});
