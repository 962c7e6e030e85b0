/** The page's handle on the race worker: start, stop, and a typed stream of its messages. */
import type { DegradationSettings } from '../../core/labs/settings.ts';
import { WASM_PATHS } from '../backend.ts';
import type { RaceBackend, RaceMessage, RaceRequest } from '../../workers/race/protocol.ts';

export type { RaceBackend, RaceMessage };
export type { RaceEvent } from '../../lib/race/race.ts';

export class RaceClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<(m: RaceMessage) => void>();
  private run = 0;

  constructor() {
    this.worker = new Worker(new URL('../../workers/race.worker.ts', import.meta.url), { type: 'module', name: 'degradation-race' });
    this.worker.onmessage = (ev: MessageEvent<RaceMessage>) => {
      for (const l of this.listeners) l(ev.data);
    };
    this.worker.onerror = (ev) => {
      const m: RaceMessage = { type: 'error', run: this.run, message: `The race worker failed: ${ev.message || 'unknown error'}. Reload the page to try again.` };
      for (const l of this.listeners) l(m);
    };
  }

  /** Subscribes to worker messages; returns the unsubscribe function. */
  on(listener: (m: RaceMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a race (stopping any running one) and returns its run number, which tags its messages. */
  start(settings: DegradationSettings, backend: RaceBackend): number {
    this.run += 1;
    this.send({ type: 'race/start', run: this.run, settings, backend, wasmPaths: WASM_PATHS });
    return this.run;
  }

  stop(): void {
    this.send({ type: 'race/stop' });
  }

  dispose(): void {
    this.worker.terminate();
    this.listeners.clear();
  }

  private send(req: RaceRequest): void {
    this.worker.postMessage(req);
  }
}
