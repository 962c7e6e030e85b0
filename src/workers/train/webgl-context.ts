/**
 * WebGL context-loss hooks of a training session: tfjs cannot carry on after a lost context, so the session rebuilds
 * the backend once the context is restored and resumes from its last checkpoint. Also how it recognises running out
 * of memory. (Which backend it starts is the site's policy: src/core/backend.ts, src/lib/backend/start.ts.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import type { WasmFileMap } from '../../lib/backend/index.ts';
import { startBackend, type Started } from '../../lib/backend/start.ts';
import { capabilities } from '../../platform/browser/capabilities.ts';

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

/** A fresh WebGL backend after a context loss, or the policy's fallback (every tensor of the old one must already be disposed). */
export async function rebuildWebgl(wasmPaths?: WasmFileMap): Promise<Started> {
  try {
    tf.removeBackend('webgl');
  } catch {
    // The lost backend may fail to free its GPU objects; they died with the context anyway.
  }
  tf.registerBackend('webgl', () => new MathBackendWebGL(), 2);
  return startBackend('webgl', capabilities(), { wasmPaths });
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
