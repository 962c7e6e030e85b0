/**
 * The site's one backend policy, as pure decisions: which TensorFlow.js backends are worth trying in a browser, in
 * which order a page or worker falls back when its choice does not start, which backend a probe picks, and the note
 * that tells the reader what was skipped and why. The page decides (probe + remembered choice, src/client/backend.ts)
 * and passes the choice to its workers; everyone starts it through src/lib/backend/start.ts with this order.
 */

export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/** A backend, or 'auto': the first of this host's default order (a hardware GPU through WebGL, else WASM, else CPU). */
export type BackendChoice = BackendName | 'auto';

export function isBackendName(v: unknown): v is BackendName {
  return typeof v === 'string' && (BACKEND_NAMES as readonly string[]).includes(v);
}

/** What a page or worker can offer: GPU APIs present, and whether wasm may use threads (cross-origin isolation). */
export interface Capabilities {
  readonly webgpu: boolean;
  readonly webgl: boolean;
  /** WebGL runs on a software rasteriser (SwiftShader, llvmpipe): far slower than WASM: BENCHMARKS.md, "Software rendering", so never chosen unasked. */
  readonly softwareGl?: boolean;
  readonly wasmThreads: boolean;
  readonly cores: number;
}

/** Backends worth probing here, fastest-first by expectation; cpu is always last (slow, but always works). */
export function candidates(c: Capabilities): BackendName[] {
  const out: BackendName[] = [];
  if (c.webgpu) out.push('webgpu');
  if (c.webgl && c.softwareGl !== true) out.push('webgl');
  out.push('wasm', 'cpu');
  return out;
}

/** A backend that did not start ('failed'), or that the policy left out ('skipped'), and why, in words for the reader. */
export interface Skipped {
  readonly backend: BackendName;
  readonly kind: 'failed' | 'skipped';
  readonly reason: string;
}

export const SOFTWARE_GL_REASON = 'WebGL runs on a software rasteriser here, about 25 times slower than WebAssembly';
/** Why the probe does not time a fallback WebGPU adapter (SwiftShader's Vulkan: 1.2 img/s against WASM's 421.8, BENCHMARKS.md). */
export const SOFTWARE_WEBGPU_REASON = 'WebGPU runs on a software adapter here, two orders of magnitude slower than WebAssembly';

/**
 * The order in which a host tries backends for `choice`: the choice itself, then the default order. The default order
 * is the probe's candidates without WebGPU (started only when the probe or the reader chose it); `skipped` says why
 * WebGL is not in it when the GPU is a software one. An explicit choice is always tried first, even software WebGL.
 */
export function startOrder(choice: BackendChoice, c: Capabilities): { order: BackendName[]; skipped: Skipped[] } {
  const defaults = candidates(c).filter((b) => b !== 'webgpu');
  const softwareSkip = c.webgl && c.softwareGl === true && choice !== 'webgl';
  const skipped: Skipped[] = softwareSkip && choice === 'auto' ? [{ backend: 'webgl', kind: 'skipped', reason: SOFTWARE_GL_REASON }] : [];
  const order = choice === 'auto' ? defaults : [choice, ...defaults.filter((b) => b !== choice)];
  return { order, skipped };
}

/** The note for a backend that is not the one asked for: what was skipped and why; null when nothing was. */
export function fallbackNote(skipped: readonly Skipped[], used: BackendName, doing = 'Training'): string | null {
  if (skipped.length === 0) return null;
  const said = skipped.map((s) => `${s.backend} ${s.kind === 'failed' ? 'is not available here' : 'is skipped'} (${s.reason}).`);
  return `${said.join(' ')} ${doing} on ${used} instead.`;
}

/** One probe result: training images/s of a small ResNet step, or why the backend failed. */
export interface ProbeResult {
  readonly backend: BackendName;
  readonly imgPerSec: number | null;
  readonly error?: string;
  /** Not timed by policy (a software adapter), though it would start: the reader may still choose it. */
  readonly skipped?: string;
}

/** The fastest successful probe; wasm when nothing succeeded (it runs everywhere the site does). */
export function fastest(results: readonly ProbeResult[]): BackendName {
  let best: ProbeResult | null = null;
  for (const r of results) if (r.imgPerSec != null && (best == null || r.imgPerSec > (best.imgPerSec ?? 0))) best = r;
  return best?.backend ?? 'wasm';
}
