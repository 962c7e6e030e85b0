import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupBackend } from '../../../src/lib/backend/index.ts';
import type { Model } from '../../../src/lib/model/types.ts';
import { CIFAR10_NORMALISATION } from '../../../src/core/data/cifar10.ts';
import { decodeCheckpoint, encodeCheckpoint } from '../../../src/lib/train/checkpoint.ts';
import type { Recipe } from '../../../src/core/train/recipes.ts';
import type { RunSpec, TrainEvent } from '../../../src/lib/train/state.ts';
import { Trainer } from '../../../src/lib/train/trainer.ts';
import { tinyData, tinyModel } from './helpers.ts';

beforeAll(async () => {
  await setupBackend('cpu');
});

/** Adam at a rate a tiny net learns fast with; 96 images in batches of 16 = 6 steps per epoch. */
const RECIPE: Recipe = {
  name: 'test', optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 },
  schedule: { kind: 'constant', lr: 0.01 }, batchSize: 16, maxEpochs: 4, maxSteps: null,
  validateEvery: 3, earlyStopPatience: null, augment: true,
};
const spec = (recipe: Partial<Recipe> = {}, logEvery = 2): RunSpec => ({
  recipe: { ...RECIPE, ...recipe }, seed: 11, logEvery, normalisation: CIFAR10_NORMALISATION, valBatchSize: 20,
});

async function weights(model: Model): Promise<Float32Array[]> {
  return Promise.all([...model.params.values(), ...model.buffers.values()].map(async (v) => Float32Array.from(await v.data())));
}

