import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeBatch } from '../../../src/lib/data/normalize.ts';
import type { ImageSet } from '../../../src/core/data/types.ts';
import { defaultBatchSize, evaluate } from '../../../src/lib/inspect/index.ts';
import { createModel } from '../../../src/lib/model/index.ts';
import { Rng } from '../../../src/core/random.ts';
import { NODE_BACKENDS, expectNoLeak, tinyConfig, useBackend } from '../model/helpers.ts';

/** n seeded random 32x32 RGB images with labels 0..4. */
function imageSet(n: number): ImageSet {
  const rng = Rng.fromSeed(n);
  return {
    images: Uint8Array.from({ length: n * 32 * 32 * 3 }, () => rng.int(256)),
    labels: Uint8Array.from({ length: n }, () => rng.int(5)),
    count: n,
  };
}

describe.each(NODE_BACKENDS)('batched evaluation on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const config = tinyConfig({ inputSize: 32 });

  it('counts every image once in the confusion matrix and agrees with the argmax of the logits', async () => {
    const m = createModel(config);
    const set = imageSet(11);
    const r = await evaluate(m, set, { batchSize: 4 });
    expect(r.n).toBe(11);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(11);
    const predicted = tf.tidy(() => tf.argMax(m.apply(normalizeBatch(set.images, Array.from({ length: 11 }, (_, i) => i)), { training: false }), 1).dataSync());
    const correct = Array.from(set.labels).filter((l, i) => predicted[i] === l).length;
    expect(r.accuracy).toBeCloseTo(correct / 11, 10);
    r.confusion.forEach((row, c) => {
      const count = set.labels.filter((l) => l === c).length;
      expect(row.reduce((a, b) => a + b, 0)).toBe(count);
      if (count > 0) expect(r.perClass[c]).toBeCloseTo(row[c]! / count, 10);
      else expect(r.perClass[c]).toBeNaN();
    });
    m.dispose();
  });

  it('does not depend on the batch size with running BN statistics, but does with batch statistics', async () => {
    const m = createModel(config);
    const set = imageSet(12);
    const a = await evaluate(m, set, { batchSize: 12 });
    const b = await evaluate(m, set, { batchSize: 5 });
    expect(b.confusion).toEqual(a.confusion);
    expect(b.loss).toBeCloseTo(a.loss, 4);
    const c = await evaluate(m, set, { batchSize: 12, bn: 'batch' });
    const d = await evaluate(m, set, { batchSize: 5, bn: 'batch' });
    expect(d.loss).not.toBeCloseTo(c.loss, 4);
    m.dispose();
  });

  it('honours limit, reports progress, does not leak, and rejects a bad batch size', async () => {
    const m = createModel(config);
    const set = imageSet(9);
    const progress: number[] = [];
    const r = await evaluate(m, set, { limit: 7, batchSize: 3, onProgress: (done) => progress.push(done) });
    expect(r.n).toBe(7);
    expect(progress).toEqual([3, 6, 7]);
    await expectNoLeak(() => evaluate(m, set, { batchSize: 4 }));
    await expect(evaluate(m, set, { batchSize: 0 })).rejects.toThrow(/batchSize must be a positive integer/);
    expect(defaultBatchSize('webgl')).toBeGreaterThan(defaultBatchSize('cpu'));
    m.dispose();
  });
});
