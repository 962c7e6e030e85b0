/**
 * PyTorch training-step goldens (test/fixtures/train-steps, see its README): the four runs, running them with the
 * project's own training step, and comparing the result with PyTorch's state dict key by key. Shared by
 * test/lib/train/golden-steps.test.ts, test/browser/golden-steps.spec.ts and scripts/fidelity-steps.ts.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { presetConfig } from '../../src/core/model/index.ts';
import { paperRecipe, tutorialRecipe, type Recipe } from '../../src/core/train/recipes.ts';
import { learningRateAt } from '../../src/core/train/schedules.ts';
import type { OptimizerSettings } from '../../src/core/train/optimizer-settings.ts';
import type { ImageSet } from '../../src/core/data/types.ts';
import { normalizeBatch } from '../../src/lib/data/normalize.ts';
import { createModel } from '../../src/lib/model/index.ts';
import { FlatOptimizer } from '../../src/lib/train/optimizers.ts';
import { trainStep } from '../../src/lib/train/step.ts';
import { entryToFloat32, exportTorchSafetensors, importTorchSafetensors, parseSafetensors } from '../../src/lib/weights/index.ts';

export const GOLDEN_DIR = 'test/fixtures/train-steps';
export const MODELS_DIR = 'public/models';
/** The goldens train on the first 128 test images, the same batch at every step. */
export const GOLDEN_BATCH = 128;
export const GOLDEN_STEPS = 5;

/** One golden run: start weights, the recipe whose optimizer settings and first learning rate PyTorch used. */
export interface GoldenRun {
  readonly name: string;
  readonly preset: string;
  /** Start weights, a file in public/models (the site serves it at /models/<file>). */
  readonly weights: string;
  readonly optimizer: OptimizerSettings;
  readonly lr: number;
}

function run(name: string, preset: string, weights: string, recipe: Recipe): GoldenRun {
  return { name, preset, weights, optimizer: recipe.optimizer, lr: learningRateAt(recipe.schedule, 0) };
}

/** SGD = the paper's recipe (lr 0.1, momentum 0.9, wd 1e-4); Adam = the tutorial's (lr 1e-3, betas 0.9/0.999, eps 1e-8, wd 1e-4). */
export const GOLDEN_RUNS: readonly GoldenRun[] = [
  run('resnet20_sgd30_sgd5', 'resnet20', 'resnet20_sgd30.safetensors', paperRecipe()),
  run('resnet20_sgd30_adam5', 'resnet20', 'resnet20_sgd30.safetensors', tutorialRecipe()),
  run('plain20_sgd15_sgd5', 'plain20', 'plain20_sgd15.safetensors', paperRecipe()),
  run('plain20_sgd15_adam5', 'plain20', 'plain20_sgd15.safetensors', tutorialRecipe()),
];

export interface Golden {
  /** PyTorch's loss computed before each update. */
  readonly losses: readonly number[];
  /** The state dict after all updates, PyTorch-layout safetensors. */
  readonly state: Uint8Array;
}

/** Reads one run's golden, checking that golden_steps.json describes the same start weights and optimizer. */
export function readGolden(r: GoldenRun, dir = GOLDEN_DIR): Golden {
  const all = JSON.parse(readFileSync(`${dir}/golden_steps.json`, 'utf8')) as Record<string, { from: string; optimizer: string; loss_before_each_step: number[] }>;
  const g = all[r.name];
  if (g === undefined) throw new Error(`${dir}/golden_steps.json has no run ${r.name}.`);
  if (g.from !== r.weights || g.optimizer !== r.optimizer.kind) {
    throw new Error(`${dir}/golden_steps.json: ${r.name} starts from ${g.from} with ${g.optimizer}, expected ${r.weights} with ${r.optimizer.kind}.`);
  }
  return { losses: g.loss_before_each_step, state: new Uint8Array(readFileSync(`${dir}/${r.name}.safetensors`)) };
}

export function readStartWeights(r: GoldenRun, dir = MODELS_DIR): Uint8Array {
  return new Uint8Array(readFileSync(`${dir}/${r.weights}`));
}

/** The goldens' batch: the first `count` (PyTorch: 128) test images normalised, [count, 32, 32, 3], labels [count] int32. */
export function goldenBatch(test: ImageSet, count = GOLDEN_BATCH): { x: tf.Tensor4D; labels: tf.Tensor1D } {
  const indices = Array.from({ length: count }, (_, i) => i);
  return { x: normalizeBatch(test.images, indices), labels: tf.tensor1d(Int32Array.from(test.labels.subarray(0, count)), 'int32') };
}

/** What our step gives: the loss before each update and the state dict afterwards (PyTorch-layout safetensors). */
export interface StepsResult {
  readonly losses: number[];
  readonly state: Uint8Array;
}

/**
 * `steps` updates of the run's model from its start weights on the normalised batch x [B, 32, 32, 3] with labels [B]
 * (neither disposed), on the active backend, with the project's trainStep and FlatOptimizer.
 */
