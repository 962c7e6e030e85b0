/** Typed messages between the gradient-flow and landscape labs and their worker (probe.worker.ts); only plain data crosses. */
import type { BackendChoice, BackendName } from '../../core/backend.ts';
import type { WasmFileMap } from '../../lib/backend/index.ts';
import type { GradientFlowSettings, LandscapeSettings } from '../../core/labs/settings.ts';
import type { GradientFlow } from '../../lib/inspect/gradient-flow.ts';

export type ProbeRequest =
  | { readonly type: 'gradflow/start'; readonly run: number; readonly settings: GradientFlowSettings; readonly backend: BackendChoice; readonly wasmPaths: WasmFileMap }
  | { readonly type: 'landscape/start'; readonly run: number; readonly settings: LandscapeSettings; readonly backend: BackendChoice; readonly wasmPaths: WasmFileMap }
  /** Stops the running job after the net or grid point in progress. */
  | { readonly type: 'stop' };

/** One measured net of the gradient-flow lab. */
export interface FlowNet {
  /** 'resnet56_init', 'plain20_sgd15', ... */
  readonly key: string;
  readonly label: string;
  readonly family: 'resnet' | 'plain';
  /** Epochs of training, or null at initialisation. */
  readonly epochs: number | null;
  readonly flow: GradientFlow;
}

export type ProbeMessage =
  | { readonly type: 'ready'; readonly backend: BackendName; readonly note: string | null }
  | { readonly type: 'status'; readonly run: number; readonly message: string; readonly fraction: number }
  | { readonly type: 'gradflow/net'; readonly run: number; readonly net: FlowNet; readonly index: number; readonly total: number }
  /** The landscape's nets (plain first) and grid coordinates, before the first point. */
  | { readonly type: 'landscape/begin'; readonly run: number; readonly nets: readonly { readonly id: string; readonly label: string; readonly epochs: number }[]; readonly coords: readonly number[] }
  | { readonly type: 'landscape/point'; readonly run: number; readonly net: number; readonly i: number; readonly j: number; readonly loss: number; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly run: number; readonly stopped: boolean; readonly seconds: number }
  /** After a job: tensors alive in the worker (flat across jobs unless something leaks). */
  | { readonly type: 'memory'; readonly run: number; readonly numTensors: number }
  | { readonly type: 'error'; readonly run: number; readonly message: string };
