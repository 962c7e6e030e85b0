import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPartNode } from '../../../scripts/lib/load-node.ts';
import { normalizeBatch } from '../../../src/lib/data/normalize.ts';
import { crossEntropy, gradientNorms, layerResponseStds, responseIds } from '../../../src/lib/inspect/index.ts';
import { presetConfig } from '../../../src/core/model/index.ts';
import { createModel } from '../../../src/lib/model/index.ts';
import { importTorchSafetensors } from '../../../src/lib/weights/index.ts';
import { DATA_DIR, NODE_BACKENDS, expectNoLeak, hasData, randomBatch, tinyConfig, useBackend } from '../model/helpers.ts';

describe.each(NODE_BACKENDS)('layer statistics on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('lists the std of every 3x3 layer response after BN (19 for a 20-layer net), 1 when BN uses batch statistics at init', async () => {
    const m = createModel(presetConfig('resnet20'));
    const x = randomBatch(1, 4, 32);
    const stds = await layerResponseStds(m, x, { bn: 'batch' });
    expect(stds.map((s) => s.id)).toEqual(responseIds(m));
    expect(stds).toHaveLength(19);
    expect(stds.map((s) => s.layer)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    // gamma 1, beta 0: each channel is standardised, so the std over all values is 1 (less BN's epsilon).
    for (const s of stds) expect(s.std).toBeCloseTo(1, 2);
    await expectNoLeak(() => layerResponseStds(m, x));
    x.dispose();
    m.dispose();
  });

  it('gives the L2 norm of each parameter gradient, agreeing with tf.variableGrads, without touching running statistics', async () => {
    const m = createModel(tinyConfig());
    const x = randomBatch(2, 4, 8);
    const labels = [0, 1, 4, 2];
    const { loss, norms } = await gradientNorms(m, x, labels);
    expect(norms.map((n) => n.id)).toEqual([...m.params.keys()]);
    expect(norms.every((n) => Number.isFinite(n.norm) && n.norm > 0)).toBe(true);
    const fc = m.params.get('fc.weight')!;
    const expected = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => crossEntropy(m.apply(x, { training: false, bn: 'batch' }), tf.tensor1d(labels, 'int32')), [fc]);
      return [value.dataSync()[0]!, tf.norm(grads[fc.name]!).dataSync()[0]!];
    });
    expect(loss).toBeCloseTo(expected[0]!, 5);
    expect(norms.find((n) => n.id === 'fc.weight')!.norm).toBeCloseTo(expected[1]!, 5);
    expect(await m.variable('stem.bn.running_mean').data()).toEqual(new Float32Array(4));
    await expectNoLeak(() => gradientNorms(m, x, labels));
    await expect(gradientNorms(m, x, [1, 2])).rejects.toThrow(/one label per image: 4 images, 2 labels/);
    x.dispose();
    m.dispose();
  });
});

describe.skipIf(!hasData())('Figure 7 on the shipped reference models (needs `npm run data`)', () => {
  beforeAll(() => useBackend('wasm'));

  it('ResNet-20 responses are smaller on average than plain-20 responses, as in the paper', async () => {
    const test = await loadPartNode(DATA_DIR, 'test');
    const x = normalizeBatch(test.images, Array.from({ length: 100 }, (_, i) => i));
    const mean: number[] = [];
    for (const [preset, file] of [['resnet20', 'resnet20_sgd30'], ['plain20', 'plain20_sgd15']] as const) {
      const m = createModel(presetConfig(preset));
      importTorchSafetensors(m, readFileSync(`public/models/${file}.safetensors`));
      const stds = await layerResponseStds(m, x);
      mean.push(stds.reduce((s, v) => s + v.std, 0) / stds.length);
      m.dispose();
    }
    x.dispose();
    expect(mean[0]!).toBeLessThan(mean[1]!);
  });
});
