import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { GradNormProbe, groupNorms, unitGroups } from '../../../src/lib/train/grad-norms.ts';
import { registerStockGradients } from '../../../src/lib/backend/index.ts';
import { createModel } from '../../../src/lib/model/build.ts';
import { gradientNorms } from '../../../src/lib/inspect/stats.ts';
import { raceModelConfig } from '../../../src/core/labs/race-config.ts';
import { defaultsOf } from '../../../src/core/labs/settings.ts';
import { degradationTable } from '../../../src/core/labs/degradation-settings.ts';
import { paramUnit, paramUnits } from '../../../src/core/model/naming.ts';

describe('gradient norms per unit', () => {
  beforeAll(async () => {
    await registerStockGradients();
    await tf.setBackend('cpu');
  });

  it('names the unit of every parameter id, in forward order', () => {
    expect(paramUnits(2)).toEqual(['stem', 'stage1.block0', 'stage1.block1', 'stage2.block0', 'stage2.block1', 'stage3.block0', 'stage3.block1', 'fc']);
    expect(paramUnit('stem.conv.bias')).toBe('stem');
    expect(paramUnit('stage2.block0.shortcut.bn.gamma')).toBe('stage2.block0');
    expect(paramUnit('fc.weight')).toBe('fc');
    expect(() => paramUnit('pool.weight')).toThrow(/belongs to no unit/);
  });

  it('groups a ResNet-8 parameters into stem, three blocks and fc', () => {
    const model = createModel(raceModelConfig({ n: 1, skips: 'all' }, { ...defaultsOf(degradationTable), width: 2 }));
    const { units, groups } = unitGroups(model.params.keys(), 1);
    expect(units).toEqual(['stem', 'stage1.block0', 'stage2.block0', 'stage3.block0', 'fc']);
    expect(groups.flat().sort()).toEqual([...model.params.keys()].sort());
    expect(() => unitGroups(['stage3.block4.conv1.weight'], 1)).toThrow(/stage3.block4, which a net of 1 blocks per stage/);
    model.dispose();
  });

  it('equals the root of the summed squared per-parameter norms of the inspector', async () => {
    const s = { ...defaultsOf(degradationTable), width: 2 };
    const model = createModel(raceModelConfig({ n: 1, skips: 'all' }, s));
    const x = tf.randomNormal([4, 16, 16, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const labels = [1, 2, 3, 4];
    const ref = await gradientNorms(model, x, labels, { bn: 'batch' });
    const { groups } = unitGroups(model.params.keys(), 1);
    const got = tf.tidy(() => {
      const y = tf.tensor1d(labels, 'int32');
      const ids = [...model.params.keys()];
      const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(tf.oneHot(y, 10), model.apply(x, { training: false, bn: 'batch' })) as tf.Scalar, ids.map((id) => model.params.get(id)!));
      const byId = new Map(ids.map((id) => [id, grads[model.params.get(id)!.name]!]));
      return groupNorms(byId, groups).arraySync();
    });
    groups.forEach((ids, g) => {
      const want = Math.sqrt(ids.reduce((a, id) => a + ref.norms.find((n) => n.id === id)!.norm ** 2, 0));
      expect(got[g]).toBeCloseTo(want, 4);
    });
    x.dispose();
    model.dispose();
  });

  it('keeps only the last armed step and frees it when read', async () => {
    const probe = new GradNormProbe(['stem.conv.weight', 'fc.weight'], 1);
    const before = tf.memory().numTensors;
    tf.tidy(() => probe.take(tf.tensor1d([1, 2]), 3));
    tf.tidy(() => probe.take(tf.tensor1d([3, 4]), 5));
    expect(tf.memory().numTensors).toBe(before + 1);
    const r = await probe.read();
    expect(r?.step).toBe(5);
    expect([...r!.norms]).toEqual([3, 4]);
    expect(await probe.read()).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });
});
