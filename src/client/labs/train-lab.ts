/**
 * The train page's glue over the training client: its settings as a start request for ResNet-20 on the 45,000/5,000
 * split, and what happens after training on the page itself (test report, downloads, hand-over to the stepper).
 */
import { presetConfig } from '../../core/model/config.ts';
import type { InspectableModel } from '../../lib/model/build.ts';
import { recipeByName } from '../../core/train/recipes.ts';
import { saveModel } from '../../lib/weights/tfjs-io.ts';
import { modelFromTorchSafetensors } from '../../lib/weights/torch.ts';
import { readWeights } from '../../lib/weights/read.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import type { TrainSettings } from '../../core/labs/lab-tables.ts';
import type { StartRequest } from '../train-client.ts';
import { testReport, type TestReport } from './report.ts';
import { startStepperBackend, testImages } from './stepper.ts';
import { saveMyWeights } from './my-model.ts';
import type { BackendName } from '../../lib/backend/index.ts';
import { chooseBackend } from '../backend.ts';

/**
 * The backend to ask the training client for: the link's `backend=` when it names one, else the site's choice
 * (BackendPicker: remembered, or the probe's fastest, which never picks software-rendered WebGL).
 */
export async function trainBackend(s: TrainSettings): Promise<BackendName> {
  if (s.backend !== 'auto') return s.backend;
  return chooseBackend(globalThis.localStorage);
}

/** The checkpoint slot of the train page in IndexedDB: one saved run. */
export const RUN_ID = 'train-page';

/** Weights to continue from (an upload): safetensors bytes and their network. */
export interface StartWeights {
  readonly bytes: Uint8Array;
  readonly config: ModelConfig;
}

/**
 * ResNet-20 (or the network of `from`, starting from its weights) with either recipe: 'adam' = the tutorial's (early
 * stopping with `patience`), 'sgd' = the paper's scaled to `epochs`.
 */
export function startRequest(s: TrainSettings, resume: 'auto' | 'never', from: StartWeights | null = null): Omit<StartRequest, 'type'> {
  const base = recipeByName(s.recipe === 'adam' ? 'tutorial' : 'paper', { epochs: s.epochs, trainCount: s.train, batchSize: s.batch });
  const recipe = s.recipe === 'adam' ? { ...base, earlyStopPatience: s.patience } : base;
  return {
    runId: RUN_ID,
    model: from ? { ...from.config, seed: s.seed } : presetConfig('resnet20', { seed: s.seed }),
    ...(from ? { initialWeights: from.bytes } : {}),
    recipe,
    seed: s.seed,
    // Ten curve points per epoch on small runs, every 10 steps on big ones (each point is one read-back from the device).
    logEvery: Math.max(1, Math.min(10, Math.floor(Math.ceil(s.train / s.batch) / 10))),
    data: { kind: 'cifar10', limit: s.train },
    resume,
    persist: true,
  };
}

/** A page-side model holding `weights` (PyTorch-layout safetensors from the worker, whose metadata names the network); the caller disposes it. */
export async function pageModel(weights: Uint8Array): Promise<InspectableModel> {
  await startStepperBackend();
  const r = readWeights(weights, 'The trained weights');
  if (r.kind === 'error') throw new Error(r.message);
  return modelFromTorchSafetensors(r.kind === 'model' ? r.model.config : r.candidates[0]!.config, weights);
}

/** The test report of the trained weights on the first `limit` test images. */
export async function finalReport(weights: Uint8Array, limit: number, onProgress: (done: number, total: number) => void): Promise<TestReport> {
  const [model, set] = await Promise.all([pageModel(weights), testImages()]);
  try {
    return await testReport(model, set, { limit, onProgress });
  } finally {
    model.dispose();
  }
}

/** Bytes [32, 32, 3] of test image i, for the mistakes gallery. */
export async function testImageBytes(i: number): Promise<Uint8Array> {
  const set = await testImages();
  return set.images.slice(i * 3072, (i + 1) * 3072);
}

/** Offers the weights as a TensorFlow.js model (model.json + weights.bin) download. */
export async function downloadTfjs(weights: Uint8Array, name: string): Promise<void> {
  const model = await pageModel(weights);
  try {
    await saveModel(model, `downloads://${name}`);
  } finally {
    model.dispose();
  }
}

/** Hands the weights to the block stepper ("my model"). */
export const sendToStepper = saveMyWeights;
