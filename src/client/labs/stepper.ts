/**
 * The block stepper's main-thread work: the ready-trained nets (or the reader's own), the test images, uploads
 * resized to 32x32, and one inspection = every tap of one block plus the class probabilities. Inference on one image
 * is a few milliseconds, so it runs in the page; every tensor is freed before a result is returned.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../../core/backend.ts';
import { IMAGE_BYTES, IMAGE_SIZE } from '../../core/data/cifar10.ts';
import { normalizeBatch } from '../../lib/data/normalize.ts';
import type { ImageSet } from '../../core/data/types.ts';
import { blockTaps, captureActivations, type BlockActivation } from '../../lib/inspect/taps.ts';
import type { InspectableModel } from '../../lib/model/build.ts';
import { presetConfig } from '../../core/model/config.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import { readWeights } from '../../lib/weights/read.ts';
import { modelFromTorchSafetensors } from '../../lib/weights/torch.ts';
import { startPageBackend } from '../backend.ts';
import { loadTestSet } from '../evaluate.ts';
import { loadMyWeights, saveMyWeights } from './my-model.ts';

export type StepperNet = 'resnet20' | 'plain20' | 'mine';

const WEIGHTS: Record<Exclude<StepperNet, 'mine'>, string> = {
  resnet20: '/models/resnet20_sgd30.safetensors',
  plain20: '/models/plain20_sgd15.safetensors',
};

let backend: Promise<BackendName> | null = null;

/**
 * The site's backend (BackendPicker's choice) for this page's inference, started once per page with the shared
 * fallback (src/core/backend.ts): the models it builds live on it. wasm single-threaded: one image takes milliseconds.
 */
export function startStepperBackend(): Promise<BackendName> {
  backend ??= (async () => {
    // Registers tfjs-wasm and its flags first; the flag must be set before wasm's first start (the probe's included).
    await import('../../lib/backend/index.ts');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return (await startPageBackend(undefined, { wasmThreads: false })).backend;
  })();
  return backend;
}

/** The reader's model of this page (an upload, or what the train page stored); kept here too if IndexedDB fails. */
let mineHere: { bytes: Uint8Array; config: ModelConfig } | null = null;

/** Makes `bytes` (of network `config`) the stepper's "my model", here and, where IndexedDB allows, after a reload. */
export async function setMyModel(bytes: Uint8Array, config: ModelConfig): Promise<string | null> {
  mineHere = { bytes, config };
  try {
    await saveMyWeights(bytes, config);
    return null;
  } catch (e) {
    return `Your model is in use, but this browser could not keep it for the next visit (${e instanceof Error ? e.message : String(e)}).`;
  }
}

/** The network of stored weights: the one the reader settled, else the file's metadata and tensors (detectConfig). */
function configOfStored(bytes: Uint8Array, config: ModelConfig | null): ModelConfig {
  if (config) return config;
  const r = readWeights(bytes, 'Your stored model');
  if (r.kind === 'error') throw new Error(r.message);
  // Only an upload can be ambiguous, and an upload stores its choice; take the first reading otherwise.
  return r.kind === 'model' ? r.model.config : r.candidates[0]!.config;
}

/** One of the stepper's nets with its weights loaded; 'mine' is the reader's (uploaded here or sent by the train page). */
export async function loadStepperModel(net: StepperNet): Promise<InspectableModel> {
  await startStepperBackend();
  let bytes: ArrayBuffer | Uint8Array;
  if (net === 'mine') {
    const mine = mineHere ?? await loadMyWeights();
    if (!mine) throw new Error('No model of yours yet: upload weights above, or train one on the Train page and press "Send to the block stepper".');
    return modelFromTorchSafetensors(configOfStored(mine.bytes, mine.config), mine.bytes);
  } else {
    const res = await fetch(WEIGHTS[net]);
    if (!res.ok) throw new Error(`Could not load ${WEIGHTS[net]} (HTTP ${res.status}); the site's public/models folder should hold it.`);
    bytes = await res.arrayBuffer();
  }
  return modelFromTorchSafetensors(presetConfig(net === 'plain20' ? 'plain20' : 'resnet20'), bytes);
}

let testSet: Promise<ImageSet> | null = null;

/** The 10,000 CIFAR-10 test images (loaded once). */
export function testImages(): Promise<ImageSet> {
  testSet ??= loadTestSet();
  testSet.catch(() => {
    testSet = null;
  });
  return testSet;
}

/** Bytes [32, 32, 3] of test image i. */
export function testImage(set: ImageSet, i: number): Uint8Array {
  if (!Number.isInteger(i) || i < 0 || i >= set.count) throw new Error(`Test image ${i} does not exist: pick 0..${set.count - 1}.`);
  return set.images.slice(i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES);
}

/** An uploaded file as bytes [32, 32, 3]: decoded by the browser and resized (smoothly) to 32x32. */
export async function uploadedImage(file: Blob & { name?: string }): Promise<Uint8Array> {
  const name = file.name ? `"${file.name}"` : 'The file';
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { resizeWidth: IMAGE_SIZE, resizeHeight: IMAGE_SIZE, resizeQuality: 'high' });
  } catch {
    throw new Error(`${name} is not an image this browser can decode (type ${file.type || 'unknown'}). Choose a PNG, JPEG, GIF or WebP picture.`);
  }
  try {
    const canvas = new OffscreenCanvas(IMAGE_SIZE, IMAGE_SIZE);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot read pixels from a canvas; try a current Chromium, Firefox or Safari.');
    ctx.drawImage(bitmap, 0, 0);
    const rgba = ctx.getImageData(0, 0, IMAGE_SIZE, IMAGE_SIZE).data;
    const out = new Uint8Array(IMAGE_BYTES);
    for (let p = 0; p < IMAGE_SIZE * IMAGE_SIZE; p++) out.set(rgba.subarray(p * 4, p * 4 + 3), p * 3);
    return out;
  } finally {
    bitmap.close();
  }
}

/** Everything the stepper shows for one image and block: the block's taps (batch of 1) and the class probabilities. */
export interface Inspection {
  readonly taps: readonly BlockActivation[];
  readonly probs: readonly number[];
}

/** Softmax of logits [K] (max-subtracted, so large logits do not overflow). */
export function softmax(logits: ArrayLike<number>): number[] {
  const m = Math.max(...Array.from(logits));
  const e = Array.from(logits, (v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Taps of `block` (global index) and probabilities for image bytes [32, 32, 3]; frees every tensor it makes. */
export async function inspect(model: InspectableModel, image: Uint8Array, block: number): Promise<Inspection> {
  const x = normalizeBatch(image, [0]);
  try {
    const taps = await blockTaps(model, x, block);
    const [logits] = await captureActivations(model, x, ['logits']);
    if (!logits) throw new Error('The model produced no logits tap.');
    return { taps, probs: softmax(logits.data) };
  } finally {
    x.dispose();
  }
}
