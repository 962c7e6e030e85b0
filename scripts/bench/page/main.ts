/** The browser half of `npm run bench`: exposes runBench(target) for Playwright to call, one target per page load. */
import { nativeKernelsInUse, setupBackend, wasmThreadsInUse, type BackendName } from '../../../src/lib/backend/index.ts';
import { measure, type Measurement } from '../../../src/lib/backend/measure.ts';
import { WASM_PATHS } from '../../../src/client/backend.ts';

export interface BrowserTarget {
  readonly backend: BackendName;
  /** wasm only: false = single-threaded SIMD binary; true = threaded binary with `threads` workers. */
  readonly wasmThreads?: boolean;
  readonly threads?: number;
  readonly batch: number;
  readonly warmup: number;
  readonly steps: number;
  readonly inferBatch: number;
}

export interface BrowserResult extends Measurement {
  readonly threadsInUse: number;
  /** The project's WASM module in use (variant, pool threads), or null. */
  readonly native: string | null;
  readonly crossOriginIsolated: boolean;
  readonly userAgent: string;
}

async function runBench(t: BrowserTarget): Promise<BrowserResult> {
  // tfjs would use hardwareConcurrency / 2 threads (1 on a 2-core machine); the multi-threaded target uses every core.
  const threads = t.threads ?? (t.wasmThreads ? navigator.hardwareConcurrency : undefined);
  await setupBackend(t.backend, { wasmPaths: WASM_PATHS, wasmThreads: t.wasmThreads, threadsCount: threads });
  const m = await measure({ model: 'resnet20', batch: t.batch, warmup: t.warmup, steps: t.steps, inferBatch: t.inferBatch });
  return { ...m, threadsInUse: wasmThreadsInUse(), native: nativeKernelsInUse(), crossOriginIsolated: globalThis.crossOriginIsolated, userAgent: navigator.userAgent };
}

(globalThis as unknown as { runBench: typeof runBench }).runBench = runBench;
document.getElementById('status')!.textContent = 'ready';
