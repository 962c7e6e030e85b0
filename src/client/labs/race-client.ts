/**
 * The page's handle on the race workers: start, stop, and one typed stream of messages. Each net trains in a worker
 * of its own (all at once for a race, or a few workers taking the nets in turn for a depth sweep), on the same seeded
 * batches, so the curves are those of the lockstep race; the first worker loads CIFAR-10 and its images are handed
 * to the others. RaceMerge turns the workers' events into one race.
 */
import type { DegradationSettings } from '../../core/labs/degradation-settings.ts';
import { WASM_PATHS } from '../backend.ts';
import type { RaceBackend, RaceMessage, RaceRequest } from '../../workers/race/protocol.ts';
import { RaceMerge } from './race-merge.ts';

export type { RaceBackend, RaceMessage };
export type { RaceEvent } from '../../lib/race/race.ts';

/** How a race uses the workers. */
export interface RaceStartOptions {
  /** Workers training at once (default: one per net); net i goes to worker i mod workers, in turn. */
  readonly workers?: number;
}

interface Running {
  readonly run: number;
  readonly settings: DegradationSettings;
  readonly backend: RaceBackend;
  readonly threads: number;
  /** Per worker: the nets it trains, in order. */
  readonly jobs: readonly (readonly number[])[];
  readonly merge: RaceMerge;
  finished: boolean;
}

export class RaceClient {
  private readonly pool: Worker[] = [];
  private poolThreads = 0;
  private readonly listeners = new Set<(m: RaceMessage) => void>();
  private run = 0;
  private current: Running | null = null;

  /** Subscribes to the race's messages; returns the unsubscribe function. */
  on(listener: (m: RaceMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a race (stopping any running one) and returns its run number, which tags its messages. */
  start(settings: DegradationSettings, backend: RaceBackend, opts: RaceStartOptions = {}): number {
    this.stop();
    this.run += 1;
    const k = settings.nets.length;
    const w = Math.max(1, Math.min(k, opts.workers ?? k));
    // Cores split between the workers: with as many workers as cores or more, each runs WASM on one thread.
    const threads = Math.max(1, Math.floor((navigator.hardwareConcurrency || 1) / w));
    this.ensurePool(w, threads);
    const jobs = Array.from({ length: w }, (_v, i) => Array.from({ length: k }, (_u, j) => j).filter((j) => j % w === i));
    this.current = { run: this.run, settings, backend, threads, jobs, merge: new RaceMerge(k, w, settings.steps, performance.now()), finished: false };
    this.send(0, { type: 'race/start', run: this.run, settings, nets: jobs[0]!, threads, data: null, backend, wasmPaths: WASM_PATHS });
    return this.run;
  }

  stop(): void {
    const c = this.current;
    if (!c || c.finished) return;
    c.merge.stop();
    for (const w of this.pool) w.postMessage({ type: 'race/stop' } satisfies RaceRequest);
  }

  dispose(): void {
    for (const w of this.pool) w.terminate();
    this.pool.length = 0;
    this.listeners.clear();
  }

  /** At least `count` workers, all started for `threads` WASM threads (a different count needs fresh workers). */
  private ensurePool(count: number, threads: number): void {
    if (threads !== this.poolThreads) {
      for (const w of this.pool) w.terminate();
      this.pool.length = 0;
      this.poolThreads = threads;
    }
    while (this.pool.length < count) {
      const index = this.pool.length;
      const worker = new Worker(new URL('../../workers/race.worker.ts', import.meta.url), { type: 'module', name: `degradation-race-${index}` });
      worker.onmessage = (ev: MessageEvent<RaceMessage>) => this.onWorker(index, ev.data);
      worker.onerror = (ev) => this.fail(`The race worker failed: ${ev.message || 'unknown error'}. Reload the page to try again.`);
      this.pool.push(worker);
    }
  }

  private onWorker(index: number, m: RaceMessage): void {
    const c = this.current;
    if (m.type === 'ready') return this.emit(m);
    if (!c || m.run !== c.run || c.finished) return;
    if (m.type === 'race/data') {
      // The other workers train on the images the first one built.
      for (let i = 1; i < c.jobs.length; i++) {
        this.send(i, { type: 'race/start', run: c.run, settings: c.settings, nets: c.jobs[i]!, threads: c.threads, data: m.data, backend: c.backend, wasmPaths: WASM_PATHS });
      }
    } else if (m.type === 'race/event') {
      for (const event of c.merge.event(m.job, m.event, performance.now())) this.emit({ type: 'race/event', run: c.run, job: m.job, event });
    } else if (m.type === 'memory') {
      for (const event of c.merge.workerDone(c.jobs[index]!, performance.now())) this.emit({ type: 'race/event', run: c.run, job: -1, event });
      const total = c.merge.memory(index, m.numTensors);
      if (total !== null) {
        c.finished = true;
        this.emit({ type: 'memory', run: c.run, numTensors: total });
      }
    } else if (m.type === 'error') {
      this.fail(m.message);
    } else {
      this.emit(m);
    }
  }

  /** Ends the current race with an error: the other workers stop. */
  private fail(message: string): void {
    const c = this.current;
    if (!c || c.finished) return;
    this.stop();
    c.finished = true;
    this.emit({ type: 'error', run: c.run, message });
  }

  private emit(m: RaceMessage): void {
    for (const l of this.listeners) l(m);
  }

  private send(worker: number, req: RaceRequest): void {
    this.pool[worker]!.postMessage(req);
  }
}
