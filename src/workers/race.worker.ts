/**
 * The degradation lab's worker: owns the TensorFlow.js backend, the CIFAR-10 training images and the racing models,
 * so the page stays responsive while several nets train. One race at a time; a new start stops the old one first.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName, WasmFileMap } from '../lib/backend/index.ts';
import { startBackend } from '../lib/backend/start.ts';
import { loadCifar10Browser } from '../platform/browser/load-cifar10.ts';
import { splitTrainValidation } from '../core/data/split.ts';
import type { ImageSet } from '../core/data/types.ts';
import { Rng } from '../core/random.ts';
import { capabilities } from '../platform/browser/capabilities.ts';
import { raceData } from '../lib/race/data.ts';
import type { RaceBackend, RaceMessage, RaceRequest } from './race/protocol.ts';
import { Race } from '../lib/race/race.ts';

const post = (m: RaceMessage) => (self as unknown as Worker).postMessage(m);

let backend: BackendName | null = null;
/** The page's choice that `backend` was started for. */
let startedFor: RaceBackend | null = null;
let fullTrain: Promise<ImageSet> | null = null;
let current: Race | null = null;
let queue: Promise<void> = Promise.resolve();

/** Starts the page's choice with the site's fallback (src/core/backend.ts) unless the last race already did. */
async function ensureBackend(choice: RaceBackend, wasmPaths: WasmFileMap): Promise<void> {
  if (startedFor === choice && backend !== null) return;
  const ready = await startBackend(choice, capabilities(), { wasmPaths });
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

async function runRace(req: Extract<RaceRequest, { type: 'race/start' }>): Promise<void> {
  const { run, settings: s } = req;
  try {
    await ensureBackend(req.backend, req.wasmPaths);
    const train = await loadTrain(run);
    post({ type: 'status', run, message: `Building ${s.nets.length} networks on ${backend}` });
    const split = splitTrainValidation(train.count, Rng.fromSeed(s.seed).fork('split'));
    const data = raceData(train, split, { seed: s.seed, trainCount: s.train, valCount: s.val, size: s.size });
    const race = new Race(s, data);
    current = race;
    try {
      await race.run((event) => post({ type: 'race/event', run, event }));
    } finally {
      race.dispose();
      current = null;
    }
    post({ type: 'memory', run, numTensors: tf.memory().numTensors });
  } catch (e) {
    post({ type: 'error', run, message: e instanceof Error ? e.message : String(e) });
  }
}

self.onmessage = (ev: MessageEvent<RaceRequest>) => {
  const req = ev.data;
  if (req.type === 'race/stop') {
    current?.stop();
    return;
  }
  if (req.type === 'race/start') {
    current?.stop();
    queue = queue.then(() => runRace(req));
  }
};
