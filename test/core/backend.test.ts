import { describe, expect, it } from 'vitest';
import { fallbackNote, isBackendName, startOrder, type Capabilities } from '../../src/core/backend.ts';

const caps = (patch: Partial<Capabilities> = {}): Capabilities => ({ webgpu: false, webgl: true, softwareGl: false, wasmThreads: false, cores: 2, ...patch });

describe('the backend policy', () => {
  it("'auto' is a hardware GPU through WebGL, else WASM, then CPU; WebGPU only when chosen", () => {
    expect(startOrder('auto', caps({ webgpu: true }))).toEqual({ order: ['webgl', 'wasm', 'cpu'], skipped: [] });
    expect(startOrder('auto', caps({ webgl: false }))).toEqual({ order: ['wasm', 'cpu'], skipped: [] });
  });

  it("'auto' skips software-rendered WebGL and says why", () => {
    const { order, skipped } = startOrder('auto', caps({ softwareGl: true }));
    expect(order).toEqual(['wasm', 'cpu']);
    expect(skipped).toEqual([{ backend: 'webgl', kind: 'skipped', reason: expect.stringMatching(/software rasteriser/) }]);
  });

  it('tries an explicit choice first (even software WebGL), then the default order without repeating it', () => {
    expect(startOrder('webgl', caps({ softwareGl: true })).order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(startOrder('webgpu', caps()).order).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(startOrder('wasm', caps()).order).toEqual(['wasm', 'webgl', 'cpu']);
    expect(startOrder('cpu', caps({ softwareGl: true }))).toEqual({ order: ['cpu', 'wasm'], skipped: [] });
  });

  it('writes one note for what failed or was skipped, and none when nothing was', () => {
    expect(fallbackNote([], 'wasm')).toBeNull();
    expect(fallbackNote([{ backend: 'webgpu', kind: 'failed', reason: 'no adapter' }], 'wasm')).toBe('webgpu is not available here (no adapter). Training on wasm instead.');
    expect(fallbackNote([{ backend: 'webgl', kind: 'skipped', reason: 'software' }], 'cpu', 'Running')).toBe('webgl is skipped (software). Running on cpu instead.');
  });

  it('knows the backend names and nothing else', () => {
    expect(['webgpu', 'webgl', 'wasm', 'cpu'].every(isBackendName)).toBe(true);
    expect([null, 'tpu', 3, undefined].some(isBackendName)).toBe(false);
  });
});
