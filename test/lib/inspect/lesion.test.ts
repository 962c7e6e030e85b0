import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageSet } from '../../../src/core/data/types.ts';
import { lesionPlan } from '../../../src/core/labs/lesion-plan.ts';
import { deletableBlocks, presetConfig, type ModelConfig } from '../../../src/core/model/index.ts';
import { Rng } from '../../../src/core/random.ts';
import { normalizeBatch } from '../../../src/lib/data/normalize.ts';
import { evaluate, lesionStudy } from '../../../src/lib/inspect/index.ts';
import { createModel, type InspectableModel } from '../../../src/lib/model/index.ts';
import { readFileSync } from 'node:fs';
import { loadPartNode } from '../../../scripts/lib/load-node.ts';
import { WHY_RECORD } from '../../../src/core/labs/why-record.ts';
import { modelFromTorchSafetensors } from '../../../src/lib/weights/torch.ts';
import { DATA_DIR, NODE_BACKENDS, expectNoLeak, hasData, randomBatch, useBackend } from '../model/helpers.ts';

/** A narrow net of a preset's depth and shortcuts, small enough to run at any depth in a test. */
const small = (preset: string, patch: Partial<ModelConfig> = {}): ModelConfig => ({ ...presetConfig(preset), widths: [4, 8, 8], inputSize: 8, numClasses: 5, seed: 3, ...patch });

/** Gives every BN layer seeded non-trivial statistics and affine parameters, as training would. */
function perturbBn(m: InspectableModel, seed: number): void {
  const rng = Rng.fromSeed(seed);
  for (const [id, v] of [...m.params, ...m.buffers]) {
    if (!/\.(gamma|beta|running_mean|running_var)$/.test(id)) continue;
    const vals = Float32Array.from({ length: v.size }, () => (id.endsWith('running_var') ? 0.5 + rng.next() : id.endsWith('gamma') ? 0.5 + rng.next() : 0.3 * rng.normal()));
    v.assign(tf.tensor(vals, v.shape));
  }
}

/** Copies every variable of `to` from the variable with the same id in `from`. */
function copyById(from: InspectableModel, to: InspectableModel): void {
  for (const [id, v] of [...to.params, ...to.buffers]) v.assign(from.variable(id));
}

async function logits(m: InspectableModel, x: tf.Tensor4D, skipBlocks?: number[]): Promise<Float32Array> {
  const y = m.apply(x, { training: false, skipBlocks });
  try {
    return (await y.data()) as Float32Array;
  } finally {
    y.dispose();
  }
}

function expectClose(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  const worst = a.reduce((w, v, i) => Math.max(w, Math.abs(v - b[i]!)), 0);
  expect(worst).toBeLessThan(1e-4);
}

describe.each(NODE_BACKENDS)('deleting blocks at test time on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('a ResNet-20 without the last block of each stage computes what a ResNet-14 with the same weights computes', async () => {
    const r20 = createModel(small('resnet20'));
    perturbBn(r20, 1);
    const r14 = createModel(small('resnet14'));
    copyById(r20, r14);
    const x = randomBatch(5, 3, 8);
    const r14Out = await logits(r14, x);
    expectClose(await logits(r20, x, [2, 5, 8]), r14Out);
    const intact = await logits(r20, x);
    expect(intact.some((v, i) => Math.abs(v - (r14Out[i] ?? 0)) > 1e-3)).toBe(true);
    x.dispose();
    r20.dispose();
    r14.dispose();
  });

  it('is depth-generic: ResNet-56 without the last block of each stage is ResNet-50 with the same weights', async () => {
    const r56 = createModel(small('resnet56'));
    perturbBn(r56, 2);
    const r50 = createModel(small('resnet56', { blocksPerStage: 8 }));
    copyById(r56, r50);
    const x = randomBatch(6, 2, 8);
    expectClose(await logits(r56, x, [8, 17, 26]), await logits(r50, x));
    x.dispose();
    r56.dispose();
    r50.dispose();
  });

  it('deleting a block that changes shape keeps its projection: the same as zeroing the last BN of its branch (F(x) = 0)', async () => {
    for (const preset of ['resnet20', 'resnet20-a']) {
      const m = createModel(small(preset));
      perturbBn(m, 3);
      const x = randomBatch(7, 3, 8);
      const lesioned = await logits(m, x, [3]);
      const intact = await logits(m, x);
      m.variable('stage2.block0.bn2.gamma').assign(tf.zeros([8]));
      m.variable('stage2.block0.bn2.beta').assign(tf.zeros([8]));
      expectClose(lesioned, await logits(m, x));
      expect(lesioned.some((v, i) => Math.abs(v - intact[i]!) > 1e-3)).toBe(true);
      x.dispose();
      m.dispose();
    }
  });

  it('puts the identity in place of a plain block of unchanged shape, and refuses a plain block that changes shape', async () => {
    const plain = createModel(small('plain20'));
    perturbBn(plain, 4);
    // The same weights with an identity skip on block 1 and its branch zeroed: ReLU(0 + x) = x, since x >= 0.
    const skips = Array.from({ length: 9 }, (_, i) => i === 1);
    const withSkip = createModel(small('plain20', { skips }));
    copyById(plain, withSkip);
    withSkip.variable('stage1.block1.bn2.gamma').assign(tf.zeros([4]));
    withSkip.variable('stage1.block1.bn2.beta').assign(tf.zeros([4]));
    const x = randomBatch(8, 3, 8);
    expectClose(await logits(plain, x, [1]), await logits(withSkip, x));
    expect(deletableBlocks(plain.blocks)).toEqual([0, 1, 2, 4, 5, 7, 8]);
    expect(() => plain.apply(x, { training: false, skipBlocks: [6] })).toThrow(/stage3\.block0: .*changes shape \(8 to 8 channels, stride 2\)/);
    expect(() => plain.apply(x, { training: false, skipBlocks: [9] })).toThrow(/blocks 0 to 8/);
    expect(() => plain.apply(x, { training: true, skipBlocks: [1] })).toThrow(/test time only/);
    x.dispose();
    plain.dispose();
    withSkip.dispose();
  });
});

