/**
 * Typed messages between the gradient-flow and landscape labs and their worker (probe.worker.ts); only plain data
 * crosses. The reader's own model arrives once, in a 'mine' message whose weights buffer is transferred (the client's
 * mineRequest),
 * and the worker keeps it until another replaces it; a start then says whether to include it.
 */
import type { BackendChoice, BackendName } from '../../core/backend.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import type { WasmFileMap } from '../../lib/backend/index.ts';
import type { GradientFlowSettings, LandscapeSettings } from '../../core/labs/lab-tables.ts';
import type { GradientFlow } from '../../lib/inspect/gradient-flow.ts';

/** The reader's model as the worker keeps it: PyTorch-layout safetensors bytes and the network detected from them. */
export interface ProbeMine {
  /** "ResNet-56, projection shortcuts, 855,786 parameters". */
  readonly label: string;
  readonly config: ModelConfig;
  readonly weights: ArrayBuffer;
}

/** Which nets a landscape run computes: the trained reference pair of the chosen depth, the reader's model, or both. */
export interface LandscapeNets {
  readonly pair: boolean;
  readonly mine: boolean;
}

export type ProbeRequest =
  | { readonly type: 'mine'; readonly net: ProbeMine }
  | { readonly type: 'gradflow/start'; readonly run: number; readonly settings: GradientFlowSettings; readonly mine: boolean; readonly backend: BackendChoice; readonly wasmPaths: WasmFileMap }
  | { readonly type: 'landscape/start'; readonly run: number; readonly settings: LandscapeSettings; readonly nets: LandscapeNets; readonly backend: BackendChoice; readonly wasmPaths: WasmFileMap }
  /** Stops the running job after the net or grid point in progress. */
  | { readonly type: 'stop' };

/** One measured net of the gradient-flow lab. */
export interface FlowNet {
  /** 'resnet56_init', 'plain20_sgd15', 'mine', ... */
  readonly key: string;
  readonly label: string;
  /** 'mine': the reader's model (trained, however long). */
  readonly family: 'resnet' | 'plain' | 'mine';
  /** Epochs of training, or null at initialisation (and for the reader's model, whose training is unknown). */
  readonly epochs: number | null;
  readonly flow: GradientFlow;
}

export type ProbeMessage =
  | { readonly type: 'ready'; readonly backend: BackendName; readonly note: string | null }
  | { readonly type: 'status'; readonly run: number; readonly message: string; readonly fraction: number }
  | { readonly type: 'gradflow/net'; readonly run: number; readonly net: FlowNet; readonly index: number; readonly total: number }
  /** The landscape's nets (reference plain first, then ResNet, then the reader's) and grid coordinates, before the first point. */
  | { readonly type: 'landscape/begin'; readonly run: number; readonly nets: readonly { readonly id: string; readonly label: string; readonly epochs: number | null }[]; readonly coords: readonly number[] }
  | { readonly type: 'landscape/point'; readonly run: number; readonly net: number; readonly i: number; readonly j: number; readonly loss: number; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly run: number; readonly stopped: boolean; readonly seconds: number }
  /** After a job: tensors alive in the worker (flat across jobs unless something leaks). */
  | { readonly type: 'memory'; readonly run: number; readonly numTensors: number }
  | { readonly type: 'error'; readonly run: number; readonly message: string };
