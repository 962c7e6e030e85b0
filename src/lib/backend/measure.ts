/**
 * Throughput of the project's real training step (model library + training engine) on the active backend, the same
 * code in Node and in a browser: ResNet-20 (the tutorial's configuration), SGD momentum 0.9, weight decay 1e-4,
 * seeded random inputs. Used by `npm run bench` and the backend picker's probe; never by tests of speed.
 */
import { PAPER_SGD } from '../../core/train/optimizer-settings.ts';
import * as tf from '@tensorflow/tfjs-core';
import { presetConfig } from '../../core/model/index.ts';
import { createModel } from '../model/index.ts';
import { FlatOptimizer } from '../train/optimizers.ts';
import { trainStep } from '../train/step.ts';
import { Rng } from '../../core/random.ts';

export interface MeasureOptions {
  /** Preset name of the model library, e.g. 'resnet20'. */
  readonly model: string;
  readonly batch: number;
  /** Untimed steps first (kernel set-up, operator caches, shader compilation). */
  readonly warmup: number;
  readonly steps: number;
  /** Batch of the inference measurement; 0 skips it. */
  readonly inferBatch: number;
  /** Time source: performance.now in both Node and browsers. */
  readonly now?: () => number;
}

export interface Measurement {
  readonly backend: string;
  readonly model: string;
  readonly batch: number;
  /** Wall time of each timed training step, ms. */
  readonly stepMs: readonly number[];
  /** batch / median step time. */
  readonly trainImgPerSec: number;
  readonly inferBatch: number;
  readonly inferImgPerSec: number | null;
  /** Largest tfjs-tracked memory during one training step (tf.profile's peakBytes), bytes. */
  readonly peakBytes: number;
  /** Per-kernel time of one profiled training step, largest first (see kernelTable). */
  readonly kernels: readonly KernelTime[];
}

/** One kernel's share of a profiled step. Composed kernels (conv gradients on wasm/cpu) include their inner ops' time. */
export interface KernelTime {
  readonly name: string;
  readonly calls: number;
  readonly ms: number;
}

/** Sums tf.profile's per-call records by kernel name, largest total first. */
export function kernelTable(profile: Awaited<ReturnType<typeof tf.profile>>): KernelTime[] {
  const byName = new Map<string, { calls: number; ms: number }>();
  for (const k of profile.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const row = byName.get(k.name) ?? { calls: 0, ms: 0 };
    byName.set(k.name, { calls: row.calls + 1, ms: row.ms + ms });
  }
  return [...byName].map(([name, r]) => ({ name, ...r })).sort((a, b) => b.ms - a.ms);
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of an empty list: measure at least one step.');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Seeded inputs: x [B, S, S, C] standard normal (already "normalised") and int32 labels [B]. */
export function syntheticBatch(batch: number, size: number, channels: number, classes: number, seed: number) {
  const rng = Rng.fromSeed(seed);
  const x = Float32Array.from({ length: batch * size * size * channels }, () => rng.normal());
  const y = Int32Array.from({ length: batch }, () => rng.int(classes));
  return { x: tf.tensor4d(x, [batch, size, size, channels]), labels: tf.tensor1d(y, 'int32') };
}

function checkOptions(o: MeasureOptions): void {
  for (const k of ['batch', 'steps'] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new Error(`${k} must be a positive integer, got ${o[k]}.`);
  }
  for (const k of ['warmup', 'inferBatch'] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 0) throw new Error(`${k} must be an integer >= 0, got ${o[k]}.`);
  }
}

/** Times training steps (forward + backward + SGD momentum update, read back to finish) and inference. */
export async function measure(opts: MeasureOptions): Promise<Measurement> {
  checkOptions(opts);
  const now = opts.now ?? (() => performance.now());
  const config = presetConfig(opts.model);
  const model = createModel(config);
  const optimizer = new FlatOptimizer(PAPER_SGD, model.params);
  const { x, labels } = syntheticBatch(opts.batch, config.inputSize, config.inputChannels, config.numClasses, 1);
  try {
    const step = async () => {
      const r = trainStep(model, optimizer, x, labels, 0.01);
      try {
        await r.loss.data();
      } finally {
        tf.dispose([r.loss, r.wrong]);
      }
    };
    for (let i = 0; i < opts.warmup; i++) await step();
    const profile = await tf.profile(step);
    const stepMs: number[] = [];
    for (let i = 0; i < opts.steps; i++) {
      const t0 = now();
      await step();
      stepMs.push(now() - t0);
    }
    const inferImgPerSec = opts.inferBatch > 0 ? await measureInference(model, config.inputSize, config.inputChannels, opts, now) : null;
    return {
      backend: tf.getBackend(), model: opts.model, batch: opts.batch, stepMs,
      trainImgPerSec: opts.batch / (median(stepMs) / 1000),
      inferBatch: opts.inferBatch, inferImgPerSec, peakBytes: profile.peakBytes, kernels: kernelTable(profile),
    };
  } finally {
    tf.dispose([x, labels]);
    optimizer.dispose();
    model.dispose();
  }
}

/** Inference images/s (BN with running statistics) at opts.inferBatch: median of opts.steps calls after one warm-up. */
async function measureInference(
  model: ReturnType<typeof createModel>, size: number, channels: number, opts: MeasureOptions, now: () => number,
): Promise<number> {
  const { x, labels } = syntheticBatch(opts.inferBatch, size, channels, 10, 2);
  try {
    const run = async () => {
      const logits = tf.tidy(() => model.apply(x, { training: false }));
      try {
        await logits.data();
      } finally {
        logits.dispose();
      }
    };
    await run();
    const ms: number[] = [];
    for (let i = 0; i < Math.max(3, opts.steps); i++) {
      const t0 = now();
      await run();
      ms.push(now() - t0);
    }
    return opts.inferBatch / (median(ms) / 1000);
  } finally {
    tf.dispose([x, labels]);
  }
}
