/**
 * The page's handle on the "why it works" worker: start a measurement on some nets, cancel it, and a typed stream of
 * its messages. `netSource` turns a row of src/core/labs/lab-nets.ts into what the worker loads; `bytesSource` is the
 * entry point for weights the page holds (the reader's own model, an upload): safetensors bytes plus a ModelConfig.
 */
import type { BackendChoice } from '../../core/backend.ts';
import { labNetConfig, type LabNet } from '../../core/labs/lab-nets.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import type { WhyJob, WhyMessage, WhyNet, WhyRequest } from '../../workers/why/protocol.ts';
import { WASM_PATHS } from '../backend.ts';
import type { MyNet } from './my-model.ts';

export type { WhyJob, WhyMessage, WhyNet };

/** A reference net: the worker fetches its weights. */
export function netSource(net: LabNet): WhyNet {
  return { key: net.key, label: net.label, config: labNetConfig(net), weightsUrl: net.weightsUrl };
}

/** Weights held by the page (PyTorch-layout safetensors) for a configuration; the bytes are copied, the caller keeps its own. */
export function bytesSource(key: string, label: string, config: ModelConfig, bytes: Uint8Array): WhyNet {
  return { key, label, config, weights: bytes.slice().buffer };
}

/** The reader's own model (src/client/labs/my-model.ts) under a lab row's key and label. */
export function myNetSource(net: LabNet, mine: MyNet): WhyNet {
  return bytesSource(net.key, net.label, mine.config, mine.bytes);
}

export class WhyClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<(m: WhyMessage) => void>();
  private run = 0;

  constructor() {
    this.worker = new Worker(new URL('../../workers/why.worker.ts', import.meta.url), { type: 'module', name: 'why-labs' });
    this.worker.onmessage = (ev: MessageEvent<WhyMessage>) => this.emit(ev.data);
    this.worker.onerror = (ev) => this.emit({ type: 'error', run: this.run, message: `The lab's worker failed: ${ev.message || 'unknown error'}. Reload the page to try again.` });
  }

  /** Subscribes to worker messages; returns the unsubscribe function. */
  on(listener: (m: WhyMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a measurement (cancelling any running one) and returns its run number, which tags its messages. */
  start(job: WhyJob, nets: readonly WhyNet[], backend: BackendChoice): number {
    this.run += 1;
    const transfer = nets.flatMap((n) => (n.weights ? [n.weights] : []));
    this.worker.postMessage({ type: 'why/start', run: this.run, job, nets, backend, wasmPaths: WASM_PATHS } satisfies WhyRequest, transfer);
    return this.run;
  }

  cancel(): void {
    this.worker.postMessage({ type: 'why/cancel' } satisfies WhyRequest);
  }

  dispose(): void {
    this.worker.terminate();
    this.listeners.clear();
  }

  private emit(m: WhyMessage): void {
    for (const l of this.listeners) l(m);
  }
}
