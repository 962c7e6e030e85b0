import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { raceData } from '../../../src/lib/race/data.ts';
import { downsample2x } from '../../../src/lib/data/downsample.ts';
import { Race, type RaceEvent } from '../../../src/lib/race/race.ts';
import { registerStockGradients } from '../../../src/lib/backend/index.ts';
import { readSettings } from '../../../src/core/labs/settings.ts';
import { degradationTable, type DegradationSettings } from '../../../src/core/labs/degradation-settings.ts';
import { raceModelConfig } from '../../../src/core/labs/race-config.ts';
import { CIFAR10_NORMALISATION } from '../../../src/core/data/cifar10.ts';
import { Rng } from '../../../src/core/random.ts';
import { createModel } from '../../../src/lib/model/build.ts';
import { BatchStream } from '../../../src/lib/train/batch-stream.ts';
import { batchImages, batchLabels } from '../../../src/lib/train/batches.ts';
import { crossEntropy } from '../../../src/lib/train/step.ts';

/** 80 fake 32x32 RGB images with labels 0..9, deterministic. */
function fakeSet() {
  const count = 80;
  const images = new Uint8Array(count * 32 * 32 * 3).map((_v, i) => (i * 2654435761) >>> 24);
  const labels = Uint8Array.from({ length: count }, (_v, i) => i % 10);
  return { images, labels, count };
}

const split = { train: Uint32Array.from({ length: 60 }, (_v, i) => i), validation: Uint32Array.from({ length: 20 }, (_v, i) => 60 + i) };
const defaults = readSettings(degradationTable, '').settings;
const settings = { ...defaults, nets: [{ n: 1, skips: 'none' as const }, { n: 1, skips: 'all' as const }], width: 2, size: 16 as const, train: 40, val: 10, batch: 8, steps: 4, evalEvery: 2, lr: 0.01 };

async function race(s: DegradationSettings = settings, readEvery = 2): Promise<RaceEvent[]> {
  const events: RaceEvent[] = [];
  const r = new Race(s, raceData(fakeSet(), split, { seed: 1, trainCount: 40, valCount: 10, size: 16 }));
  try {
    await r.run((e) => events.push(e), { readEvery });
  } finally {
    r.dispose();
  }
  return events;
}

