import { afterEach, describe, expect, it, vi } from 'vitest';
import { candidates, fastest, rememberBackend, rememberedBackend, STORAGE_KEY, WASM_PATHS } from '../../src/client/backend.ts';
import { softwareWebGpu } from '../../src/platform/browser/capabilities.ts';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
}

describe('backend choice', () => {
  it('probes GPU backends only where the browser has them, and always wasm then cpu', () => {
    expect(candidates({ webgpu: false, webgl: false, wasmThreads: false, cores: 2 })).toEqual(['wasm', 'cpu']);
    expect(candidates({ webgpu: true, webgl: true, wasmThreads: true, cores: 8 })).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });

  it('does not probe software-rendered WebGL (SwiftShader trains ~25x slower than wasm)', () => {
    expect(candidates({ webgpu: false, webgl: true, softwareGl: true, wasmThreads: false, cores: 2 })).toEqual(['wasm', 'cpu']);
    expect(candidates({ webgpu: false, webgl: true, softwareGl: false, wasmThreads: false, cores: 2 })).toEqual(['webgl', 'wasm', 'cpu']);
  });

  it('picks the fastest successful probe, and wasm when every probe failed', () => {
    expect(fastest([{ backend: 'webgl', imgPerSec: 2.5 }, { backend: 'wasm', imgPerSec: 60 }, { backend: 'cpu', imgPerSec: 3 }])).toBe('wasm');
    expect(fastest([{ backend: 'webgl', imgPerSec: null, error: 'no context' }])).toBe('wasm');
  });

  it('remembers a choice and ignores unknown stored values', () => {
    const s = memoryStorage();
    expect(rememberedBackend(s)).toBeNull();
    rememberBackend(s, 'webgl');
    expect(rememberedBackend(s)).toBe('webgl');
    s.setItem(STORAGE_KEY, 'tpu');
    expect(rememberedBackend(s)).toBeNull();
  });

  it('serves all three wasm binaries from the site itself', () => {
    for (const [name, url] of Object.entries(WASM_PATHS)) expect(url, name).toMatch(new RegExp(`${name.replace('.wasm', '')}.*\\.wasm$`));
  });
});

describe('a software WebGPU adapter', () => {
  afterEach(() => vi.unstubAllGlobals());
  const adapter = (a: object | null) => vi.stubGlobal('navigator', { ...globalThis.navigator, gpu: { requestAdapter: () => Promise.resolve(a) } });

  it("is recognised by the adapter's fallback flag or its architecture, and a hardware or missing adapter is not", async () => {
    adapter({ info: { isFallbackAdapter: true, vendor: 'google', architecture: 'swiftshader' } }); // Chromium 156 here
    expect(await softwareWebGpu()).toBe(true);
    adapter({ isFallbackAdapter: true, info: {} });
    expect(await softwareWebGpu()).toBe(true);
    adapter({ info: { isFallbackAdapter: false, vendor: 'nvidia', architecture: 'ampere' } });
    expect(await softwareWebGpu()).toBe(false);
    adapter(null);
    expect(await softwareWebGpu()).toBe(false);
  });
});
