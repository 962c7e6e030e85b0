import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { summarise, testReport } from '../../../src/client/labs/report.ts';
import { createModel } from '../../../src/lib/model/build.ts';

describe('test report', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('counts accuracy, per-class accuracy, the confusion matrix and ranks mistakes by confidence', () => {
    const r = summarise([0, 0, 1, 1, 2], [0, 1, 1, 0, 2], [0.9, 0.8, 0.7, 0.95, 0.5], 3, 5);
    expect(r.accuracy).toBeCloseTo(3 / 5);
    expect(r.perClass).toEqual([0.5, 0.5, 1]);
    expect(r.confusion).toEqual([[1, 1, 0], [1, 1, 0], [0, 0, 1]]);
    expect(r.mistakes.map((m) => [m.index, m.truth, m.predicted])).toEqual([[3, 1, 0], [1, 0, 1]]);
  });

  it('names the mismatch when predictions and labels differ in length', () => {
    expect(() => summarise([0, 1], [0], [1], 2)).toThrow(/2 labels, 1 predictions/);
  });

  it('evaluates a model in batches and leaks no tensors', async () => {
    const model = createModel({ blocksPerStage: 1, widths: [4, 8, 16], skips: 'all', shortcut: 'projection', stemBias: true, bnInference: 'running', numClasses: 10, inputSize: 32, inputChannels: 3, seed: 1 });
    const count = 7;
    const set = { images: new Uint8Array(count * 32 * 32 * 3).map((_v, i) => (i * 37) % 256), labels: new Uint8Array([0, 1, 2, 3, 4, 5, 6]), count };
    await testReport(model, set, { batch: 3 });
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const r = await testReport(model, set, { batch: 3, onProgress: (d) => seen.push(d) });
    expect(tf.memory().numTensors).toBe(before);
    expect(seen).toEqual([3, 6, 7]);
    expect(r.n).toBe(7);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(7);
    model.dispose();
  });
});
