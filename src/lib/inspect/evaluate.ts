/**
 * Batched inference over many images: accuracy, per-class accuracy, confusion matrix and mean loss. The batch size
 * defaults to one that fits the active backend's memory.
 */
import * as tf from '@tensorflow/tfjs-core';
import { normalizeBatch, type NormalizeOptions } from '../data/normalize.ts';
import type { ImageSet } from '../../core/data/types.ts';
import type { Model } from '../model/types.ts';
import type { BnInference } from '../../core/model/types.ts';

export interface EvaluateOptions extends NormalizeOptions {
  /** Images per forward pass; default from the backend (defaultBatchSize). With bn 'batch' it changes the result. */
  readonly batchSize?: number;
  /** Evaluate only the first `limit` images. */
  readonly limit?: number;
  /** BN statistics (default: the model's inference setting). */
  readonly bn?: BnInference;
  /** Blocks deleted for this evaluation (a lesion, see core/model/lesion.ts). */
  readonly skipBlocks?: readonly number[];
  /** Called after each batch with the number of images done. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface EvaluateResult {
  /** Images evaluated. */
  readonly n: number;
  readonly accuracy: number;
  /** Accuracy per class (NaN for a class with no images). */
  readonly perClass: number[];
  /** confusion[true][predicted] counts. */
  readonly confusion: number[][];
  /** Mean softmax cross-entropy. */
  readonly loss: number;
}

/** A batch size that fits the backend: GPU backends take big batches, CPU/WASM smaller ones to bound memory. */
export function defaultBatchSize(backend: string = tf.getBackend()): number {
  return backend === 'webgl' || backend === 'webgpu' ? 500 : 250;
}

/** Predicted classes and per-example cross-entropy for one normalised batch. */
function predictBatch(model: Model, x: tf.Tensor4D, labels: Uint8Array, bn: BnInference | undefined, skipBlocks?: readonly number[]): [tf.Tensor1D, tf.Tensor1D] {
  return tf.tidy(() => {
    const logits = model.apply(x, { training: false, bn, skipBlocks });
    const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), logits.shape[1]);
    const nll = tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), 1)) as tf.Tensor1D;
    return [tf.argMax(logits, 1) as tf.Tensor1D, nll];
  });
}

/** Evaluates a model on a set of raw images ([N,32,32,3] bytes + labels); normalises with the CIFAR-10 statistics. */
export async function evaluate(model: Model, set: ImageSet, opts: EvaluateOptions = {}): Promise<EvaluateResult> {
  const k = model.config.numClasses;
  const total = Math.min(set.count, opts.limit ?? set.count);
  const batch = opts.batchSize ?? defaultBatchSize();
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`batchSize must be a positive integer, got ${opts.batchSize}.`);
  if (!Number.isInteger(total) || total < 1) throw new Error(`Nothing to evaluate: ${set.count} images, limit ${opts.limit}.`);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let lossSum = 0;
  for (let start = 0; start < total; start += batch) {
    const end = Math.min(total, start + batch);
    const labels = set.labels.subarray(start, end);
    const idx = Array.from({ length: end - start }, (_, i) => start + i);
    const x = normalizeBatch(set.images, idx, opts);
    let out: [tf.Tensor1D, tf.Tensor1D] | undefined;
    try {
      out = predictBatch(model, x, labels, opts.bn, opts.skipBlocks);
      const [pred, nll] = await Promise.all([out[0].data(), out[1].data()]);
      for (let i = 0; i < labels.length; i++) {
        const row = confusion[labels[i]!];
        if (!row) throw new Error(`Label ${labels[i]} at image ${start + i} is outside 0..${k - 1}.`);
        row[pred[i]!]! += 1;
        lossSum += nll[i]!;
      }
    } finally {
      x.dispose();
      out?.forEach((t) => t.dispose());
    }
    opts.onProgress?.(end, total);
  }
  const correct = confusion.reduce((s, row, c) => s + row[c]!, 0);
  const perClass = confusion.map((row, c) => row[c]! / row.reduce((a, b) => a + b, 0));
  return { n: total, accuracy: correct / total, perClass, confusion, loss: lossSum / total };
}
