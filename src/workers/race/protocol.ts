/** Typed messages between the degradation lab and its race worker; only plain data crosses. */
import type { BackendChoice, BackendName } from '../../core/backend.ts';
import type { WasmFileMap } from '../../lib/backend/index.ts';
import type { DegradationSettings } from '../../core/labs/settings.ts';
import type { RaceEvent } from '../../lib/race/race.ts';

/** The page's choice; 'auto': the default order of src/core/backend.ts (a hardware GPU through WebGL, else WASM). */
export type RaceBackend = BackendChoice;

export type RaceRequest =
  | { readonly type: 'race/start'; readonly run: number; readonly settings: DegradationSettings; readonly backend: RaceBackend; readonly wasmPaths: WasmFileMap }
  | { readonly type: 'race/stop' };

export type RaceMessage =
  | { readonly type: 'ready'; readonly backend: BackendName; readonly note: string | null }
  | { readonly type: 'status'; readonly run: number; readonly message: string }
  | { readonly type: 'race/event'; readonly run: number; readonly event: RaceEvent }
  /** After a race is disposed: tensors alive in the worker (flat across races unless something leaks). */
  | { readonly type: 'memory'; readonly run: number; readonly numTensors: number }
  | { readonly type: 'error'; readonly run: number; readonly message: string };
