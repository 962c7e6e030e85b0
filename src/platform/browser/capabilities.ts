/** Whether this browser's WebGL is a real GPU: software rasterisers (SwiftShader, llvmpipe) train ~25x slower than WASM. */

/** True when WebGL2 is missing or runs on a software rasteriser. Works in pages and workers. */
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
