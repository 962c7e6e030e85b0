/**
 * The typed messages between a page and the training worker (or the in-page fallback that speaks the same protocol).
 * Tagged unions; only plain data and typed arrays cross (tensors never do).
 */
import type { BackendChoice, BackendName } from '../../core/backend.ts';
import type { WasmFileMap } from '../../lib/backend/index.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import type { ImageArrays } from '../../lib/train/batches.ts';
import type { Recipe } from '../../core/train/recipes.ts';
import type { Curves, TrainEvent } from '../../lib/train/state.ts';
import type { SavedRunInfo } from '../../platform/browser/idb-store.ts';

export type { SavedRunInfo };

/** Where the run's images come from. */
export type DataSource =
  /** The real CIFAR-10 training half served by the site, split 45,000/5,000 by `seed`, cut to `limit` training images. */
  | { readonly kind: 'cifar10'; readonly baseUrl?: string; readonly limit?: number }
  /** Images the page prepared itself (e.g. downsampled); bytes [N, H, W, C] matching the model's input. */
  | { readonly kind: 'arrays'; readonly train: ImageArrays; readonly val: ImageArrays };

export interface StartRequest {
  readonly type: 'train/start';
  /** Names the run's checkpoint slot in IndexedDB (e.g. 'train-page'); one saved run per id. */
  readonly runId: string;
  readonly model: ModelConfig;
  /** Weights to continue from instead of the seeded initialisation: PyTorch-layout safetensors of `model` (an upload). */
  readonly initialWeights?: Uint8Array;
  readonly recipe: Recipe;
  /** Seeds the split, shuffling and augmentation. */
  readonly seed: number;
  readonly logEvery: number;
  readonly data: DataSource;
  /** 'auto': continue the run saved under runId if there is one (its model and recipe win); 'never': start afresh. */
  readonly resume: 'auto' | 'never';
  /** Save checkpoints to IndexedDB at every epoch end, on pause and stop, and every `checkpointEverySeconds` of training. */
  readonly persist: boolean;
  /** Seconds of training between mid-epoch checkpoints; default core's CHECKPOINT_EVERY_SECONDS (tests shorten it). */
  readonly checkpointEverySeconds?: number;
}

export type Request =
  /** The page's choice, started with the site's fallback (src/core/backend.ts). */
  | { readonly type: 'init'; readonly backend: BackendChoice; readonly wasmPaths?: WasmFileMap }
  | StartRequest
  | { readonly type: 'train/pause' }
  | { readonly type: 'train/resume' }
  | { readonly type: 'train/stop' }
  /** Continue from a downloaded checkpoint file (paused until train/resume). */
  | { readonly type: 'checkpoint/load'; readonly runId: string; readonly bytes: Uint8Array; readonly data: DataSource; readonly persist: boolean }
  | { readonly type: 'checkpoint/get'; readonly id: number }
  | { readonly type: 'weights/get'; readonly id: number }
  | { readonly type: 'saved/get'; readonly id: number; readonly runId: string }
  | { readonly type: 'saved/delete'; readonly id: number; readonly runId: string }
  /** Test hook: makes the WebGL context lose itself (and restore after restoreAfterMs) to exercise recovery. */
  | { readonly type: 'debug/lose-context'; readonly restoreAfterMs: number }
  | { readonly type: 'dispose' };


export type ErrorKind = 'backend' | 'data' | 'oom' | 'bad-request' | 'checkpoint' | 'context-lost' | 'internal';

/** The run's life: what a page shows in its status line. */
export type RunStatus = 'idle' | 'loading-data' | 'training' | 'paused' | 'recovering' | 'ended';

export type Message =
  /** The backend in use, and why it is not the preferred one when it is not. */
  | { readonly type: 'ready'; readonly backend: BackendName; readonly where: 'worker' | 'page'; readonly note: string | null }
  | { readonly type: 'status'; readonly status: RunStatus; readonly message: string }
  | { readonly type: 'data/progress'; readonly fraction: number; readonly stage: string }
  /** A run started or resumed: its shape and the curves so far (empty for a new run). */
  | { readonly type: 'run/started'; readonly runId: string; readonly resumedFrom: number | null; readonly totalSteps: number; readonly stepsPerEpoch: number; readonly trainCount: number; readonly valCount: number; readonly recipe: Recipe; readonly model: ModelConfig; readonly curves: Curves }
  | { readonly type: 'event'; readonly event: TrainEvent }
  /** A checkpoint was taken: kept in memory (what a lost GPU context resumes from) and, when `stored`, in IndexedDB. */
  | { readonly type: 'checkpoint/saved'; readonly info: SavedRunInfo; readonly stored: boolean }
  /** Saving failed (e.g. storage quota): training goes on without checkpoints. */
  | { readonly type: 'checkpoint/off'; readonly reason: string }
  | { readonly type: 'checkpoint/bytes'; readonly id: number; readonly bytes: Uint8Array }
  | { readonly type: 'weights/bytes'; readonly id: number; readonly bytes: Uint8Array }
  | { readonly type: 'saved/info'; readonly id: number; readonly info: SavedRunInfo | null }
  | { readonly type: 'done'; readonly id: number }
  | { readonly type: 'error'; readonly kind: ErrorKind; readonly message: string; readonly id?: number };

/** A reply's request id, for requests that expect one. */
export function replyId(m: Message): number | undefined {
  return 'id' in m ? m.id : undefined;
}
