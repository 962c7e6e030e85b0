/**
 * A degradation-race worker: owns a TensorFlow.js backend and trains the nets it is given, one after the other, on the
 * race's images (loaded here from CIFAR-10 when the page has none yet), so the page stays responsive. The page runs
 * one such worker per net, so the nets step in parallel; a new start stops the old race first.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName, WasmFileMap } from '../lib/backend/index.ts';
import { startBackend } from '../lib/backend/start.ts';
import { loadCifar10Browser, loadTrain16Browser } from '../platform/browser/load-cifar10.ts';
import { splitTrainValidation } from '../core/data/split.ts';
import type { ImageSet, LoadProgress } from '../core/data/types.ts';
import type { DegradationSettings } from '../core/labs/degradation-settings.ts';
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
/** The training set at 32x32 and at 16x16, once loaded (or loading). */
let full: Promise<ImageSet> | null = null;
let small: Promise<ImageSet> | null = null;
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

/**
 * The training set the race draws from, loaded once per worker: for a size-16 race the 16x16 file (32 MB, the bytes
 * raceData's downsampling gives), for size 32 the five batch files (116 MB), which then serve both sizes.
 */
function loadTrain(run: number, size: 16 | 32): Promise<ImageSet> {
  if (full) return full;
  if (size === 16 && small) return small;
  const onProgress = (p: LoadProgress) => post({ type: 'status', run, message: `${p.stage} (${Math.round(100 * p.fraction)}%)` });
  if (size === 16) {
    const loading = loadTrain16Browser({ onProgress });
    small = loading;
    loading.catch(() => {
      if (small === loading) small = null;
    });
    return loading;
  }
  const loading = loadCifar10Browser({ parts: ['train'], onProgress }).then((parts) => {
    if (!parts.train) throw new Error('The CIFAR-10 training images did not load; run `npm run data`.');
    small = null;
    return parts.train;
  });
  full = loading;
  loading.catch(() => {
    if (full === loading) full = null;
  });
  return loading;
}

/** The race's seeded subset of the 45,000/5,000 split, posted to the page for the other workers. */
async function buildData(run: number, s: DegradationSettings): Promise<RaceData> {
  const train = await loadTrain(run, s.size);
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
