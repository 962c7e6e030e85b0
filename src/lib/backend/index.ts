/**
 * Backend set-up for pages, workers, Node scripts and tests: registers a TensorFlow.js backend, the project's own
 * kernels (see conv-grads.ts, bn-grad.ts and BENCHMARKS.md), and makes it the active one.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { batchNormGradConfig } from './bn-grad.ts';
import { filterGradKernel, inputGradKernel } from './conv-grads.ts';
import { registerStockGradients } from './gradients.ts';
import {
  activeNative, attachNative, nativeBatchNormConfigs, nativeFusedBatchNormKernel, nativeKernel, nativeOwnKernels, nativeReluConfigs, nativeSwitch,
  syncOwnKernels,
} from './native/kernels.ts';
import type { ThreadSpawner } from './native/pool.ts';
import { identityKernel, splitVKernel } from './wasm-copies.ts';
import { leadingReduceKernel, meanGradConfig } from './reductions.ts';
import { defaultThreadsCount, isCrossOriginIsolated, withLogicalCores } from './wasm-threads.ts';
import { BACKEND_NAMES, type BackendName } from '../../core/backend.ts';

export { registerStockGradients };
export type { PoolThread, ThreadSpawner } from './native/pool.ts';

export { BACKEND_NAMES, type BackendName };

/** The three tfjs-wasm binaries by file name, as setWasmPaths takes them. */
export type WasmFileMap = {
  'tfjs-backend-wasm.wasm': string;
  'tfjs-backend-wasm-simd.wasm': string;
  'tfjs-backend-wasm-threaded-simd.wasm': string;
};

export interface SetupOptions {
  /**
   * Where the .wasm binaries are served: a folder URL ending in '/' or a map of each file. Browsers need it (the site
   * serves its own copies); Node defaults to the binaries next to tfjs-backend-wasm's Node build
   * (node_modules/@tensorflow/tfjs-backend-wasm/dist/).
   */
  readonly wasmPaths?: string | WasmFileMap;
  /**
   * wasm: threads are used where the page or worker is cross-origin isolated (SharedArrayBuffer available) or the host
   * gives spawnThread, else the single-threaded SIMD binary. false forces the single-threaded binary even there.
   */
  readonly wasmThreads?: boolean;
  /** wasm: worker threads with the threaded binary; default navigator.hardwareConcurrency (tfjs's own default is half). */
  readonly threadsCount?: number;
  /**
   * wasm, for a host whose threads share memory without cross-origin isolation (Node's worker_threads, with
   * scripts/lib/node-wasm-threads.ts letting tfjs-wasm's own threads start there): how the project's kernels start a
   * thread. Given, wasm runs threaded as in an isolated page. Takes effect on the backend's first start only.
   */
  readonly spawnThread?: ThreadSpawner;
  /** false keeps stock tfjs kernels (for comparisons); default true. */
  readonly customKernels?: boolean;
  /**
   * wasm: false keeps the kernels composed from tfjs ops instead of the project's own WASM convolution module
   * (native/, BENCHMARKS.md); default true. Takes effect on the backend's first start only.
   */
  readonly nativeKernels?: boolean;
}

/** Kernels the project replaces or adds, per backend (webgl/webgpu keep their GPU kernels). */
const COMPOSED_CONV_GRADS: ReadonlySet<string> = new Set(['wasm', 'cpu']);
/** Backends whose Sum/Mean transpose before reducing leading axes (reductions.ts). */
const LEADING_REDUCTIONS: ReadonlySet<string> = new Set(['wasm']);
/** Backends where the project's own WASM module runs the convolutions (native/kernels.ts). */
const NATIVE_CONV: ReadonlySet<string> = new Set(['wasm']);
const REPLACEABLE = [tf.Conv2D, tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput, tf.Sum, tf.Mean, tf.Identity, tf.SplitV, tf.FusedBatchNorm] as const;
const replaced = new Map<string, tf.KernelConfig | undefined>();
let projectGradsRegistered = false;

