/**
 * How many threads the wasm backend gets, and the one workaround that lets it have them.
 *
 * tfjs-backend-wasm 4.22 caps the XNNPACK thread pool at navigator.hardwareConcurrency / 2, whatever setThreadsCount
 * asks for (backend.cc: min(requested, emscripten_num_logical_cores() / 2), the half assuming two hyperthreads per
 * core), so a 2-core machine always got 1 thread. The binary reads the core count once, while it initialises; during
 * that initialisation only, withLogicalCores makes navigator.hardwareConcurrency read twice the threads wanted. In Node
 * the binary counts os.cpus() instead, which Node's host (scripts/lib/node-wasm-threads.ts) stretches the same way.
 */

/** True in a cross-origin isolated page or worker, where SharedArrayBuffer (so wasm threads) is available. */
export function isCrossOriginIsolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** Logical cores this browser (or Node >= 21) reports (navigator.hardwareConcurrency), 1 where unknown. */
export function logicalCores(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 1;
}

/** Threads to ask for when the caller gave none: one per logical core. */
export function defaultThreadsCount(): number {
  return logicalCores();
}

/**
 * Runs `start` while navigator.hardwareConcurrency reads at least `cores`, then restores the browser's own value.
 * Without a navigator it just runs `start`.
 */
export async function withLogicalCores<T>(cores: number, start: () => Promise<T>): Promise<T> {
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav == null || logicalCores() >= cores) return start();
  // An own property shadows Navigator.prototype's getter; deleting it brings the getter back.
  Object.defineProperty(nav, 'hardwareConcurrency', { value: cores, configurable: true });
  try {
    return await start();
  } finally {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}
