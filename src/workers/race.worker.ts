/**
 * A degradation-race worker: owns a TensorFlow.js backend and trains the nets it is given, one after the other, on the
 * race's images (loaded here from CIFAR-10 when the page has none yet), so the page stays responsive. The page runs
 * one such worker per net, so the nets step in parallel; a new start stops the old race first.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName, WasmFileMap } from '../lib/backend/index.ts';
import { startBackend } from '../lib/backend/start.ts';
import { loadCifar10Browser } from '../platform/browser/load-cifar10.ts';
import { splitTrainValidation } from '../core/data/split.ts';
import type { ImageSet } from '../core/data/types.ts';
import type { DegradationSettings } from '../core/labs/settings.ts';
import { Rng } from '../core/random.ts';
import { FORKS } from '../core/train/forks.ts';
import { capabilities } from '../platform/browser/capabilities.ts';
import { raceData, type RaceData } from '../lib/race/data.ts';
import type { RaceBackend, RaceMessage, RaceRequest } from './race/protocol.ts';
import { Race } from '../lib/race/race.ts';

const post = (m: RaceMessage) => (self as unknown as Worker).postMessage(m);

let backend: BackendName | null = null;
/** The page's choice that `backend` was started for. */
let startedFor: RaceBackend | null = null;
let fullTrain: Promise<ImageSet> | null = null;
let current: Race | null = null;
let stopRequested = false;
let queue: Promise<void> = Promise.resolve();

/** Starts the page's choice with the site's fallback (src/core/backend.ts) unless an earlier race already did. */
async function ensureBackend(choice: RaceBackend, wasmPaths: WasmFileMap, threads: number): Promise<void> {
  if (startedFor === choice && backend !== null) return;
  const ready = await startBackend(choice, capabilities(), threads > 1 ? { wasmPaths, threadsCount: threads } : { wasmPaths, wasmThreads: false });
  backend = ready.backend;
  startedFor = choice;
  post({ type: 'ready', backend: ready.backend, note: ready.note });
}

function loadTrain(run: number): Promise<ImageSet> {
  fullTrain ??= loadCifar10Browser({
    parts: ['train'],
    onProgress: (p) => post({ type: 'status', run, message: `${p.stage} (${Math.round(100 * p.fraction)}%)` }),
  }).then((parts) => {
    if (!parts.train) throw new Error('The CIFAR-10 training images did not load; run `npm run data`.');
    return parts.train;
  });
  fullTrain.catch(() => {
    fullTrain = null;
  });
  return fullTrain;
}

/** The race's seeded subset of the 45,000/5,000 split, posted to the page for the other workers. */
async function buildData(run: number, s: DegradationSettings): Promise<RaceData> {
  const train = await loadTrain(run);
  const split = splitTrainValidation(train.count, Rng.fromSeed(s.seed).fork(FORKS.split));
  const data = raceData(train, split, { seed: s.seed, trainCount: s.train, valCount: s.val, size: s.size });
  post({ type: 'race/data', run, data });
  return data;
}

async function runRace(req: Extract<RaceRequest, { type: 'race/start' }>): Promise<void> {
  const { run, settings: s } = req;
  stopRequested = false;
  try {
    await ensureBackend(req.backend, req.wasmPaths, req.threads);
    const data = req.data ?? await buildData(run, s);
    for (const net of req.nets) {
      if (stopRequested) break;
      post({ type: 'status', run, message: `Building ${req.nets.length > 1 ? `net ${net + 1}` : 'the network'} on ${backend}` });
      const race = new Race(s, data, { nets: [net] });
      current = race;
      try {
        await race.run((event) => post({ type: 'race/event', run, job: net, event }));
      } finally {
        race.dispose();
        current = null;
      }
    }
    post({ type: 'memory', run, numTensors: tf.memory().numTensors });
  } catch (e) {
    post({ type: 'error', run, message: e instanceof Error ? e.message : String(e) });
  }
}

self.onmessage = (ev: MessageEvent<RaceRequest>) => {
  const req = ev.data;
  if (req.type === 'race/stop') {
    stopRequested = true;
    current?.stop();
    return;
  }
  if (req.type === 'race/start') {
    stopRequested = true;
    current?.stop();
    queue = queue.then(() => runRace(req));
  }
};