/** The project's kernel for `name` on `backendName`, given the stock one (if any); null = keep the stock kernel. */
function projectKernel(name: (typeof REPLACEABLE)[number], backendName: string, original?: tf.KernelConfig): tf.KernelConfig | null {
  if (name === tf.Conv2D) return NATIVE_CONV.has(backendName) ? nativeKernel(name, original) : null;
  if (name === tf.FusedBatchNorm) return NATIVE_CONV.has(backendName) && original ? nativeFusedBatchNormKernel(original) : null;
  if (name === tf.Identity || name === tf.SplitV) {
    if (backendName !== 'wasm' || original == null) return null;
    return name === tf.Identity ? identityKernel(original) : splitVKernel(original);
  }
  if (name === tf.Conv2DBackpropFilter || name === tf.Conv2DBackpropInput) {
    if (!COMPOSED_CONV_GRADS.has(backendName)) return null;
    const composed = name === tf.Conv2DBackpropFilter ? filterGradKernel(backendName, original) : inputGradKernel(backendName, original);
    return NATIVE_CONV.has(backendName) ? nativeKernel(name, composed) : composed;
  }
  if (!LEADING_REDUCTIONS.has(backendName) || original == null) return null;
  return leadingReduceKernel(name, backendName, original);
}

/** Registers the project's kernels for one backend, keeping the stock kernels for fallback and restoring. */
function registerKernels(backendName: string): void {
  for (const name of REPLACEABLE) {
    const key = `${backendName}/${name}`;
    if (replaced.has(key)) continue;
    const original = tf.getKernel(name, backendName);
    const mine = projectKernel(name, backendName, original);
    if (mine == null) continue;
    if (original) tf.unregisterKernel(name, backendName);
    replaced.set(key, original);
    tf.registerKernel(mine);
  }
}

/** Puts the stock kernels back (tests compare against them); the next setupBackend registers the project's again. */
export function restoreStockKernels(backendName: string): void {
  for (const name of REPLACEABLE) {
    const key = `${backendName}/${name}`;
    if (!replaced.has(key)) continue;
    tf.unregisterKernel(name, backendName);
    const original = replaced.get(key);
    if (original) tf.registerKernel(original);
    replaced.delete(key);
  }
  for (const k of nativeOwnKernels) {
    if (k.backendName === backendName && tf.getKernel(k.kernelName, backendName) != null) tf.unregisterKernel(k.kernelName, backendName);
  }
}

/** Registers the stock gradients, then the project's gradient and kernels that apply to `name` (idempotent). */
export async function registerCustomKernels(name: BackendName): Promise<void> {
  await registerStockGradients();
  if (!projectGradsRegistered) {
    tf.registerGradient(batchNormGradConfig);
    tf.registerGradient(meanGradConfig);
    for (const g of nativeBatchNormConfigs.gradients) tf.registerGradient(g);
    tf.registerGradient(nativeReluConfigs.gradient);
    projectGradsRegistered = true;
  }
  registerKernels(name);
}

let wasmConfigured = false;
/** Threads asked of the wasm backend (set once, before its first initialisation); null = single-threaded. */
let wasmThreadsWanted: number | null = null;
/** How the native pool starts threads, where the host gave its own (Node); undefined = Web Workers. */
let wasmSpawner: ThreadSpawner | undefined;

