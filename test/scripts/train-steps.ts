/**
 * A few SGD steps of a small ResNet on seeded random images, on the backend already set up: the losses, and every
 * parameter and BN statistic afterwards. Stages of 16 and 32 channels reach the native module's every kernel (Winograd
 * forward and gradients, strided and 1x1 convolutions, batch norm and ReLU gradients). Run as a script,
 * `node test/scripts/train-steps.ts THREADS` does it on wasm with THREADS threads and prints the result as JSON.
 */
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../../src/core/model/types.ts';
import { Rng } from '../../src/core/random.ts';
import { nativeKernelsInUse } from '../../src/lib/backend/index.ts';
import { createModel } from '../../src/lib/model/index.ts';
import { FlatOptimizer } from '../../src/lib/train/optimizers.ts';
import { trainStep } from '../../src/lib/train/step.ts';
import { setupNodeBackend } from '../../scripts/lib/node-wasm-threads.ts';

const CONFIG: ModelConfig = {
  blocksPerStage: 1, widths: [16, 32], skips: 'all', shortcut: 'projection', stemBias: true,
  bnInference: 'running', numClasses: 10, inputSize: 12, inputChannels: 3, seed: 3,
};

export interface StepsResult {
  /** The module in use, e.g. "relaxed-shared, 2 thread(s)". */
  readonly native: string | null;
  readonly losses: number[];
  /** Parameters and BN running statistics by id: their float32 bytes in base64. */
  readonly tensors: Record<string, string>;
}

export async function trainSteps(steps = 3, batch = 16): Promise<StepsResult> {
  const rng = Rng.fromSeed(11);
  const model = createModel(CONFIG);
  const optimizer = new FlatOptimizer({ kind: 'sgd', momentum: 0.9, weightDecay: 1e-4 }, model.params);
  const losses: number[] = [];
  const size = batch * CONFIG.inputSize ** 2 * CONFIG.inputChannels;
  for (let s = 0; s < steps; s++) {
    const x = tf.tensor4d(Float32Array.from({ length: size }, () => rng.normal()), [batch, CONFIG.inputSize, CONFIG.inputSize, CONFIG.inputChannels]);
    const labels = tf.tensor1d(Int32Array.from({ length: batch }, () => rng.int(CONFIG.numClasses)), 'int32');
    const { loss, wrong } = trainStep(model, optimizer, x, labels, 0.1);
    losses.push((await loss.data())[0]!);
    tf.dispose([x, labels, loss, wrong]);
  }
  const tensors: Record<string, string> = {};
  for (const [id, v] of [...model.params, ...model.buffers]) tensors[id] = Buffer.from((await v.data()).buffer).toString('base64');
  optimizer.dispose();
  model.dispose();
  return { native: nativeKernelsInUse(), losses, tensors };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await setupNodeBackend('wasm', { threads: Number(process.argv[2] ?? 1) });
  console.log(JSON.stringify(await trainSteps()));
}
