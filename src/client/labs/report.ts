/**
 * The train page's final report on the test set: accuracy, per-class accuracy, confusion matrix and the most
 * confident mistakes, from one batched pass (predictions and their probabilities read back per batch).
 */
import * as tf from '@tensorflow/tfjs-core';
import { normalizeBatch } from '../../lib/data/normalize.ts';
import type { ImageSet } from '../../core/data/types.ts';
import type { Model } from '../../lib/model/types.ts';

/** A wrong prediction: test image index, true and predicted class, and the probability given to the prediction. */
export interface Mistake {
  readonly index: number;
  readonly truth: number;
  readonly predicted: number;
  readonly confidence: number;
}

export interface TestReport {
  readonly n: number;
  readonly accuracy: number;
  /** Accuracy per class (NaN for a class with no images). */
  readonly perClass: number[];
  /** confusion[true][predicted]. */
  readonly confusion: number[][];
  /** The `k` mistakes with the highest confidence, most confident first. */
  readonly mistakes: Mistake[];
}

/** Aggregates predictions [n] and their confidences [n] against labels [n] into a report (pure). */
export function summarise(labels: ArrayLike<number>, predicted: ArrayLike<number>, confidence: ArrayLike<number>, classes: number, k = 8): TestReport {
  const n = labels.length;
  if (predicted.length !== n || confidence.length !== n) throw new Error(`Got ${n} labels, ${predicted.length} predictions and ${confidence.length} confidences; they must match.`);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const mistakes: Mistake[] = [];
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const t = labels[i]!;
    const p = predicted[i]!;
    confusion[t]![p]! += 1;
    if (t === p) correct += 1;
    else mistakes.push({ index: i, truth: t, predicted: p, confidence: confidence[i]! });
  }
  mistakes.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  const perClass = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total ? row[c]! / total : Number.NaN;
  });
  return { n, accuracy: correct / n, perClass, confusion, mistakes: mistakes.slice(0, k) };
}

/** Runs `model` (inference mode) over the first `limit` images of `set` in batches; frees every tensor it makes. */
export async function testReport(model: Model, set: ImageSet, opts: { limit?: number; batch?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<TestReport> {
  const total = Math.min(set.count, opts.limit ?? set.count);
  const batch = opts.batch ?? 250;
  const predicted = new Int32Array(total);
  const confidence = new Float32Array(total);
  for (let start = 0; start < total; start += batch) {
    const idx = Array.from({ length: Math.min(batch, total - start) }, (_v, i) => start + i);
    const x = normalizeBatch(set.images, idx);
    let out: tf.Tensor1D[] = [];
    try {
      out = tf.tidy(() => {
        const probs = tf.softmax(model.apply(x, { training: false }));
        return [tf.argMax(probs, 1) as tf.Tensor1D, tf.max(probs, 1) as tf.Tensor1D];
      });
      const [pred, conf] = out as [tf.Tensor1D, tf.Tensor1D];
      predicted.set(await pred.data(), start);
      confidence.set(await conf.data(), start);
    } finally {
      x.dispose();
      out.forEach((t) => t.dispose());
    }
    opts.onProgress?.(start + idx.length, total);
  }
  return summarise(set.labels.subarray(0, total), predicted, confidence, model.config.numClasses);
}
