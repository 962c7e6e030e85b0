/**
 * Typed messages between the degradation lab and its race workers; only plain data crosses. A race runs one job per
 * net, each in a worker of its own (the nets step in parallel on the same seeded batches, so their curves are those
 * of the lockstep race); the first job's worker loads CIFAR-10 and hands the race's images to the others.
 */
import type { BackendChoice, BackendName } from '../../core/backend.ts';
import type { WasmFileMap } from '../../lib/backend/index.ts';
import type { DegradationSettings } from '../../core/labs/degradation-settings.ts';
import type { RaceData } from '../../lib/race/data.ts';
import type { RaceEvent } from '../../lib/race/race.ts';

/** The page's choice; 'auto': the default order of src/core/backend.ts (a hardware GPU through WebGL, else WASM). */
export type RaceBackend = BackendChoice;

export type RaceRequest =
  | {
    readonly type: 'race/start';
    readonly run: number;
    readonly settings: DegradationSettings;
    /** Indices into settings.nets that this worker trains, one after the other. */
    readonly nets: readonly number[];
    /** WASM threads of this worker (set when its backend first starts). */
    readonly threads: number;
    /** The race's images; null: load CIFAR-10, build them and post them back ('race/data') before training. */
    readonly data: RaceData | null;
    readonly backend: RaceBackend;
    readonly wasmPaths: WasmFileMap;
  }
  | { readonly type: 'race/stop' };

export type RaceMessage =
  | { readonly type: 'ready'; readonly backend: BackendName; readonly note: string | null }
  | { readonly type: 'status'; readonly run: number; readonly message: string }
  | { readonly type: 'race/data'; readonly run: number; readonly data: RaceData }
  /** An event of the job training net `job` (an index into settings.nets). */
  | { readonly type: 'race/event'; readonly run: number; readonly job: number; readonly event: RaceEvent }
  /** After a worker's nets are disposed: tensors alive in it (flat across races unless something leaks). */
  | { readonly type: 'memory'; readonly run: number; readonly numTensors: number }
  | { readonly type: 'error'; readonly run: number; readonly message: string };