export async function runSteps(r: GoldenRun, start: Uint8Array, x: tf.Tensor4D, labels: tf.Tensor1D, steps: number): Promise<StepsResult> {
  const model = createModel(presetConfig(r.preset));
  const optimizer = new FlatOptimizer(r.optimizer, model.params);
  try {
    importTorchSafetensors(model, start);
    const losses: number[] = [];
    for (let s = 0; s < steps; s++) {
      const { loss, wrong } = trainStep(model, optimizer, x, labels, r.lr);
      losses.push((await loss.data())[0]!);
      loss.dispose();
      wrong.dispose();
    }
    return { losses, state: await exportTorchSafetensors(model) };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/** The worst tensor of a group under one error measure, and which key. */
export interface Worst {
  readonly error: number;
  readonly key: string;
}

export interface Comparison {
  /** Largest |ours - torch| of the losses compared (the first `losses.length` steps). */
  readonly loss: number;
  /** Parameters (conv, dense, BN gamma/beta): max|ours - torch| / max|torch| per tensor, the worst tensor. */
  readonly params: Worst;
  /** BN running mean and variance, same measure. */
  readonly stats: Worst;
  /**
   * Parameters, measured on the update: |(ours - start) - (torch - start)|_2 / |torch - start|_2 per tensor, the worst.
   * Insensitive to a few elements gone astray (Adam), but any systematic error in the step shows at full size.
   */
  readonly update: Worst;
}

const isStat = (key: string): boolean => /\.running_(mean|var)$/.test(key);

/** The float32 tensors of a safetensors file by key. */
function tensorsOf(bytes: Uint8Array): Map<string, Float32Array> {
  return new Map([...parseSafetensors(bytes).tensors].map(([k, e]) => [k, entryToFloat32(k, e)]));
}

function sameKeys(golden: Map<string, Float32Array>, got: Map<string, Float32Array>): void {
  const missing = [...golden.keys()].filter((k) => !got.has(k));
  const extra = [...got.keys()].filter((k) => !golden.has(k));
  if (missing.length > 0 || extra.length > 0) throw new Error(`State dict keys differ: missing ${missing.join(', ') || 'none'}; extra ${extra.join(', ') || 'none'}.`);
  for (const [k, v] of golden) if (got.get(k)!.length !== v.length) throw new Error(`${k}: ${got.get(k)!.length} values against PyTorch's ${v.length}.`);
}

function relMax(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale > 0 ? diff / scale : diff;
}

function relUpdate(a: Float32Array, b: Float32Array, start: Float32Array): number {
  let diff = 0;
  let moved = 0;
  for (let i = 0; i < b.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    moved += (b[i]! - start[i]!) ** 2;
  }
  return moved > 0 ? Math.sqrt(diff / moved) : Math.sqrt(diff);
}

function worst(errors: Iterable<[string, number]>): Worst {
  let w: Worst = { error: 0, key: '' };
  for (const [key, e] of errors) if (e > w.error || w.key === '') w = { error: e, key };
  return w;
}

/**
 * State dict `got` against `golden` (both PyTorch-layout safetensors; the key sets and sizes must match), with `start`
 * the weights both began from; `losses` ours and PyTorch's, compared over ours.
 */
export function compare(golden: Golden, ours: StepsResult, start: Uint8Array): Comparison {
  const loss = Math.max(...ours.losses.map((l, i) => Math.abs(l - golden.losses[i]!)));
  const [g, o, s] = [tensorsOf(golden.state), tensorsOf(ours.state), tensorsOf(start)];
  sameKeys(g, o);
  sameKeys(g, s);
  const keys = [...g.keys()];
  const params = keys.filter((k) => !isStat(k));
  return {
    loss,
    params: worst(params.map((k) => [k, relMax(o.get(k)!, g.get(k)!)])),
    stats: worst(keys.filter(isStat).map((k) => [k, relMax(o.get(k)!, g.get(k)!)])),
    update: worst(params.map((k) => [k, relUpdate(o.get(k)!, g.get(k)!, s.get(k)!)])),
  };
}

/** One row of the fidelity table. */
export interface Row {
  readonly backend: string;
  readonly run: string;
  readonly steps: number;
  readonly seconds: number;
  readonly c: Comparison;
}

/** A Markdown table of rows (FIDELITY.md's format). */
export function formatTable(rows: readonly Row[]): string {
  const e = (x: number): string => x.toExponential(1);
  const lines = [
    '| backend | run | steps | max loss error | worst parameter error (key) | worst running-stat error (key) | worst update error (key) | s/run |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(`| ${r.backend} | ${r.run} | ${r.steps} | ${e(r.c.loss)} | ${e(r.c.params.error)} (\`${r.c.params.key}\`) | ${e(r.c.stats.error)} (\`${r.c.stats.key}\`) | ${e(r.c.update.error)} (\`${r.c.update.key}\`) | ${r.seconds.toFixed(1)} |`);
  }
  return lines.join('\n');
}
