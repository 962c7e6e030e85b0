/**
 * The worker of the gradient-flow and landscape labs: owns the TensorFlow.js backend, the first CIFAR-10 training batch
 * and the models. One job at a time; a new start stops the running one first.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../core/backend.ts';
import type { WasmFileMap } from '../lib/backend/index.ts';
import { startBackend } from '../lib/backend/start.ts';
import { capabilities } from '../platform/browser/capabilities.ts';
import { loadBatchBrowser, loadLabelsBrowser } from '../platform/browser/load-cifar10.ts';
import { imageFilesOf } from '../core/data/cifar10.ts';
import { normalizeBatch } from '../lib/data/normalize.ts';
import { presetConfig } from '../core/model/config.ts';
import { createModel, type InspectableModel } from '../lib/model/build.ts';
import { modelFromTorchSafetensors } from '../lib/weights/torch.ts';
import { gradientFlow } from '../lib/inspect/gradient-flow.ts';
import { computeLandscapes, lossBatches } from '../lib/inspect/landscape.ts';
import { nextTask } from '../lib/train/yield.ts';
import { gridCoords } from '../core/labs/landscape-grid.ts';
import { referenceModel, referenceModelUrl, type ReferenceModel } from '../core/labs/reference-models.ts';
import type { FlowNet, ProbeMessage, ProbeRequest } from './probe/protocol.ts';

const post = (m: ProbeMessage) => (self as unknown as Worker).postMessage(m);

let startedFor: BackendChoice | null = null;
let firstBatch: Promise<{ images: Uint8Array; labels: Uint8Array }> | null = null;
let stopRequested = false;
let queue: Promise<void> = Promise.resolve();

async function ensureBackend(choice: BackendChoice, wasmPaths: WasmFileMap): Promise<void> {
  if (startedFor === choice) return;
  const ready = await startBackend(choice, capabilities(), { wasmPaths });
  startedFor = choice;
  post({ type: 'ready', backend: ready.backend, note: ready.note });
}

/** The 10,000 images of data_batch_1 and their labels: every lab batch is drawn from its first images. */
function trainBatch(run: number): Promise<{ images: Uint8Array; labels: Uint8Array }> {
  const file = imageFilesOf('train')[0]!;
  firstBatch ??= Promise.all([
    loadBatchBrowser(file.name, { onBytes: (n, stage) => post({ type: 'status', run, message: stage, fraction: 0.05 * Math.min(1, n / file.size) }) }),
    loadLabelsBrowser('train'),
  ]).then(([images, labels]) => ({ images, labels: labels.subarray(0, 10_000) }));
  firstBatch.catch(() => {
    firstBatch = null;
  });
  return firstBatch;
}

async function weightsOf(m: ReferenceModel): Promise<ArrayBuffer> {
  const url = referenceModelUrl(m);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not load ${url} (HTTP ${res.status}); the site's public/models folder should hold it.`);
  return res.arrayBuffer();
}

async function runGradientFlow(req: Extract<ProbeRequest, { type: 'gradflow/start' }>): Promise<void> {
  const { run, settings: s } = req;
  const t0 = performance.now();
  const data = await trainBatch(run);
  const idx = Array.from({ length: s.images }, (_, i) => i);
  const x = normalizeBatch(data.images, idx);
  const labels = data.labels.subarray(0, s.images);
  const jobs: Array<{ family: 'resnet' | 'plain'; trained: ReferenceModel | null }> = [
    { family: 'resnet', trained: null }, { family: 'plain', trained: null },
  ];
  for (const family of ['resnet', 'plain'] as const) {
    const m = referenceModel(family, s.depth);
    if (m) jobs.push({ family, trained: m });
  }
  try {
    for (const [index, job] of jobs.entries()) {
      // A fresh task first, so a queued stop message is handled (WASM's data() resolves without yielding one).
      await nextTask();
      if (stopRequested) break;
      const name = `${job.family === 'resnet' ? 'ResNet' : 'plain'}-${s.depth}`;
      post({ type: 'status', run, message: `Measuring ${name} ${job.trained ? `(trained, ${job.trained.epochs} epochs)` : 'at initialisation'}: ${index + 1} of ${jobs.length}`, fraction: 0.05 + 0.95 * (index / jobs.length) });
      const config = presetConfig(`${job.family}${s.depth}`, { seed: s.seed });
      let model: InspectableModel;
      if (job.trained) model = modelFromTorchSafetensors(presetConfig(job.trained.preset), await weightsOf(job.trained));
      else model = createModel(config);
      try {
        const flow = await gradientFlow(model, x, labels);
        const net: FlowNet = { key: job.trained?.id ?? `${job.family}${s.depth}_init`, label: name, family: job.family, epochs: job.trained?.epochs ?? null, flow };
        post({ type: 'gradflow/net', run, net, index, total: jobs.length });
      } finally {
        model.dispose();
      }
    }
  } finally {
    x.dispose();
  }
  post({ type: 'done', run, stopped: stopRequested, seconds: (performance.now() - t0) / 1000 });
}

async function runLandscape(req: Extract<ProbeRequest, { type: 'landscape/start' }>): Promise<void> {
  const { run, settings: s } = req;
  const t0 = performance.now();
  const nets = (['plain', 'resnet'] as const).map((f) => {
    const m = referenceModel(f, s.depth);
    if (!m) throw new Error(`No trained ${f} net of depth ${s.depth}; the landscape lab needs both (src/core/labs/reference-models.ts).`);
    return m;
  });
  const data = await trainBatch(run);
  if (s.images > data.labels.length) throw new Error(`At most ${data.labels.length} images, got ${s.images}.`);
  const x = normalizeBatch(data.images, Array.from({ length: s.images }, (_, i) => i));
  const batches = lossBatches(x, data.labels.subarray(0, s.images));
  x.dispose();
  const models: InspectableModel[] = [];
  try {
    for (const m of nets) models.push(modelFromTorchSafetensors(presetConfig(m.preset), await weightsOf(m)));
    const coords = gridCoords(s.size, s.span);
    post({ type: 'landscape/begin', run, nets: nets.map((m) => ({ id: m.id, label: m.label, epochs: m.epochs })), coords });
    const result = await computeLandscapes(models, batches, {
      seed: s.seed, size: s.size, span: s.span,
      shouldStop: () => stopRequested,
      onPoint: (p) => post({ type: 'landscape/point', run, ...p }),
    });
    post({ type: 'done', run, stopped: result.stopped, seconds: (performance.now() - t0) / 1000 });
  } finally {
    for (const m of models) m.dispose();
    for (const b of batches) {
      b.x.dispose();
      b.labels.dispose();
    }
  }
}

async function runJob(req: Exclude<ProbeRequest, { type: 'stop' }>): Promise<void> {
  stopRequested = false;
  try {
    await ensureBackend(req.backend, req.wasmPaths);
    if (req.type === 'gradflow/start') await runGradientFlow(req);
    else await runLandscape(req);
    post({ type: 'memory', run: req.run, numTensors: tf.memory().numTensors });
  } catch (e) {
    post({ type: 'error', run: req.run, message: e instanceof Error ? e.message : String(e) });
  }
}

self.onmessage = (ev: MessageEvent<ProbeRequest>) => {
  const req = ev.data;
  if (req.type === 'stop') {
    stopRequested = true;
    return;
  }
  stopRequested = true;
  queue = queue.then(() => runJob(req));
};
