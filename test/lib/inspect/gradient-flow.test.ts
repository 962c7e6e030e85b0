import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropy } from '../../../src/lib/inspect/index.ts';
import { blockInputShapes, gradientNorms } from '../../../src/lib/inspect/stats.ts';
import { conv3x3Ids, gradientFlow, gradientFlowOf } from '../../../src/lib/inspect/gradient-flow.ts';
import { presetConfig, type ModelConfig } from '../../../src/core/model/index.ts';
import { createModel, type InspectableModel } from '../../../src/lib/model/index.ts';
import { expectNoLeak, randomBatch, tinyConfig, useBackend } from '../model/helpers.ts';

/** 4x4 inputs, widths 2/3, one block per stage: small enough to difference every entry of a tensor in float32. */
const tiny = (patch: Partial<ModelConfig>): ModelConfig => tinyConfig({ widths: [2, 3], inputSize: 4, numClasses: 3, seed: 5, ...patch });
const LABELS = [0, 2, 1, 2];

/** The loss with BN on batch statistics, an optional perturbation added to one block's input. */
function lossWith(m: InspectableModel, x: tf.Tensor4D, at?: { block: string; delta: tf.Tensor4D }): number {
  return tf.tidy(() => {
    const inject = (id: string, t: tf.Tensor4D) => (at && id === at.block ? tf.add(t, at.delta) as tf.Tensor4D : t);
    const logits = m.applyWithTap(x, { training: false, bn: 'batch' }, () => undefined, inject);
    return crossEntropy(logits, tf.tensor1d(LABELS, 'int32')).dataSync()[0]!;
  });
}

/** ||central-difference gradient|| over every entry of a parameter (h in float32: see the tolerance note below). */
function fdParamNorm(m: InspectableModel, x: tf.Tensor4D, id: string, h: number): number {
  const v = m.params.get(id)!;
  const base = v.dataSync().slice() as Float32Array;
  let sq = 0;
  for (let k = 0; k < base.length; k++) {
    const at = (s: number) => {
      const w = base.slice();
      w[k] = base[k]! + s;
      tf.tidy(() => v.assign(tf.tensor(w, v.shape)));
      return lossWith(m, x);
    };
    const g = (at(h) - at(-h)) / (2 * h);
    sq += g * g;
  }
  tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
  return Math.sqrt(sq);
}

/** ||central-difference dL/dx|| over every entry of a block's input, perturbed through the forward pass's inject. */
function fdInputNorm(m: InspectableModel, x: tf.Tensor4D, block: string, shape: [number, number, number, number], h: number): number {
  const size = shape.reduce((a, b) => a * b, 1);
  let sq = 0;
  for (let k = 0; k < size; k++) {
    const at = (s: number) => {
      const e = new Float32Array(size);
      e[k] = s;
      const delta = tf.tensor4d(e, shape);
      try {
        return lossWith(m, x, { block, delta });
      } finally {
        delta.dispose();
      }
    };
    const g = (at(h) - at(-h)) / (2 * h);
    sq += g * g;
  }
  return Math.sqrt(sq);
}

describe('gradient norms against central finite differences (cpu backend, float32)', () => {
  beforeAll(() => useBackend('cpu'));

  // float32 resolves the loss (about 1.1) to about 1e-7; with h = 1e-2 the rounding error of one difference is about
  // 1e-5 and the truncation error O(h^2) about 1e-4 relative, so the norms agree to well under 1 %; 2 % leaves room for
  // a ReLU kink crossed by one perturbation.
  for (const skips of ['all', 'none'] as const) {
    it(`match for every weight of the stem and a block conv, and at every block input (${skips === 'all' ? 'residual' : 'plain'})`, async () => {
      const m = createModel(tiny({ skips }));
      const x = randomBatch(3, 4, 4);
      const { norms, inputs, loss } = await gradientNorms(m, x, LABELS);
      expect(loss).toBeCloseTo(lossWith(m, x), 5);
      for (const id of ['stem.conv.weight', 'stage2.block0.conv2.weight', 'fc.weight']) {
        const got = norms.find((n) => n.id === id)!.norm;
        expect(Math.abs(got - fdParamNorm(m, x, id, 1e-2)) / got).toBeLessThan(0.02);
      }
      const shapes = blockInputShapes(m, 4);
      expect(inputs.map((i) => i.id)).toEqual(['stage1.block0', 'stage2.block0']);
      inputs.forEach((inp, b) => {
        expect(Math.abs(inp.norm - fdInputNorm(m, x, inp.id, shapes[b]!, 1e-2)) / inp.norm).toBeLessThan(0.02);
      });
      x.dispose();
      m.dispose();
    });
  }
});

describe('the gradient-flow measurement (wasm backend)', () => {
  beforeAll(() => useBackend('wasm'));

  it('lists depth - 1 convolutions and 3n block inputs for any 6n+2 depth, and adding the zero probes leaves the loss as it was (56 layers, random init)', async () => {
    const config = presetConfig('resnet56', { seed: 2 });
    const m = createModel(config);
    const x = randomBatch(4, 2, 32);
    const f = await gradientFlow(m, x, [3, 7]);
    expect(f.convs).toHaveLength(55);
    expect(f.convs.map((c) => c.id)).toEqual(conv3x3Ids(m));
    expect(f.inputs).toHaveLength(27);
    const direct = tf.tidy(() => crossEntropy(m.apply(x, { training: false, bn: 'batch' }), tf.tensor1d([3, 7], 'int32')).dataSync()[0]!);
    expect(f.loss).toBeCloseTo(direct, 5);
    expect([...f.convs, ...f.inputs].every((g) => Number.isFinite(g.norm) && g.norm > 0)).toBe(true);
    m.dispose();
    x.dispose();
  });

  it('frees every tensor, its probes included', async () => {
    const m = createModel(tiny({}));
    const x = randomBatch(3, 4, 4);
    await expectNoLeak(() => gradientFlow(m, x, LABELS));
    await expectNoLeak(() => gradientFlowOf(tiny({ skips: 'none' }), null, x, LABELS));
    x.dispose();
    m.dispose();
  });
});
