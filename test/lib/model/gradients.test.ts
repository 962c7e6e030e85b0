import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropy } from '../../../src/lib/inspect/index.ts';
import { type ModelConfig } from '../../../src/core/model/index.ts';
import { createModel, type InspectableModel } from '../../../src/lib/model/index.ts';
import { Rng } from '../../../src/core/random.ts';
import { NODE_BACKENDS, randomBatch, tinyConfig, useBackend } from './helpers.ts';

/** A tiny net: 4x4 inputs, widths 2/3, one block per stage, so finite differences in float32 stay accurate. */
const tiny = (patch: Partial<ModelConfig>): ModelConfig => tinyConfig({ widths: [2, 3], inputSize: 4, numClasses: 3, seed: 11, ...patch });

const LABELS = [0, 2, 1, 2];

/** Loss with BN on batch statistics (as in training) but without touching running statistics. */
function loss(m: InspectableModel, x: tf.Tensor4D): number {
  return tf.tidy(() => crossEntropy(m.apply(x, { training: false, bn: 'batch' }), tf.tensor1d(LABELS, 'int32')).dataSync()[0]!);
}

function analyticGrads(m: InspectableModel, x: tf.Tensor4D): Map<string, Float32Array> {
  const ids = [...m.params.keys()];
  const out = new Map<string, Float32Array>();
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => crossEntropy(m.apply(x, { training: false, bn: 'batch' }), tf.tensor1d(LABELS, 'int32')), ids.map((id) => m.params.get(id)!));
    for (const id of ids) out.set(id, grads[m.params.get(id)!.name]!.dataSync() as Float32Array);
  });
  return out;
}

/** Central difference of the loss along a unit direction d in one parameter tensor. */
function directional(m: InspectableModel, x: tf.Tensor4D, id: string, d: Float32Array, eps: number): number {
  const v = m.params.get(id)!;
  const base = v.dataSync().slice() as Float32Array;
  const at = (s: number): number => {
    tf.tidy(() => v.assign(tf.tensor(base.map((b, i) => b + s * d[i]!), v.shape)));
    return loss(m, x);
  };
  const result = (at(eps) - at(-eps)) / (2 * eps);
  tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
  return result;
}

function unitDirection(rng: Rng, n: number): Float32Array {
  const d = Float32Array.from({ length: n }, () => rng.normal());
  const norm = Math.hypot(...d);
  return d.map((v) => v / norm);
}

describe.each(NODE_BACKENDS)('gradients on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(['projection', 'zeropad', 'plain'] as const)('match finite differences for every parameter tensor (%s)', (kind) => {
    const m = createModel(tiny(kind === 'plain' ? { skips: 'none' } : { shortcut: kind }));
    const x = randomBatch(3, LABELS.length, 4);
    const grads = analyticGrads(m, x);
    const rng = Rng.fromSeed(5);
    for (const [id, g] of grads) {
      const d = unitDirection(rng, g.length);
      const analytic = g.reduce((s, gi, i) => s + gi * d[i]!, 0);
      const numeric = directional(m, x, id, d, 1e-3);
      expect(Math.abs(numeric - analytic), `${id}: numeric ${numeric}, analytic ${analytic}`).toBeLessThan(5e-4 + 1e-2 * Math.abs(analytic));
    }
    expect(grads.size).toBe(m.params.size);
    x.dispose();
    m.dispose();
  });
});

describe('gradients agree across backends', () => {
  it('wasm (with the project kernels) gives the CPU backend gradients', async () => {
    const per: Array<Map<string, Float32Array>> = [];
    for (const backend of NODE_BACKENDS) {
      await useBackend(backend);
      const m = createModel(tinyConfig());
      const x = randomBatch(9, 4, 8);
      per.push(analyticGrads(m, x));
      x.dispose();
      m.dispose();
    }
    const [cpu, wasm] = per as [Map<string, Float32Array>, Map<string, Float32Array>];
    for (const [id, g] of cpu) {
      const w = wasm.get(id)!;
      const scale = Math.max(1e-3, ...g.map(Math.abs));
      g.forEach((v, i) => expect(Math.abs(v - w[i]!) / scale, id).toBeLessThan(1e-4));
    }
  });
});

describe('training mode inside a gradient computation', () => {
  it('gives the gradients of batch-statistics BN and moves the running statistics', async () => {
    await useBackend('cpu');
    const m = createModel(tinyConfig());
    const x = randomBatch(10, 4, 8);
    const y = tf.tensor1d(LABELS, 'int32');
    const expected = analyticGrads(m, x);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const vars = [...m.params.values()];
      const { grads } = tf.variableGrads(() => crossEntropy(m.apply(x, { training: true }), y), vars);
      for (const [id, v] of m.params) {
        const g = grads[v.name]!.dataSync();
        expected.get(id)!.forEach((e, i) => expect(Math.abs(e - g[i]!), id).toBeLessThan(1e-6 + 1e-5 * Math.abs(e)));
      }
    });
    expect(tf.memory().numTensors).toBe(before);
    const rm = await m.variable('stage2.block0.bn1.running_mean').data();
    expect(rm.some((v) => v !== 0)).toBe(true);
    [x, y, m].forEach((t) => t.dispose());
  });
});