/** Configures the wasm binaries before the backend's first initialisation (tfjs reads these settings once). */
function configureWasm(opts: SetupOptions): void {
  // Not tf.findBackend: it starts initialising the backend, before the paths and the thread flag below are set.
  if (wasmConfigured || tf.engine().registry['wasm'] != null) return;
  if (opts.threadsCount != null && (!Number.isInteger(opts.threadsCount) || opts.threadsCount < 1)) {
    throw new Error(`threadsCount must be a positive integer, got ${opts.threadsCount}.`);
  }
  if (opts.wasmPaths != null) setWasmPaths(opts.wasmPaths);
  if (opts.wasmThreads !== false && (isCrossOriginIsolated() || opts.spawnThread != null)) {
    wasmThreadsWanted = opts.threadsCount ?? defaultThreadsCount();
    setThreadsCount(wasmThreadsWanted);
    // tfjs's own probe answers no in Node whatever the host can do; a host that gives a spawner says it can.
    if (opts.spawnThread != null) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    wasmSpawner = opts.spawnThread;
  } else {
    // Said outright, not left to tfjs's probe: without isolation the threaded binary cannot share its memory.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  wasmConfigured = true;
}

/**
 * Loads tfjs-backend-webgpu on demand, where navigator.gpu exists: a dynamic import, so the bundler splits it into a
 * chunk that only browsers with WebGPU fetch, and pages without it do not pay for it.
 */
async function loadWebgpu(): Promise<void> {
  if (tf.findBackendFactory('webgpu') != null) return;
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
  if (gpu == null) throw new Error("Backend 'webgpu' needs WebGPU (navigator.gpu), which this environment lacks; use 'webgl', 'wasm' or 'cpu'.");
  // Browsers may expose navigator.gpu with no adapter behind it (headless, blocklisted GPUs): ask before fetching the code.
  if ((await gpu.requestAdapter().catch(() => null)) == null) {
    throw new Error("Backend 'webgpu': this browser offers WebGPU but no GPU adapter for it (blocklisted or headless); use 'webgl', 'wasm' or 'cpu'.");
  }
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
  } catch (e) {
    throw new Error(`Backend 'webgpu' could not load its code (${e instanceof Error ? e.message : String(e)}); use 'webgl', 'wasm' or 'cpu'.`);
  }
  // The package registers itself only when it judges WebGPU usable (a secure context with navigator.gpu).
  if (tf.findBackendFactory('webgpu') == null) throw new Error("Backend 'webgpu' is not supported in this context; use 'webgl', 'wasm' or 'cpu'.");
}

/**
 * Makes `name` the active TensorFlow.js backend with the project's kernels registered, and returns the backend in use.
 * Throws with the reason and the alternatives when the backend cannot start here (e.g. webgl in Node).
 */
export async function setupBackend(name: BackendName, opts: SetupOptions = {}): Promise<BackendName> {
  if (!BACKEND_NAMES.includes(name)) {
    throw new Error(`Unknown backend '${String(name)}'; choose one of ${BACKEND_NAMES.join(', ')}.`);
  }
  if (name === 'wasm') configureWasm(opts);
  if (name === 'webgpu') await loadWebgpu();
  if (opts.customKernels !== false) await registerCustomKernels(name);
  else {
    await registerStockGradients();
    restoreStockKernels(name);
  }
  let ok = false;
  let reason = '';
  try {
    // tfjs-wasm caps its threads at hardwareConcurrency / 2 while it initialises (wasm-threads.ts).
    const threads = name === 'wasm' ? wasmThreadsWanted : null;
    ok = await (threads != null ? withLogicalCores(2 * threads, () => tf.setBackend(name)) : tf.setBackend(name));
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
  }
  if (!ok) {
    const others = BACKEND_NAMES.filter((b) => b !== name).join(', ');
    throw new Error(`Backend '${name}' could not start here${reason ? `: ${reason}` : ''}. Try one of ${others}.`);
  }
  await tf.ready();
  if (name === 'wasm' && opts.customKernels !== false && opts.nativeKernels !== false) {
    await attachNative(tf.backend(), getThreadsCount(), wasmSpawner);
    // The module's own kernels (batch norm, ReLU gradient) exist exactly while it is attached and on.
    syncOwnKernels();
  }
  return tf.getBackend() as BackendName;
}

/**
 * Switches the project's WASM module off (everything falls back to the kernels composed from tfjs ops and to stock
 * batch norm, as on an engine without WASM SIMD) or back on: for comparisons in tests and benchmarks.
 */
export function setNativeKernels(enabled: boolean): void {
  nativeSwitch.enabled = enabled;
  syncOwnKernels();
}

/** The project's WASM convolution module on the active backend, e.g. "relaxed-shared, 2 thread(s)"; null if not in use. */
export function nativeKernelsInUse(): string | null {
  return activeNative()?.description ?? null;
}

/** The backend setupBackend last made active, or null before any (unlike tf.getBackend(), starts none). */
export function activeBackend(): BackendName | null {
  const name = tf.engine().backendName as string | null | undefined;
  return BACKEND_NAMES.find((b) => b === name) ?? null;
}

/** Worker threads the wasm backend runs on (1 without cross-origin isolation or a host's spawner). */
export function wasmThreadsInUse(): number {
  return tf.getBackend() === 'wasm' ? getThreadsCount() : 0;
}
