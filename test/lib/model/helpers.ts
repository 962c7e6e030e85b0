/** Shared helpers of the model, inspect and weights tests: backends to run on, seeded inputs, tiny configs, leak checks. */
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { setupBackend, type BackendName } from '../../../src/lib/backend/index.ts';
import { presetConfig, type ModelConfig } from '../../../src/core/model/index.ts';
import { Rng } from '../../../src/core/random.ts';

/** The backends every tensor test runs on in Node (WebGL is covered by test/browser/model.spec.ts). */
export const NODE_BACKENDS: readonly BackendName[] = ['cpu', 'wasm'];

export async function useBackend(name: BackendName): Promise<void> {
  await setupBackend(name);
  expect(tf.getBackend()).toBe(name);
}

/** A seeded standard-normal batch [b, size, size, c]. */
export function randomBatch(seed: number, b: number, size: number, c = 3): tf.Tensor4D {
  const rng = Rng.fromSeed(seed);
  return tf.tensor4d(Float32Array.from({ length: b * size * size * c }, () => rng.normal()), [b, size, size, c]);
}

/** A small residual net (8x8 inputs, widths 4/8/8, 1 block per stage) that exercises every code path quickly. */
export function tinyConfig(patch: Partial<ModelConfig> = {}): ModelConfig {
  return { ...presetConfig('resnet20'), blocksPerStage: 1, widths: [4, 8, 8], inputSize: 8, numClasses: 5, seed: 7, ...patch };
}

/** Runs fn twice (the first run warms kernels and caches up) and asserts the second leaves no tensors behind. */
export async function expectNoLeak(fn: () => unknown | Promise<unknown>): Promise<void> {
  await fn();
  const before = tf.memory().numTensors;
  await fn();
  expect(tf.memory().numTensors).toBe(before);
}

/** Where `npm run data` puts CIFAR-10; tests on the real data run when it is there. */
export const DATA_DIR = 'public/data/cifar10';
export const hasData = (): boolean => existsSync(`${DATA_DIR}/test_batch.png`) && existsSync(`${DATA_DIR}/test_lables.json`);