describe('Trainer', () => {
  it('the loss falls and validation accuracy beats chance on a small learnable set', async () => {
    const model = tinyModel();
    const t = Trainer.start(model, tinyData(), spec({ maxEpochs: 8 }));
    try {
      expect(await t.run()).toBe('completed');
      const first = t.curves.train[0]!.loss;
      const last = t.curves.train.at(-1)!.loss;
      expect(last).toBeLessThan(first * 0.7);
      expect(t.curves.val.at(-1)!.accuracy).toBeGreaterThan(0.6);
      expect(t.progress.step).toBe(48);
    } finally {
      t.dispose();
      model.dispose();
    }
  });

  it('emits progress every logEvery steps, validation with the tutorial log line, epochs, then end', async () => {
    const model = tinyModel();
    const t = Trainer.start(model, tinyData(), spec({ maxEpochs: 1 }));
    const events: TrainEvent[] = [];
    t.on((e) => void events.push(e));
    try {
      await t.run();
      expect(events.map((e) => `${e.type}@${e.step}`)).toEqual(['progress@2', 'validation@3', 'progress@4', 'progress@6', 'validation@6', 'epoch@6', 'end@6']);
      const v = events.find((e) => e.type === 'validation')!;
      expect(v.type === 'validation' && v.line).toMatch(/^\[epoch 1, batch 3\]: running train cross entropy: \d\.\d{3} \| validation accuracy: \d\.\d{3}$/);
      const p = events[0]!;
      expect(p.type === 'progress' && [p.totalSteps, p.stepsPerEpoch, p.epoch, p.batch]).toEqual([6, 6, 1, 2]);
      expect(p.type === 'progress' && p.imagesPerSecond > 0 && Number.isFinite(p.etaSeconds)).toBe(true);
      expect(t.curves.log).toHaveLength(2);
    } finally {
      t.dispose();
      model.dispose();
    }
  });

  for (const k of [4, 6, 9]) {
    it(`a run checkpointed at step ${k} and resumed equals an uninterrupted run (same seed)`, async () => {
      const full = tinyModel();
      const a = Trainer.start(full, tinyData(), spec({ maxSteps: 14 }, 1));
      await a.run();
      const expected = await weights(full);

      const first = tinyModel();
      const b = Trainer.start(first, tinyData(), spec({ maxSteps: 14 }, 1));
      b.on((e) => { if (e.type === 'progress' && e.step === k) b.pause(); });
      expect(await b.run()).toBe('paused');
      const bytes = encodeCheckpoint(await b.checkpoint());
      b.dispose();
      first.dispose();

      const ckpt = decodeCheckpoint(bytes);
      expect(ckpt.state.progress.step).toBe(k);
      const second = tinyModel();
      const c = Trainer.resume(second, tinyData(), ckpt);
      try {
        expect(await c.run()).toBe('completed');
        const got = await weights(second);
        got.forEach((g, i) => {
          const e = expected[i]!;
          let maxDiff = 0;
          for (let j = 0; j < g.length; j++) maxDiff = Math.max(maxDiff, Math.abs(g[j]! - e[j]!));
          expect(maxDiff).toBeLessThan(1e-5);
        });
        expect(c.curves.val.map((v) => v.accuracy)).toEqual(a.curves.val.map((v) => v.accuracy));
      } finally {
        for (const x of [a, c, full, second]) x.dispose();
      }
    });
  }

  it('asks for a checkpoint once its interval has passed, mid-epoch only (epoch ends save anyway), never when off', async () => {
    const due: number[] = [];
    const model = tinyModel();
    // An interval shorter than any step: due after every step that does not end an epoch or the run.
    const t = Trainer.start(model, tinyData(), spec({ maxSteps: 14 }, 1), { checkpointEverySeconds: 1e-9 });
    t.on((e) => { if (e.type === 'checkpoint-due') due.push(e.step); });
    const off = Trainer.start(model, tinyData(), spec({ maxSteps: 3 }, 1));
    let offDue = 0;
    off.on((e) => { if (e.type === 'checkpoint-due') offDue++; });
    try {
      await t.run();
      expect(due).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 13]);
      await off.run();
      expect(offDue).toBe(0);
      expect(() => Trainer.start(model, tinyData(), spec(), { checkpointEverySeconds: 0 })).toThrow(/checkpointEverySeconds must be positive/);
    } finally {
      t.dispose();
      off.dispose();
      model.dispose();
    }
  });

  it('a checkpoint taken while running, when one is due mid-epoch, resumes to the uninterrupted run', async () => {
    const full = tinyModel();
    const a = Trainer.start(full, tinyData(), spec({ maxSteps: 14 }, 1));
    await a.run();
    const expected = await weights(full);
    const first = tinyModel();
    const b = Trainer.start(first, tinyData(), spec({ maxSteps: 14 }, 1), { checkpointEverySeconds: 1e-9 });
    let bytes: Uint8Array | null = null;
    b.on(async (e) => {
      if (e.type === 'checkpoint-due' && e.step === 8) bytes = encodeCheckpoint(await b.checkpoint());
    });
    await b.run();
    b.dispose();
    first.dispose();
    const ckpt = decodeCheckpoint(bytes!);
    expect([ckpt.state.progress.step, ckpt.state.progress.batchInEpoch]).toEqual([8, 2]);
    const second = tinyModel();
    const c = Trainer.resume(second, tinyData(), ckpt);
    try {
      expect(await c.run()).toBe('completed');
      const got = await weights(second);
      got.forEach((g, i) => {
        const e = expected[i]!;
        let maxDiff = 0;
        for (let j = 0; j < g.length; j++) maxDiff = Math.max(maxDiff, Math.abs(g[j]! - e[j]!));
        expect(maxDiff).toBeLessThan(1e-5);
      });
    } finally {
      for (const x of [a, c, full, second]) x.dispose();
    }
  });

  it('pause, resume and stop act at step granularity', async () => {
    const model = tinyModel();
    const t = Trainer.start(model, tinyData(), spec({}, 1));
    t.on((e) => {
      if (e.type === 'progress' && e.step === 2) t.pause();
      if (e.type === 'progress' && e.step === 5) t.stop();
    });
    try {
      expect(await t.run()).toBe('paused');
      expect(t.progress.step).toBe(2);
      expect(await t.run()).toBe('stopped');
      expect(t.progress.step).toBe(5);
      expect(await t.run()).toBe('stopped');
    } finally {
      t.dispose();
      model.dispose();
    }
  });

  it('a NaN or infinite loss ends the run as diverged, with a message saying what to do', async () => {
    const model = tinyModel();
    const t = Trainer.start(model, tinyData(), spec({ optimizer: { kind: 'sgd', momentum: 0.9, weightDecay: 0 }, schedule: { kind: 'constant', lr: 1e30 } }, 1));
    const ends: TrainEvent[] = [];
    t.on((e) => { if (e.type === 'end') ends.push(e); });
    try {
      expect(await t.run()).toBe('diverged');
      expect(t.progress.step).toBeLessThan(24);
      expect(ends[0]!.type === 'end' && ends[0]!.message).toMatch(/NaN or infinite.*last good checkpoint.*lower learning rate/);
    } finally {
      t.dispose();
      model.dispose();
    }
  });

  it('early stopping ends the run after more than `patience` checks without improvement', async () => {
    const model = tinyModel();
    // lr 0 freezes the weights, so every check repeats the same accuracy: stop at the (patience + 2)-th check.
    const t = Trainer.start(model, tinyData(), spec({ schedule: { kind: 'constant', lr: 0 }, earlyStopPatience: 2, validateEvery: 1, maxEpochs: 10 }));
    try {
      expect(await t.run()).toBe('early-stop');
      expect(t.curves.val).toHaveLength(4);
    } finally {
      t.dispose();
      model.dispose();
    }
  });

  it('leaks no tensors across epochs and retrains', async () => {
    const once = async () => {
      const model = tinyModel();
      const t = Trainer.start(model, tinyData(), spec({ maxEpochs: 2 }));
      await t.run();
      await t.checkpoint();
      t.dispose();
      model.dispose();
    };
    await once();
    const before = tf.memory().numTensors;
    await once();
    await once();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says what is wrong with data that does not fit the model', () => {
    const model = tinyModel();
    try {
      const data = tinyData();
      expect(() => Trainer.start(model, { ...data, val: { ...data.val, count: 47 } }, spec())).toThrow(/validation set has 9216 bytes for 47 images/);
      const badLabels = { ...data.train, labels: data.train.labels.map(() => 7) };
      expect(() => Trainer.start(model, { ...data, train: badLabels }, spec())).toThrow(/Label 7 .* numClasses \(3\)/);
    } finally {
      model.dispose();
    }
  });
});
