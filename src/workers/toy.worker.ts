/**
 * The landing page's toy race worker: owns the TensorFlow.js backend (WASM on one thread: the nets are tiny, so
 * threads would cost more in hand-offs than they give) and the racing MLPs. One race at a time.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend, type WasmFileMap } from '../lib/backend/index.ts';
import type { ToyMessage, ToyRequest } from './toy/protocol.ts';
import { ToyRace } from '../lib/toy/race.ts';

const post = (m: ToyMessage) => (self as unknown as Worker).postMessage(m);

let ready: Promise<unknown> | null = null;
let current: { race: ToyRace; run: number } | null = null;
let queue: Promise<void> = Promise.resolve();

function ensureBackend(wasmPaths: WasmFileMap): Promise<unknown> {
  // WASM, else the plain JS CPU backend (a browser without WebAssembly).
  ready ??= setupBackend('wasm', { wasmPaths, wasmThreads: false }).catch(() => setupBackend('cpu'));
  return ready;
}

async function runCurrent(): Promise<void> {
  const c = current;
  if (c === null) return;
  try {
    await c.race.run((event) => post({ type: 'toy/event', run: c.run, event }));
  } catch (e) {
    post({ type: 'error', run: c.run, message: e instanceof Error ? e.message : String(e) });
  }
}

async function start(req: Extract<ToyRequest, { type: 'toy/start' }>): Promise<void> {
  try {
    await ensureBackend(req.wasmPaths);
    if (current) {
      current.race.dispose();
      post({ type: 'memory', run: current.run, numTensors: tf.memory().numTensors });
    }
    current = { race: new ToyRace(req.settings), run: req.run };
  } catch (e) {
    current = null;
    post({ type: 'error', run: req.run, message: e instanceof Error ? e.message : String(e) });
    return;
  }
  await runCurrent();
}

self.onmessage = (ev: MessageEvent<ToyRequest>) => {
  const req = ev.data;
  if (req.type === 'toy/pause' || req.type === 'toy/start') current?.race.stop();
  if (req.type === 'toy/start') queue = queue.then(() => start(req));
  if (req.type === 'toy/resume') queue = queue.then(() => runCurrent());
};
