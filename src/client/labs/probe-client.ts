/**
 * The page's handle on the worker of the gradient-flow and landscape labs: start a job (with the reader's own model
 * when given: its bytes go to the worker once per model, moved rather than cloned), stop it, a typed stream of messages.
 */
import type { BackendChoice } from '../../core/backend.ts';
import type { GradientFlowSettings, LandscapeSettings } from '../../core/labs/lab-tables.ts';
import { WASM_PATHS } from '../backend.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import type { LandscapeNets, ProbeMessage, ProbeRequest } from '../../workers/probe/protocol.ts';
import type { MyNet } from './my-model.ts';

export type { FlowNet, LandscapeNets, ProbeMessage } from '../../workers/probe/protocol.ts';

/**
 * The 'mine' message for weights the page holds, with its transfer list: the bytes are copied once into a buffer of
 * their own, which is then moved to the worker (not cloned), so the page keeps its bytes and nothing is copied twice.
 */
export function mineRequest(label: string, config: ModelConfig, bytes: Uint8Array): { readonly req: ProbeRequest; readonly transfer: Transferable[] } {
  const weights = bytes.slice().buffer;
  return { req: { type: 'mine', net: { label, config, weights } }, transfer: [weights] };
}

export class ProbeClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<(m: ProbeMessage) => void>();
  private run = 0;
  /** The reader's model the worker holds (sent once; a new model replaces it). */
  private sent: MyNet | null = null;

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

  /** Measures gradient norms (stopping any running job), the reader's model too when given; returns the run number that tags its messages. */
  gradientFlow(settings: GradientFlowSettings, backend: BackendChoice, mine: MyNet | null = null): number {
    this.run += 1;
    this.hold(mine);
    this.send({ type: 'gradflow/start', run: this.run, settings, mine: mine !== null, backend, wasmPaths: WASM_PATHS });
    return this.run;
  }

  /** Computes loss slices coarse to fine (stopping any running job) of the reference pair and/or `mine`; returns the run number. */
  landscape(settings: LandscapeSettings, backend: BackendChoice, nets: { readonly pair: boolean; readonly mine: MyNet | null }): number {
    this.run += 1;
    this.hold(nets.mine);
    const which: LandscapeNets = { pair: nets.pair, mine: nets.mine !== null };
    this.send({ type: 'landscape/start', run: this.run, settings, nets: which, backend, wasmPaths: WASM_PATHS });
    return this.run;
  }

  /** Sends the reader's model unless the worker already holds this one. */
  private hold(mine: MyNet | null): void {
    if (!mine || mine === this.sent) return;
    const { req, transfer } = mineRequest(mine.label, mine.config, mine.bytes);
    this.worker.postMessage(req, transfer);
    this.sent = mine;
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
