/** The page's handle on the worker of the gradient-flow and landscape labs: start a job, stop it, a typed stream of messages. */
import type { BackendChoice } from '../../core/backend.ts';
import type { GradientFlowSettings, LandscapeSettings } from '../../core/labs/settings.ts';
import { WASM_PATHS } from '../backend.ts';
import type { ProbeMessage, ProbeRequest } from '../../workers/probe/protocol.ts';

export type { FlowNet, ProbeMessage } from '../../workers/probe/protocol.ts';

export class ProbeClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<(m: ProbeMessage) => void>();
  private run = 0;

  constructor() {
    this.worker = new Worker(new URL('../../workers/probe.worker.ts', import.meta.url), { type: 'module', name: 'probe-labs' });
    this.worker.onmessage = (ev: MessageEvent<ProbeMessage>) => {
      for (const l of this.listeners) l(ev.data);
    };
    this.worker.onerror = (ev) => {
      const m: ProbeMessage = { type: 'error', run: this.run, message: `The lab's worker failed: ${ev.message || 'unknown error'}. Reload the page to try again.` };
      for (const l of this.listeners) l(m);
    };
  }

  /** Subscribes to worker messages; returns the unsubscribe function. */
  on(listener: (m: ProbeMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Measures gradient norms (stopping any running job); returns the run number that tags its messages. */
  gradientFlow(settings: GradientFlowSettings, backend: BackendChoice): number {
    this.run += 1;
    this.send({ type: 'gradflow/start', run: this.run, settings, backend, wasmPaths: WASM_PATHS });
    return this.run;
  }

  /** Computes loss slices coarse to fine (stopping any running job); returns the run number. */
  landscape(settings: LandscapeSettings, backend: BackendChoice): number {
    this.run += 1;
    this.send({ type: 'landscape/start', run: this.run, settings, backend, wasmPaths: WASM_PATHS });
    return this.run;
  }

  stop(): void {
    this.send({ type: 'stop' });
  }

  dispose(): void {
    this.worker.terminate();
    this.listeners.clear();
  }

  private send(req: ProbeRequest): void {
    this.worker.postMessage(req);
  }
}
