/** The landing page's handle on the toy race worker: start, pause, resume, and a typed stream of its messages. */
import type { ToyRaceSettings } from '../core/toy/race-config.ts';
import type { ToyMessage, ToyRequest } from '../workers/toy/protocol.ts';
import { WASM_PATHS } from './backend.ts';

export type { ToyMessage };
export type { ToyEvent } from '../lib/toy/race.ts';

export class ToyClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<(m: ToyMessage) => void>();
  private run = 0;

  constructor() {
    this.worker = new Worker(new URL('../workers/toy.worker.ts', import.meta.url), { type: 'module', name: 'toy-race' });
    this.worker.onmessage = (ev: MessageEvent<ToyMessage>) => {
      for (const l of this.listeners) l(ev.data);
    };
    this.worker.onerror = (ev) => {
      const m: ToyMessage = { type: 'error', run: this.run, message: `The toy race worker failed: ${ev.message || 'unknown error'}. Reload the page to try again.` };
      for (const l of this.listeners) l(m);
    };
  }

  /** Subscribes to worker messages; returns the unsubscribe function. */
  on(listener: (m: ToyMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a race from step 0 (dropping any other) and returns its run number, which tags its messages. */
  start(settings: ToyRaceSettings): number {
    this.run += 1;
    this.send({ type: 'toy/start', run: this.run, settings, wasmPaths: WASM_PATHS });
    return this.run;
  }

  pause(): void {
    this.send({ type: 'toy/pause' });
  }

  resume(): void {
    this.send({ type: 'toy/resume' });
  }

  dispose(): void {
    this.worker.terminate();
    this.listeners.clear();
  }

  private send(req: ToyRequest): void {
    this.worker.postMessage(req);
  }
}
