/** The page's handle on the worker of the gradient-flow and landscape labs: start a job, stop it, a typed stream of messages. */
import type { BackendChoice } from '../../core/backend.ts';
import type { GradientFlowSettings, LandscapeSettings } from '../../core/labs/settings.ts';
import { WASM_PATHS } from '../backend.ts';
import type { WhyMessage, WhyRequest } from '../../workers/why/protocol.ts';

export type { FlowNet, WhyMessage } from '../../workers/why/protocol.ts';

export class WhyClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<(m: WhyMessage) => void>();
  private run = 0;

  constructor() {
    this.worker = new Worker(new URL('../../workers/why.worker.ts', import.meta.url), { type: 'module', name: 'why-labs' });
    this.worker.onmessage = (ev: MessageEvent<WhyMessage>) => {
      for (const l of this.listeners) l(ev.data);
    };
    this.worker.onerror = (ev) => {
      const m: WhyMessage = { type: 'error', run: this.run, message: `The lab's worker failed: ${ev.message || 'unknown error'}. Reload the page to try again.` };
      for (const l of this.listeners) l(m);
    };
  }

  /** Subscribes to worker messages; returns the unsubscribe function. */
  on(listener: (m: WhyMessage) => void): () => void {
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

  private send(req: WhyRequest): void {
    this.worker.postMessage(req);
  }
}
