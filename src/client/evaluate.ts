/**
 * Evaluates a ready-trained model of the site (by default the reference ResNet-20: PyTorch, 30 epochs) or the reader's
 * weights on CIFAR-10's test images in this browser: fetches the weights and the test batch from the site's own origin (the data library decodes it exactly), and runs the model
 * library's batched evaluation. Imported lazily by the evaluation figure, so chapters load no TensorFlow.js up front.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../core/backend.ts';
import { loadCifar10Browser } from '../platform/browser/load-cifar10.ts';
import type { ImageSet } from '../core/data/types.ts';
import { evaluate, type EvaluateResult } from '../lib/inspect/evaluate.ts';
import { presetConfig } from '../core/model/config.ts';
import type { ModelConfig } from '../core/model/types.ts';
import { modelFromTorchSafetensors } from '../lib/weights/torch.ts';
import { startPageBackend } from './backend.ts';

export const REFERENCE_WEIGHTS_URL = '/models/resnet20_sgd30.safetensors';

/** Progress for a status line: what is happening and the fraction done in [0, 1]. */
export interface EvalProgress {
  readonly stage: string;
  readonly fraction: number;
}

export interface ReferenceEvalOptions {
  /** Evaluate the first `limit` test images (default all 10,000). */
  readonly limit?: number;
  /** Backend to use, falling back by the site's policy when it cannot start; default the reader's choice (remembered, or the probe's fastest). */
  readonly backend?: BackendName;
  readonly onProgress?: (p: EvalProgress) => void;
}

export interface ReferenceEvaluation extends EvaluateResult {
  readonly backend: BackendName;
  /** Tensors alive after the evaluation minus before it: 0 unless something leaked (the browser test checks). */
  readonly leakedTensors: number;
}

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) {
    throw new Error(`Could not load ${url} (HTTP ${res.status}). Check that the site's public/models folder holds the reference weights.`);
  }
  return res;
}

/** The 10,000 test images as [N, 32, 32, 3] bytes, through the data library's exact browser decoder. */
export async function loadTestSet(): Promise<ImageSet> {
  const { test } = await loadCifar10Browser({ parts: ['test'] });
  if (!test) throw new Error('The CIFAR-10 loader returned no test set; run `npm run data` and reload.');
  return test;
}

/** Weights to evaluate instead of the reference: PyTorch-layout safetensors and the network they belong to. */
export interface EvalWeights {
  readonly bytes: Uint8Array;
  readonly config: ModelConfig;
}

/** One of the site's published models (src/data/models.json): where its weights are served and its preset. */
export interface PublishedWeights {
  readonly url: string;
  readonly preset: string;
}

/** The reference ResNet-20 as a published model. */
const REFERENCE: PublishedWeights = { url: REFERENCE_WEIGHTS_URL, preset: 'resnet20' };

/** Accuracy and confusion matrix of the reference ResNet-20 on the test set, computed here; frees every tensor. */
export function evaluateReference(opts: ReferenceEvalOptions = {}): Promise<ReferenceEvaluation> {
  return evaluateWeights(null, opts);
}

/** The same for the reader's weights (an upload), a published model, or the reference ResNet-20 when `weights` is null. */
export async function evaluateWeights(weights: EvalWeights | PublishedWeights | null, opts: ReferenceEvalOptions = {}): Promise<ReferenceEvaluation> {
  const report = (stage: string, fraction: number) => opts.onProgress?.({ stage, fraction });
  report('Starting TensorFlow.js', 0);
  // The reader's choice (BackendPicker: remembered, or the probe's fastest, waited for), with the shared fallback.
  const { backend } = await startPageBackend(opts.backend);
  report('Loading the weights and the 10,000 test images', 0.02);
  const source = weights ?? REFERENCE;
  const [bytes, set] = await Promise.all(['bytes' in source ? source.bytes : fetchOk(source.url).then((r) => r.arrayBuffer()), loadTestSet()]);
  const before = tf.memory().numTensors;
  const model = modelFromTorchSafetensors('bytes' in source ? source.config : presetConfig(source.preset), bytes);
  let result: EvaluateResult;
  try {
    const total = Math.min(set.count, opts.limit ?? set.count);
    report(`Classifying ${total.toLocaleString('en-US')} images on ${backend}`, 0.05);
    result = await evaluate(model, set, {
      limit: total,
      onProgress: (done, all) => report(`Classified ${done.toLocaleString('en-US')} of ${all.toLocaleString('en-US')} images on ${backend}`, 0.05 + 0.95 * (done / all)),
    });
  } finally {
    model.dispose();
  }
  return { ...result, backend, leakedTensors: tf.memory().numTensors - before };
}
