/**
 * Typed messages between the "why it works" labs (layer responses, lesion) and their worker; only plain data crosses.
 * A net arrives as a ModelConfig plus PyTorch-layout safetensors: bytes the page holds (the reader's own model, an
 * upload) or a URL the worker fetches (the reference nets of src/core/labs/lab-nets.ts).
 */
import type { BackendChoice, BackendName } from '../../core/backend.ts';
import type { LesionMeasurement } from '../../core/labs/lesion-plan.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import type { WasmFileMap } from '../../lib/backend/index.ts';
import type { LayerStd } from '../../lib/inspect/stats.ts';

export interface WhyNet {
  /** Series key, e.g. 'resnet20_sgd30' or 'mine'. */
  readonly key: string;
  readonly label: string;
  readonly config: ModelConfig;
  /** Safetensors bytes (PyTorch keys); when absent the worker fetches weightsUrl. */
  readonly weights?: ArrayBuffer;
  readonly weightsUrl?: string;
}

/** What to measure: Figure 7's response stds, or the lesion study (draws random sets per k, seeded). */
export type WhyJob =
  | { readonly kind: 'responses'; readonly images: number }
  | { readonly kind: 'lesion'; readonly images: number; readonly draws: number; readonly seed: number };

export type WhyRequest =
  | { readonly type: 'why/start'; readonly run: number; readonly job: WhyJob; readonly nets: readonly WhyNet[]; readonly backend: BackendChoice; readonly wasmPaths: WasmFileMap }
  | { readonly type: 'why/cancel' };

export type WhyMessage =
  | { readonly type: 'ready'; readonly backend: BackendName; readonly note: string | null }
  | { readonly type: 'status'; readonly run: number; readonly message: string; readonly fraction: number }
  /** Stds over the first `done` images so far, for one net. */
  | { readonly type: 'responses'; readonly run: number; readonly net: string; readonly stds: readonly LayerStd[]; readonly done: number; readonly total: number }
  /** Case `index` of one net's lesion plan, measured on the images so far (a later message for the same case refines it). */
  | { readonly type: 'lesion'; readonly run: number; readonly net: string; readonly index: number; readonly measurement: LesionMeasurement; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly run: number; readonly seconds: number }
  | { readonly type: 'cancelled'; readonly run: number }
  /** Tensors alive in the worker after a run: flat across runs unless something leaks. */
  | { readonly type: 'memory'; readonly run: number; readonly numTensors: number }
  | { readonly type: 'error'; readonly run: number; readonly message: string };