describe('degradation race', () => {
  beforeAll(async () => {
    await registerStockGradients();
    await tf.setBackend('cpu');
  });

  it('averages 2x2 pixel squares per channel', () => {
    // One 2x2 image, 1 channel: mean of 10, 20, 30, 41 = 25.25 -> 25.
    expect([...downsample2x(new Uint8Array([10, 20, 30, 41]), 1, 2, 1)]).toEqual([25]);
    // Two channels stay apart.
    expect([...downsample2x(new Uint8Array([0, 100, 0, 100, 0, 100, 4, 100]), 1, 2, 2)]).toEqual([1, 100]);
    expect(() => downsample2x(new Uint8Array(3), 1, 2, 1)).toThrow(/4 bytes\), got 3/);
  });

  it('draws the same seeded subset for the same seed, at the requested size', () => {
    const a = raceData(fakeSet(), split, { seed: 3, trainCount: 40, valCount: 10, size: 16 });
    const b = raceData(fakeSet(), split, { seed: 3, trainCount: 40, valCount: 10, size: 16 });
    expect(a.train.images.length).toBe(40 * 16 * 16 * 3);
    expect(a.train.labels).toEqual(b.train.labels);
    expect(() => raceData(fakeSet(), split, { seed: 3, trainCount: 61, valCount: 10, size: 16 })).toThrow(/61 training/);
  });

  it('gives the same RaceData from the training set already at 16x16 as from the 32x32 one it was downsampled from', () => {
    const full = fakeSet();
    const small = { ...full, images: downsample2x(full.images, full.count, 32, 3) };
    for (const seed of [1, 2, 7]) {
      const opts = { seed, trainCount: 40, valCount: 10, size: 16 as const };
      expect(raceData(small, split, opts)).toEqual(raceData(full, split, opts));
    }
    expect(() => raceData(small, split, { seed: 1, trainCount: 40, valCount: 10, size: 32 })).toThrow(/needs the 32x32 images; these are 16x16/);
    expect(() => raceData({ ...full, images: full.images.subarray(1) }, split, { seed: 1, trainCount: 40, valCount: 10, size: 16 })).toThrow(/32x32 or 16x16/);
  });

  it('steps every net in lockstep, reports in order, reproduces from the seed and frees every tensor', async () => {
    await race();
    const before = tf.memory().numTensors;
    const events = await race();
    expect(tf.memory().numTensors).toBe(before);
    const kinds = events.map((e) => ('net' in e ? `${e.type}${e.net}@${e.step}` : `${e.type}@${e.step}`));
    expect(kinds).toEqual([
      'val0@0', 'val1@0',
      'train0@2', 'grads0@2', 'train1@2', 'grads1@2', 'tick@2', 'val0@2', 'val1@2',
      'train0@4', 'grads0@4', 'train1@4', 'grads1@4', 'tick@4', 'val0@4', 'val1@4',
      'end-error0@4', 'end-error1@4', 'end@4',
    ]);
    const again = await race();
    const losses = (es: RaceEvent[]) => es.flatMap((e) => (e.type === 'train' ? [e.loss] : []));
    expect(losses(again)).toEqual(losses(events));
    for (const e of events) if (e.type === 'train') expect(e.error).toBeGreaterThanOrEqual(0);
  });

  it('steps through the batch stream, the last partial batch kept as the trainer keeps it: 40 images in 16, 16, 8', async () => {
    // At lr 0 the weights stay put, so each step's loss is the initial model's loss on that step's batch.
    const s = { ...settings, nets: [{ n: 1, skips: 'all' as const }], batch: 16, steps: 4, evalEvery: 4, lr: 0 };
    const events = await race(s, 1);
    const train = raceData(fakeSet(), split, { seed: 1, trainCount: 40, valCount: 10, size: 16 }).train;
    const stream = BatchStream.fromRng(40, 16, Rng.fromSeed(s.seed).fork('race-shuffle'));
    const model = createModel(raceModelConfig(s.nets[0]!, s));
    const expected: { images: number; loss: number }[] = [];
    for (let i = 0; i < 4; i++) {
      const idx = stream.next();
      const x = batchImages(train, idx, { size: 16, channels: 3 }, CIFAR10_NORMALISATION);
      const loss = tf.tidy(() => crossEntropy(model.apply(x, { training: true }), batchLabels(train, idx)).dataSync()[0]!);
      x.dispose();
      expected.push({ images: idx.length, loss });
    }
    model.dispose();
    expect(expected.map((e) => e.images)).toEqual([16, 16, 8, 16]);
    const got = events.flatMap((e) => (e.type === 'train' ? [e] : []));
    expect(got.map((e) => e.step)).toEqual([1, 2, 3, 4]);
    got.forEach((e, i) => {
      expect(e.loss).toBeCloseTo(expected[i]!.loss, 5);
      // The error is misclassified / images of the step: a whole number of eighths at the third.
      expect(e.error * expected[i]!.images).toBeCloseTo(Math.round(e.error * expected[i]!.images), 6);
    });
  });

  it('retires a net whose loss is no longer finite, says so, and frees every tensor', async () => {
    const wild = { ...settings, opt: 'sgd' as const, lr: 1e30, steps: 6, evalEvery: 6 };
    await race(wild, 1);
    const before = tf.memory().numTensors;
    const events = await race(wild, 1);
    expect(tf.memory().numTensors).toBe(before);
    for (const net of [0, 1]) {
      const at = events.findIndex((e) => e.type === 'diverged' && e.net === net);
      expect(at).toBeGreaterThan(0);
      const d = events[at]!;
      expect(d.type === 'diverged' && d.message).toMatch(/diverged .* at step \d+; lower the learning rate/);
      expect(events.slice(at + 1).some((e) => (e.type === 'train' || e.type === 'val') && e.net === net)).toBe(false);
    }
    expect(events.at(-1)).toMatchObject({ type: 'end', reason: 'diverged' });
    expect(events.some((e) => e.type === 'end-error')).toBe(false);
  });

  it('trains one net of the race alone exactly as in the lockstep race (what a worker per net relies on)', async () => {
    const all = await race();
    const events: RaceEvent[] = [];
    const r = new Race(settings, raceData(fakeSet(), split, { seed: 1, trainCount: 40, valCount: 10, size: 16 }), { nets: [1] });
    try {
      await r.run((e) => events.push(e), { readEvery: 2 });
    } finally {
      r.dispose();
    }
    const of = (es: RaceEvent[], net: number) => es.filter((e) => 'net' in e && e.net === net);
    expect(of(events, 0)).toEqual([]);
    expect(of(events, 1)).toEqual(of(all, 1));
    expect(() => new Race(settings, raceData(fakeSet(), split, { seed: 1, trainCount: 40, valCount: 10, size: 16 }), { nets: [2] })).toThrow(/Net 2 is not among the race's 2 nets/);
  });

  it('reports a gradient norm per unit (stem, each block, fc) from the step before each read-back', async () => {
    const events = await race();
    const grads = events.flatMap((e) => (e.type === 'grads' ? [e] : []));
    expect(grads.map((g) => `${g.net}@${g.step}`)).toEqual(['0@2', '1@2', '0@4', '1@4']);
    for (const g of grads) {
      // n = 1: stem, stage1.block0, stage2.block0, stage3.block0, fc.
      expect(g.norms).toHaveLength(5);
      for (const v of g.norms) expect(v > 0 && Number.isFinite(v)).toBe(true);
    }
  });

  it('judges every net on the same first training images, with batch statistics, after the last step', async () => {
    const events = await race();
    const ends = events.flatMap((e) => (e.type === 'end-error' ? [e] : []));
    expect(ends.map((e) => [e.net, e.images])).toEqual([[0, 40], [1, 40]]);
    for (const e of ends) expect(e.error * 40).toBeCloseTo(Math.round(e.error * 40), 6);
  });
});
