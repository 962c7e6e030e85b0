/**
 * The worker of the "why it works" labs: owns the TensorFlow.js backend, the CIFAR-10 test images and the nets, and
 * runs Figure 7's response stds or the lesion study (src/lib/inspect), posting each partial result as it comes so the
 * page draws a first picture early. One run at a time; a new start or a cancel stops the current one between batches.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../core/backend.ts';
import type { ImageSet } from '../core/data/types.ts';
import type { BackendName, WasmFileMap } from '../lib/backend/index.ts';
import { startBackend } from '../lib/backend/start.ts';
import { lesionStudy } from '../lib/inspect/lesion.ts';
import { responseStds } from '../lib/inspect/responses.ts';
import type { InspectableModel } from '../lib/model/build.ts';
import { modelFromTorchSafetensors } from '../lib/weights/torch.ts';
import { capabilities } from '../platform/browser/capabilities.ts';
import { loadCifar10Browser } from '../platform/browser/load-cifar10.ts';
import type { WhyMessage, WhyNet, WhyRequest } from './why/protocol.ts';

type Start = Extract<WhyRequest, { type: 'why/start' }>;
const post = (m: WhyMessage) => (self as unknown as Worker).postMessage(m);

let backend: BackendName | null = null;
let startedFor: BackendChoice | null = null;
let testSet: Promise<ImageSet> | null = null;
let current: AbortController | null = null;
let queue: Promise<void> = Promise.resolve();

async function ensureBackend(choice: BackendChoice, wasmPaths: WasmFileMap): Promise<void> {
  if (startedFor === choice && backend !== null) return;
  const ready = await startBackend(choice, capabilities(), { wasmPaths, doing: 'Measuring' });
  backend = ready.backend;
  startedFor = choice;
  post({ type: 'ready', backend: ready.backend, note: ready.note });
}

/** The 10,000 test images, loaded once, as the evaluation chapter loads them. */
function loadTest(run: number): Promise<ImageSet> {
  testSet ??= loadCifar10Browser({
    parts: ['test'],
    onProgress: (p) => post({ type: 'status', run, message: `${p.stage} (${Math.round(100 * p.fraction)}%)`, fraction: 0 }),
  }).then((parts) => {
    if (!parts.test) throw new Error('The CIFAR-10 test images did not load; run `npm run data`.');
    return parts.test;
  });
  testSet.catch(() => {
    testSet = null;
  });
  return testSet;
}

async function loadNet(net: WhyNet, signal: AbortSignal): Promise<InspectableModel> {
  let bytes = net.weights;
  if (!bytes) {
    if (!net.weightsUrl) throw new Error(`${net.label}: no weights given.`);
    const res = await fetch(net.weightsUrl, { signal });
    if (!res.ok) throw new Error(`Could not load ${net.weightsUrl} (HTTP ${res.status}); the site's public/models folder should hold it.`);
    bytes = await res.arrayBuffer();
  }
  return modelFromTorchSafetensors(net.config, bytes);
}

async function measure(req: Start, signal: AbortSignal): Promise<void> {
  const { run, job } = req;
  const set = await loadTest(run);
  const images = Math.min(job.images, set.count);
  for (const [i, net] of req.nets.entries()) {
    const base = i / req.nets.length;
    const share = 1 / req.nets.length;
    post({ type: 'status', run, message: `Loading ${net.label}`, fraction: base });
    const model = await loadNet(net, signal);
    try {
      if (job.kind === 'responses') {
        await responseStds(model, set, {
          limit: images, signal,
          onBatch: (stds, done, total) => {
            post({ type: 'responses', run, net: net.key, stds, done, total });
            post({ type: 'status', run, message: `${net.label}: responses over ${done} of ${total} test images on ${backend}`, fraction: base + share * (done / total) });
          },
        });
      } else {
        await lesionStudy(model, set, {
          limit: images, draws: job.draws, seed: job.seed, signal,
          onMeasured: (index, measurement, done, total) => {
            post({ type: 'lesion', run, net: net.key, index, measurement, done, total });
            post({ type: 'status', run, message: `${net.label}: ${done} of ${total} lesioned nets evaluated on ${images} test images (${backend})`, fraction: base + share * (done / total) });
          },
        });
      }
    } finally {
      model.dispose();
    }
  }
}

async function runJob(req: Start, stop: AbortController): Promise<void> {
  const t0 = performance.now();
  try {
    await ensureBackend(req.backend, req.wasmPaths);
    await measure(req, stop.signal);
    post({ type: 'done', run: req.run, seconds: (performance.now() - t0) / 1000 });
  } catch (e) {
    if (stop.signal.aborted) post({ type: 'cancelled', run: req.run });
    else post({ type: 'error', run: req.run, message: e instanceof Error ? e.message : String(e) });
  } finally {
    if (current === stop) current = null;
    post({ type: 'memory', run: req.run, numTensors: tf.memory().numTensors });
  }
}

self.onmessage = (ev: MessageEvent<WhyRequest>) => {
  const req = ev.data;
  current?.abort(new Error('Cancelled.'));
  if (req.type !== 'why/start') return;
  const stop = new AbortController();
  current = stop;
  queue = queue.then(() => (stop.signal.aborted ? post({ type: 'cancelled', run: req.run }) : runJob(req, stop)));
};
