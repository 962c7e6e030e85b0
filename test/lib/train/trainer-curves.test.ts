/** How a run ends (its last log line) and how its curves continue across a checkpoint and resume. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupBackend } from '../../../src/lib/backend/index.ts';
import { CIFAR10_NORMALISATION } from '../../../src/core/data/cifar10.ts';
import { decodeCheckpoint, encodeCheckpoint } from '../../../src/lib/train/checkpoint.ts';
import type { Recipe } from '../../../src/core/train/recipes.ts';
import type { RunSpec, TrainEvent, TrainPoint, ValPoint } from '../../../src/lib/train/state.ts';
import { Trainer } from '../../../src/lib/train/trainer.ts';
import { tinyData, tinyModel } from './helpers.ts';

beforeAll(async () => {
  await setupBackend('cpu');
});

/** 96 images in batches of 16 = 6 steps per epoch; validation every 4 batches, so epochs do not end on a validation. */
const RECIPE: Recipe = {
  name: 'test', optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 },
  schedule: { kind: 'constant', lr: 0.01 }, batchSize: 16, maxEpochs: 2, maxSteps: null,
  validateEvery: 4, earlyStopPatience: null, augment: true,
};
const spec = (recipe: Partial<Recipe> = {}): RunSpec => ({
  recipe: { ...RECIPE, ...recipe }, seed: 5, logEvery: 1, normalisation: CIFAR10_NORMALISATION, valBatchSize: 20,
});

/** The curve points a listener draws from events: what a page shows live. */
function collect(t: Trainer): { train: TrainPoint[]; val: ValPoint[]; events: TrainEvent[] } {
  const out = { train: [] as TrainPoint[], val: [] as ValPoint[], events: [] as TrainEvent[] };
  t.on((e) => {
    out.events.push(e);
    if (e.type === 'progress') out.train.push(e.point);
    if (e.type === 'validation') out.val.push(e.point);
  });
  return out;
}

describe('Trainer: the end of a run', () => {
  it('validates the last step in the epoch it belongs to, with the running loss of the batches since the last check', async () => {
    const model = tinyModel();
    const t = Trainer.start(model, tinyData(), spec());
    const seen = collect(t);
    try {
      expect(await t.run()).toBe('completed');
      // 12 steps: validations at batch 4 of each epoch, and one more at the final step (batch 6 of epoch 2, not a
      // multiple of 4); never an "epoch 3, batch 0" line with a NaN loss from no batches.
      expect(t.curves.log.map((l) => l.slice(0, l.indexOf(']') + 1))).toEqual(['[epoch 1, batch 4]', '[epoch 2, batch 4]', '[epoch 2, batch 6]']);
      for (const line of t.curves.log) expect(line).toMatch(/cross entropy: \d+\.\d{3} \|/);
      expect(seen.events.map((e) => `${e.type}@${e.step}`).slice(-4)).toEqual(['progress@12', 'validation@12', 'epoch@12', 'end@12']);
      expect(t.curves.val.at(-1)).toMatchObject({ step: 12, epoch: 2 });
    } finally {
      t.dispose();
      model.dispose();
    }
  });
});

describe('Trainer: curves across a resume', () => {
  it('the restored curves plus the live points after a resume are the uninterrupted run\'s curves, in increasing epochs', async () => {
    const a = tinyModel();
    const full = Trainer.start(a, tinyData(), spec());
    const live = collect(full);
    await full.run();
    const expected = structuredClone(full.curves);
    full.dispose();
    a.dispose();
    // Live points are the very points the curves keep.
    expect(live.train).toEqual(expected.train);
    expect(live.val).toEqual(expected.val);

    const before = tf.memory().numTensors;
    const b = tinyModel();
    const first = Trainer.start(b, tinyData(), spec());
    first.on((e) => { if (e.type === 'progress' && e.step === 7) first.pause(); });
    expect(await first.run()).toBe('paused');
    const bytes = encodeCheckpoint(await first.checkpoint());
    first.dispose();
    b.dispose();

    const ckpt = decodeCheckpoint(bytes);
    const c = tinyModel();
    const resumed = Trainer.resume(c, tinyData(), ckpt);
    const after = collect(resumed);
    await resumed.run();
    resumed.dispose();
    c.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const xs = [...ckpt.state.curves.train, ...after.train].map((p) => p.epoch);
    expect(xs).toEqual(expected.train.map((p) => p.epoch));
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
    expect([...ckpt.state.curves.val, ...after.val].map((p) => [p.step, p.epoch])).toEqual(expected.val.map((p) => [p.step, p.epoch]));
  });
});
