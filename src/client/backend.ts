/**
 * The page's side of the site's backend policy (src/core/backend.ts): a quick timed probe of the backends this browser
 * offers to pick the fastest, and the reader's choice remembered in localStorage. The page decides and passes the
 * choice to its workers, which start it with the shared fallback (src/lib/backend/start.ts). The wasm binaries are
 * served from the site's own origin (Vite copies them into the build through the `?url` imports below), never a CDN.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { candidates, fastest, isBackendName, SOFTWARE_WEBGPU_REASON, type BackendChoice, type BackendName, type Capabilities, type ProbeResult } from '../core/backend.ts';
import type { WasmFileMap } from '../lib/backend/index.ts';
import type { Started } from '../lib/backend/start.ts';
import { capabilities, softwareWebGpu } from '../platform/browser/capabilities.ts';

export { candidates, capabilities, fastest };
export type { Capabilities, ProbeResult };

/** URLs of the three tfjs-wasm binaries on this site, for setupBackend's wasmPaths. */
export const WASM_PATHS: WasmFileMap = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

export const STORAGE_KEY = 'resnet-lab.backend';

/** The remembered backend, or null when none (or an unknown value) is stored. */
export function rememberedBackend(storage: Pick<Storage, 'getItem'> | undefined): BackendName | null {
  const v = storage?.getItem(STORAGE_KEY);
  return isBackendName(v) ? v : null;
}

export function rememberBackend(storage: Pick<Storage, 'setItem'> | undefined, name: BackendName): void {
  storage?.setItem(STORAGE_KEY, name);
}

/**
 * Times one small ResNet-20 training step (batch 8, after one warm-up step) on each candidate, in this page, then
 * gives the page back the backend it had. cpu is timed only when nothing before it worked: it is never the fastest
 * (tens of seconds per step), so probing it would only stall the page. Nor is a software WebGPU adapter timed: its
 * step took minutes where the race waited for the probe (a reader can still choose WebGPU).
 * wasm runs on threads where the page is cross-origin isolated, else single-threaded SIMD (setupBackend).
 */
export async function probe(caps: Capabilities = capabilities(), onResult?: (r: ProbeResult) => void): Promise<ProbeResult[]> {
  const { activeBackend, setupBackend } = await import('../lib/backend/index.ts');
  const { measure } = await import('../lib/backend/measure.ts');
  const before = activeBackend();
  const results: ProbeResult[] = [];
  for (const backend of candidates(caps)) {
    if (backend === 'cpu' && results.some((r) => r.imgPerSec != null)) break;
    let r: ProbeResult;
    if (backend === 'webgpu' && (await softwareWebGpu())) {
      r = { backend, imgPerSec: null, skipped: SOFTWARE_WEBGPU_REASON };
      results.push(r);
      onResult?.(r);
      continue;
    }
    try {
      await setupBackend(backend, { wasmPaths: WASM_PATHS });
      const m = await measure({ model: 'resnet20', batch: 8, warmup: 1, steps: 1, inferBatch: 0 });
      r = { backend, imgPerSec: m.trainImgPerSec };
    } catch (e) {
      r = { backend, imgPerSec: null, error: e instanceof Error ? e.message : String(e) };
    }
    results.push(r);
    onResult?.(r);
  }
  if (before !== null) await setupBackend(before, { wasmPaths: WASM_PATHS }).catch(() => undefined);
  return results;
}

/** The probe in flight, shared: the picker and a lab asking at once must not time the backends twice. */
let probing: Promise<BackendName> | null = null;
const probeListeners = new Set<(r: ProbeResult) => void>();

/** Follows every probe on this page, whoever starts it (the BackendPicker shows what a lab's probe found). */
export interface ProbeWatcher {
  result?(r: ProbeResult): void;
  done?(chosen: BackendName, results: readonly ProbeResult[]): void;
}
const watchers = new Set<ProbeWatcher>();

/** Registers a watcher of probes; returns the function that removes it. */
export function watchProbes(w: ProbeWatcher): () => void {
  watchers.add(w);
  return () => watchers.delete(w);
}

/**
 * The reader's backend: the remembered one, else the probe's fastest (then remembered). Every component that runs
 * TensorFlow.js (labs, workers via their clients, the evaluation) asks here, so they agree with the BackendPicker.
 */
export async function chooseBackend(storage: Storage | undefined, onResult?: (r: ProbeResult) => void): Promise<BackendName> {
  // While a probe runs, everyone waits for it: it owns the page's TensorFlow.js until it ends.
  if (probing === null) {
    const remembered = rememberedBackend(storage);
    if (remembered) return remembered;
  }
  if (onResult) probeListeners.add(onResult);
  probing ??= probe(capabilities(), (r) => {
    probeListeners.forEach((l) => l(r));
    watchers.forEach((w) => w.result?.(r));
  })
    .then((results) => {
      // A choice the reader made while the probe ran wins over the probe.
      const chosen = rememberedBackend(storage) ?? fastest(results);
      rememberBackend(storage, chosen);
      watchers.forEach((w) => w.done?.(chosen, results));
      return chosen;
    })
    .finally(() => {
      probing = null;
      probeListeners.clear();
    });
  return probing;
}

/**
 * Starts `choice` (default: the reader's, from chooseBackend) in this page with the shared fallback, for inference on
 * the page (evaluation, block stepper, the train page's report). wasm threads where the page is isolated unless
 * `wasmThreads` is false.
 */
export async function startPageBackend(choice?: BackendChoice, opts: { readonly wasmThreads?: boolean } = {}): Promise<Started> {
  const chosen = choice ?? (await chooseBackend(globalThis.localStorage).catch(() => 'auto' as const));
  const { startBackend } = await import('../lib/backend/start.ts');
  return startBackend(chosen, capabilities(), { wasmPaths: WASM_PATHS, wasmThreads: opts.wasmThreads, doing: 'Running' });
}