/** n seeded random 32x32 images with labels 0..4. */
function imageSet(n: number): ImageSet {
  const rng = Rng.fromSeed(n);
  return { images: Uint8Array.from({ length: n * 3072 }, () => rng.int(256)), labels: Uint8Array.from({ length: n }, () => rng.int(5)), count: n };
}

describe('the lesion study', () => {
  beforeAll(() => useBackend('wasm'));
  const config = small('resnet14', { inputSize: 32, widths: [2, 4, 4] });

  it('measures every case of the plan, in order, with accuracies that evaluate() gives for the same deleted blocks', async () => {
    const m = createModel(config);
    perturbBn(m, 5);
    const set = imageSet(12);
    const seen: number[] = [];
    const plan = lesionPlan(deletableBlocks(m.blocks), { draws: 2, seed: 4 });
    const indices: number[] = [];
    const out = await lesionStudy(m, set, { limit: 10, draws: 2, seed: 4, batchSize: 4, chunk: 6, onMeasured: (i, _m, done, total) => { indices.push(i); seen.push(done); expect(total).toBe(2 * plan.length); } });
    expect(out.map((o) => o.case)).toEqual(plan);
    // Two passes (6 images, then 4): every case on the first chunk, then every case refined.
    expect(indices).toEqual([...plan.keys(), ...plan.keys()]);
    expect(seen).toEqual(Array.from({ length: 2 * plan.length }, (_v, i) => i + 1));
    const whole = await lesionStudy(m, set, { limit: 10, draws: 2, seed: 4, chunk: 250 });
    expect(whole).toEqual(out);
    const three = out.find((o) => o.case.kind === 'random' && o.case.k === 3)!;
    expect(three.accuracy).toBe((await evaluate(m, set, { limit: 10, skipBlocks: three.case.blocks })).accuracy);
    await expectNoLeak(() => lesionStudy(m, set, { limit: 4, draws: 1, seed: 1 }));
    m.dispose();
  });

  it('stops when its signal is aborted, leaving no tensors behind', async () => {
    const m = createModel(config);
    const set = imageSet(8);
    const before = tf.memory().numTensors;
    const stop = new AbortController();
    const done: number[] = [];
    await expect(lesionStudy(m, set, { limit: 8, draws: 3, seed: 1, signal: stop.signal, onMeasured: (_i, _m, n) => { done.push(n); stop.abort(new Error('cancelled by the test')); } }))
      .rejects.toThrow(/cancelled by the test/);
    expect(done).toEqual([1]);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it('normalises each evaluation batch the same way whatever is deleted (the intact case is evaluate() itself)', async () => {
    const m = createModel(config);
    const set = imageSet(6);
    const [intact] = await lesionStudy(m, set, { limit: 6, draws: 1, seed: 0 });
    const x = normalizeBatch(set.images, [0, 1, 2, 3, 4, 5]);
    const pred = tf.tidy(() => tf.argMax(m.apply(x, { training: false }), 1).dataSync());
    x.dispose();
    expect(intact!.accuracy).toBeCloseTo(pred.filter((p, i) => p === set.labels[i]).length / 6, 10);
    m.dispose();
  });
});

describe.skipIf(!hasData())('the recorded lesion numbers (needs `npm run data`)', () => {
  beforeAll(() => useBackend('wasm'));

  it('are what the library computes: ResNet-20 with its sixth block deleted, on the recorded test images', async () => {
    const test = await loadPartNode(DATA_DIR, 'test');
    const m = modelFromTorchSafetensors(presetConfig('resnet20'), readFileSync('public/models/resnet20_sgd30.safetensors'));
    const recorded = WHY_RECORD.nets.resnet20_sgd30.singles.find((s) => s.block === 5)!.accuracy;
    const { accuracy } = await evaluate(m, test, { limit: WHY_RECORD.images, skipBlocks: [5] });
    expect(accuracy).toBeCloseTo(recorded, 4);
    m.dispose();
  }, 300_000);
});
