/**
 * What this page or worker can offer TensorFlow.js, read from the browser: GPU APIs, whether WebGL is a real GPU, and
 * whether wasm may use threads. The policy that turns this into an order of backends is src/core/backend.ts.
 */
import type { Capabilities } from '../../core/backend.ts';

/** True when WebGL2 is missing or runs on a software rasteriser (SwiftShader, llvmpipe: far slower than WASM: BENCHMARKS.md, "Software rendering"). Works in pages and workers. */
export function softwareGl(): boolean {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return true;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|software|basic render/i.test(renderer);
  } catch {
    return true;
  }
}

/**
 * True when the WebGPU adapter this host would get is a fallback (software) one, such as SwiftShader's Vulkan in a
 * browser without a usable GPU: timing a training step there takes minutes. False when there is a hardware adapter or
 * none at all (starting WebGPU then fails at once, with its own message).
 */
export async function softwareWebGpu(): Promise<boolean> {
  type Adapter = { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean; architecture?: string; description?: string } };
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<Adapter | null> } } }).navigator?.gpu;
  if (!gpu) return false;
  try {
    const a = await gpu.requestAdapter();
    if (!a) return false;
    return a.isFallbackAdapter === true || a.info?.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe/i.test(`${a.info?.architecture ?? ''} ${a.info?.description ?? ''}`);
  } catch {
    return false;
  }
}

/** This host's capabilities (a page or a worker; in Node every GPU API reads as absent). */
export function capabilities(): Capabilities {
  const g = globalThis as { navigator?: Navigator & { gpu?: unknown }; crossOriginIsolated?: boolean; document?: Document };
  let webgl = false;
  try {
    const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : g.document?.createElement('canvas');
    webgl = canvas?.getContext('webgl2') != null;
  } catch {
    webgl = false;
  }
  return {
    webgpu: g.navigator?.gpu != null,
    webgl,
    softwareGl: webgl && softwareGl(),
    wasmThreads: g.crossOriginIsolated === true,
    cores: g.navigator?.hardwareConcurrency ?? 1,
  };
}
