/** Typed messages between the landing page's toy race figure and its worker; only plain data crosses. */
import type { WasmFileMap } from '../../lib/backend/index.ts';
import type { ToyRaceSettings } from '../../core/toy/race-config.ts';
import type { ToyEvent } from '../../lib/toy/race.ts';

export type ToyRequest =
  /** A new race from step 0 (any race under way is dropped). */
  | { readonly type: 'toy/start'; readonly run: number; readonly settings: ToyRaceSettings; readonly wasmPaths: WasmFileMap }
  /** Stops stepping after the current step; the race keeps its state. */
  | { readonly type: 'toy/pause' }
  /** Continues the current race where it paused. */
  | { readonly type: 'toy/resume' };

export type ToyMessage =
  | { readonly type: 'toy/event'; readonly run: number; readonly event: ToyEvent }
  /** After a race is disposed: tensors alive in the worker (flat across races unless something leaks). */
  | { readonly type: 'memory'; readonly run: number; readonly numTensors: number }
  | { readonly type: 'error'; readonly run: number; readonly message: string };
