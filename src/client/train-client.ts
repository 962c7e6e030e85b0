/**
 * The page's handle on training: a typed client of the training worker, or, where a worker cannot train on the GPU
 * (or cannot start at all), the same session running on the page, with a note saying so. Both speak src/workers/train/protocol.ts.
 */
import type { BackendName } from '../lib/backend/index.ts';
import type { DataSource, Message, Request, SavedRunInfo, StartRequest } from '../workers/train/protocol.ts';
import { startOrder, type BackendChoice } from '../core/backend.ts';
import { WASM_PATHS, capabilities } from './backend.ts';
import { pageTransport, workerTransport, type Transport } from './train-transport.ts';

export type { DataSource, Message, SavedRunInfo, StartRequest };

export interface TrainClient {
  /** Where training runs: a worker (the page stays responsive) or the page itself (fallback). */
  readonly where: 'worker' | 'page';
  readonly backend: BackendName;
  /** Why training is not on the preferred backend or not in a worker; null when it is. */
  readonly note: string | null;
  on(listener: (m: Message) => void): () => void;
  start(req: Omit<StartRequest, 'type'>): void;
  pause(): void;
  resume(): void;
  stop(): void;
  /** The run now as checkpoint bytes (a .safetensors file to download and load again). */
  checkpoint(): Promise<Uint8Array>;
  /** The model's weights in PyTorch layout (safetensors), for the eval tool, the block stepper or PyTorch. */
  weights(): Promise<Uint8Array>;
  loadCheckpoint(runId: string, bytes: Uint8Array, data: DataSource, persist: boolean): void;
  savedRun(runId: string): Promise<SavedRunInfo | null>;
  forgetRun(runId: string): Promise<void>;
  /** Test hook: lose the WebGL context and get it back after `ms`. */
  loseContextForTest(ms: number): void;
  dispose(): void;
}

export interface ClientOptions {
  /** The page's choice (e.g. chooseBackend's); 'auto': the policy's default order (src/core/backend.ts). */
  readonly backend?: BackendChoice;
  /** 'auto': a worker when it can use WebGL (or the page cannot either), else the page. */
  readonly where?: 'auto' | 'worker' | 'page';
}

/** Starts training infrastructure and resolves once a backend is ready. */
export async function createTrainClient(opts: ClientOptions = {}): Promise<TrainClient> {
  const backend = opts.backend ?? 'auto';
  const where = opts.where ?? 'auto';
  if (where !== 'page' && typeof Worker !== 'undefined') {
    let t: Transport | null = null;
    try {
      t = workerTransport(new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module' }));
      const ready = await initialise(t, backend);
      // 'auto' wanted a hardware GPU (the policy's first backend here) that only the page could start.
      const gpuOnPageOnly = backend === 'auto' && ready.backend !== 'webgl' && startOrder('auto', capabilities()).order[0] === 'webgl';
      if (where === 'worker' || !gpuOnPageOnly) return makeClient(t, ready);
      t.close();
      const page = await initialise(await pageTransport(), 'webgl');
      return makeClient(page.transport, { ...page, note: `The worker could not use WebGL${ready.note ? ` (${ready.note})` : ''}; training runs on the page's WebGL instead, so the page may respond slowly while it trains.` });
    } catch (e) {
      t?.close();
      if (where === 'worker') throw e;
      const page = await initialise(await pageTransport(), backend);
      return makeClient(page.transport, { ...page, note: `Training cannot run in a worker here (${e instanceof Error ? e.message : String(e)}); it runs on the page, which may respond slowly while it trains.${page.note ? ` ${page.note}` : ''}` });
    }
  }
  const page = await initialise(await pageTransport(), backend);
  return makeClient(page.transport, page);
}

interface Ready {
  readonly transport: Transport;
  readonly backend: BackendName;
  readonly where: 'worker' | 'page';
  readonly note: string | null;
}

function initialise(t: Transport, backend: BackendChoice): Promise<Ready> {
  return new Promise((resolve, reject) => {
    const off = t.listen((m) => {
      if (m.type === 'ready') {
        off();
        resolve({ transport: t, backend: m.backend, where: m.where, note: m.note });
      } else if (m.type === 'error') {
        off();
        reject(new Error(m.message));
      }
    });
    t.send({ type: 'init', backend, wasmPaths: WASM_PATHS });
  });
}

function makeClient(t: Transport, ready: Omit<Ready, 'transport'>): TrainClient {
  let nextId = 1;
  const ask = <T extends Message>(make: (id: number) => Request, expect: T['type']): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const off = t.listen((m) => {
        if (!('id' in m) || m.id !== id) return;
        off();
        if (m.type === expect) resolve(m as T);
        else reject(new Error(m.type === 'error' ? m.message : `Unexpected reply ${m.type}.`));
      });
      t.send(make(id));
    });
  return {
    where: ready.where,
    backend: ready.backend,
    note: ready.note,
    on: (listener) => t.listen(listener),
    start: (req) => t.send({ type: 'train/start', ...req }),
    pause: () => t.send({ type: 'train/pause' }),
    resume: () => t.send({ type: 'train/resume' }),
    stop: () => t.send({ type: 'train/stop' }),
    checkpoint: async () => (await ask<Extract<Message, { type: 'checkpoint/bytes' }>>((id) => ({ type: 'checkpoint/get', id }), 'checkpoint/bytes')).bytes,
    weights: async () => (await ask<Extract<Message, { type: 'weights/bytes' }>>((id) => ({ type: 'weights/get', id }), 'weights/bytes')).bytes,
    loadCheckpoint: (runId, bytes, data, persist) => t.send({ type: 'checkpoint/load', runId, bytes, data, persist }),
    savedRun: async (runId) => (await ask<Extract<Message, { type: 'saved/info' }>>((id) => ({ type: 'saved/get', id, runId }), 'saved/info')).info,
    forgetRun: async (runId) => void (await ask((id) => ({ type: 'saved/delete', id, runId }), 'done')),
    loseContextForTest: (ms) => t.send({ type: 'debug/lose-context', restoreAfterMs: ms }),
    dispose: () => {
      t.send({ type: 'dispose' });
      t.close();
    },
  };
}
