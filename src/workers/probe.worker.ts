/**
 * The worker of the gradient-flow and landscape labs: owns the TensorFlow.js backend, the first CIFAR-10 training batch,
 * the models and the reader's own weights (kept from the last 'mine' message). One job at a time; a new start stops
 * the running one first.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../core/backend.ts';
import type { WasmFileMap } from '../lib/backend/index.ts';
import { startBackend } from '../lib/backend/start.ts';
import { capabilities } from '../platform/browser/capabilities.ts';
import { loadBatchBrowser, loadLabelsBrowser } from '../platform/browser/load-cifar10.ts';
import { imageFilesOf } from '../core/data/cifar10.ts';
import { normalizeBatch } from '../lib/data/normalize.ts';
import { modelDepth, presetConfig } from '../core/model/config.ts';
import { modelName } from '../core/model/detect.ts';
import { flowPlan, type FlowJob } from '../core/labs/gradient-flow-plan.ts';
import { createModel, type InspectableModel } from '../lib/model/build.ts';
import { modelFromTorchSafetensors } from '../lib/weights/torch.ts';
import { gradientFlow } from '../lib/inspect/gradient-flow.ts';
import { computeLandscapes, lossBatches } from '../lib/inspect/landscape.ts';
import { nextTask } from '../lib/train/yield.ts';
import { gridCoords } from '../core/labs/landscape-grid.ts';
import { referenceModel, referenceModelUrl, type ReferenceModel } from '../core/labs/reference-models.ts';
import { MY_NET, myNetLabel } from '../core/labs/lab-nets.ts';
import { type FlowNet, type ProbeMessage, type ProbeMine, type ProbeRequest } from './probe/protocol.ts';

const post = (m: ProbeMessage) => (self as unknown as Worker).postMessage(m);

let startedFor: BackendChoice | null = null;
let firstBatch: Promise<{ images: Uint8Array; labels: Uint8Array }> | null = null;
let stopRequested = false;
let mine: ProbeMine | null = null;
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

/** The reader's model, when a run asks for it; throws if the page never sent one. */
function mineFor(wanted: boolean): ProbeMine | null {
  if (wanted && !mine) throw new Error('Your model was not sent to the lab\'s worker; upload it again.');
  return wanted ? mine : null;
}

/** A job of the plan as the charts name it, and its model (built from the seed, or loaded). */
async function flowModel(job: FlowJob, seed: number, own: ProbeMine | null): Promise<{ head: Omit<FlowNet, 'flow'>; doing: string; model: InspectableModel }> {
  if (job.kind === 'mine') {
    const label = myNetLabel(modelName(own!.config));
    return { head: { key: MY_NET.key, label, family: 'mine', epochs: null }, doing: label, model: modelFromTorchSafetensors(own!.config, own!.weights) };
  }
  if (job.kind === 'init') {
    const label = `${job.family === 'resnet' ? 'ResNet' : 'plain'}-${job.depth}`;
    return { head: { key: `${job.family}${job.depth}_init`, label, family: job.family, epochs: null }, doing: `${label} at initialisation`, model: createModel(presetConfig(`${job.family}${job.depth}`, { seed })) };
  }
  const m = job.model;
  const model = modelFromTorchSafetensors(presetConfig(m.preset), await weightsOf(m));
  return { head: { key: m.id, label: m.label, family: m.family, epochs: m.epochs }, doing: `${m.label} (trained, ${m.epochs} epochs)`, model };
}

async function runGradientFlow(req: Extract<ProbeRequest, { type: 'gradflow/start' }>): Promise<void> {
  const { run, settings: s } = req;
  const t0 = performance.now();
  const data = await trainBatch(run);
  const idx = Array.from({ length: s.images }, (_, i) => i);
  const x = normalizeBatch(data.images, idx);
  const labels = data.labels.subarray(0, s.images);
  const own = mineFor(req.mine);
  const { jobs } = flowPlan(s.depth, own ? { depth: modelDepth(own.config), label: own.label } : null);
  try {
    for (const [index, job] of jobs.entries()) {
      // A fresh task first, so a queued stop message is handled (WASM's data() resolves without yielding one).
      await nextTask();
      if (stopRequested) break;
      const { head, doing, model } = await flowModel(job, s.seed, own);
      post({ type: 'status', run, message: `Measuring ${doing}: ${index + 1} of ${jobs.length}`, fraction: 0.05 + 0.95 * (index / jobs.length) });
      try {
        const net: FlowNet = { ...head, flow: await gradientFlow(model, x, labels) };
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
  const own = mineFor(req.nets.mine);
  if (!req.nets.pair && !own) throw new Error('Choose the reference pair, your model, or both.');
  const nets = req.nets.pair ? (['plain', 'resnet'] as const).map((f) => {
    const m = referenceModel(f, s.depth);
    if (!m) throw new Error(`No trained ${f} net of depth ${s.depth}; the landscape lab needs both (src/core/labs/reference-models.ts).`);
    return m;
  }) : [];
  const data = await trainBatch(run);
  if (s.images > data.labels.length) throw new Error(`At most ${data.labels.length} images, got ${s.images}.`);
  const x = normalizeBatch(data.images, Array.from({ length: s.images }, (_, i) => i));
  const batches = lossBatches(x, data.labels.subarray(0, s.images));
  x.dispose();
  const models: InspectableModel[] = [];
  try {
    for (const m of nets) models.push(modelFromTorchSafetensors(presetConfig(m.preset), await weightsOf(m)));
    if (own) models.push(modelFromTorchSafetensors(own.config, own.weights));
    const coords = gridCoords(s.size, s.span);
    const begin = nets.map((m) => ({ id: m.id, label: m.label, epochs: m.epochs as number | null }));
    if (own) begin.push({ id: MY_NET.key, label: myNetLabel(modelName(own.config)), epochs: null });
    post({ type: 'landscape/begin', run, nets: begin, coords });
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

async function runJob(req: Extract<ProbeRequest, { type: 'gradflow/start' | 'landscape/start' }>): Promise<void> {
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
  if (req.type === 'mine') {
    mine = req.net;
    return;
  }
  stopRequested = true;
  queue = queue.then(() => runJob(req));
};
