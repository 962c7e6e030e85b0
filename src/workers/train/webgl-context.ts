/**
 * Backend choice for a training session (WebGL first, then WASM, then CPU, saying why when the first choice failed),
 * and WebGL context-loss hooks: tfjs cannot carry on after a lost context, so the session rebuilds the backend once
 * the context is restored and resumes from its last checkpoint.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { setupBackend, type BackendName, type WasmFileMap } from '../../lib/backend/index.ts';

/** Preference order when the page asks for 'auto'. WebGPU only on request: the page's probe (src/client/backend.ts) decides whether it is worth it. */
const AUTO_ORDER: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

/** Starts the preferred backend or the next that works; `note` says what was skipped and why, or is null. */
export async function chooseBackend(pref: BackendName | 'auto', wasmPaths?: WasmFileMap): Promise<{ backend: BackendName; note: string | null }> {
  const order = pref === 'auto' ? AUTO_ORDER : [pref, ...AUTO_ORDER.filter((b) => b !== pref)];
  const skipped: string[] = [];
  for (const name of order) {
    try {
      // wasm runs on threads where cross-origin isolated (a worker inherits its page's isolation), else one thread.
      const backend = await setupBackend(name, { wasmPaths });
      const note = skipped.length === 0 ? null : `${skipped.join(' ')} Training on ${backend} instead.`;
      return { backend, note };
    } catch (e) {
      skipped.push(`${name} is not available here (${e instanceof Error ? e.message : String(e)}).`);
    }
  }
  throw new Error(`No TensorFlow.js backend could start: ${skipped.join(' ')}`);
}

type ContextTarget = { addEventListener(type: string, fn: (e: Event) => void): void; removeEventListener(type: string, fn: (e: Event) => void): void };

/** The active WebGL backend's rendering context, or null on other backends. */
export function webglContext(): WebGLRenderingContext | WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as MathBackendWebGL).gpgpu.gl;
}

/** Calls onLost / onRestored when the WebGL canvas loses or regains its context; returns an unsubscribe function. */
export function watchContext(onLost: () => void, onRestored: () => void): () => void {
  const gl = webglContext();
  if (gl === null) return () => {};
  const canvas = gl.canvas as unknown as ContextTarget;
  let isLost = false;
  let poll: ReturnType<typeof setInterval> | undefined;
  const restored = () => {
    if (!isLost) return;
    isLost = false;
    clearInterval(poll);
    onRestored();
  };
  const lost = (e: Event) => {
    e.preventDefault();
    if (isLost) return;
    isLost = true;
    onLost();
    // Not every canvas (an OffscreenCanvas in a worker) reports the restore: also ask the context.
    poll = setInterval(() => {
      if (!gl.isContextLost()) restored();
    }, 250);
  };
  const names = [['webglcontextlost', lost], ['contextlost', lost], ['webglcontextrestored', restored], ['contextrestored', restored]] as const;
  for (const [n, f] of names) canvas.addEventListener(n, f);
  return () => {
    clearInterval(poll);
    for (const [n, f] of names) canvas.removeEventListener(n, f);
  };
}

/** A fresh WebGL backend after a context loss (every tensor of the old one must already be disposed). */
export async function rebuildWebgl(wasmPaths?: WasmFileMap): Promise<BackendName> {
  try {
    tf.removeBackend('webgl');
  } catch {
    // The lost backend may fail to free its GPU objects; they died with the context anyway.
  }
  tf.registerBackend('webgl', () => new MathBackendWebGL(), 2);
  return (await chooseBackend('webgl', wasmPaths)).backend;
}

/** Test hook: makes the context lose itself and come back after `ms`. */
export function loseContextForTest(ms: number): boolean {
  const ext = webglContext()?.getExtension('WEBGL_lose_context');
  if (ext == null) return false;
  ext.loseContext();
  setTimeout(() => ext.restoreContext(), ms);
  return true;
}

/** Whether an error looks like the backend ran out of memory (WebGL textures, WASM heap, JS heap). */
export function isOutOfMemory(e: unknown): boolean {
  const text = e instanceof Error ? `${e.name} ${e.message}` : String(e);
  return /out of memory|\bOOM\b|RangeError.*(allocat|Array buffer)|Failed to (allocate|create|compile)|memory access out of bounds|exceeds? the (max|limit)|Requested texture size/i.test(text);
}
