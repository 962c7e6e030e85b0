import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultThreadsCount, isCrossOriginIsolated, logicalCores, withLogicalCores } from '../../../src/lib/backend/wasm-threads.ts';

/** A stand-in for the browser's navigator: hardwareConcurrency is a getter on the prototype, as in Chromium. */
class FakeNavigator {
  readonly #cores: number;
  constructor(cores: number) {
    this.#cores = cores;
  }
  get hardwareConcurrency(): number {
    return this.#cores;
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('wasm thread count', () => {
  it('asks for one thread per logical core, 1 where the count is unknown', () => {
    vi.stubGlobal('navigator', new FakeNavigator(2));
    expect(logicalCores()).toBe(2);
    expect(defaultThreadsCount()).toBe(2);
    vi.stubGlobal('navigator', undefined);
    expect(defaultThreadsCount()).toBe(1);
  });

  it('reads cross-origin isolation from the global, false when absent', () => {
    vi.stubGlobal('crossOriginIsolated', true);
    expect(isCrossOriginIsolated()).toBe(true);
    vi.stubGlobal('crossOriginIsolated', undefined);
    expect(isCrossOriginIsolated()).toBe(false);
  });

  it('reports more cores only while the backend starts, then the real count again', async () => {
    const nav = new FakeNavigator(2);
    vi.stubGlobal('navigator', nav);
    const seen = await withLogicalCores(4, async () => nav.hardwareConcurrency);
    expect(seen).toBe(4);
    expect(nav.hardwareConcurrency).toBe(2);
    expect(Object.getOwnPropertyNames(nav)).not.toContain('hardwareConcurrency');
  });

  it('restores the real count when the start fails', async () => {
    const nav = new FakeNavigator(2);
    vi.stubGlobal('navigator', nav);
    await expect(withLogicalCores(4, async () => Promise.reject(new Error('no wasm')))).rejects.toThrow('no wasm');
    expect(nav.hardwareConcurrency).toBe(2);
  });

  it('leaves a machine with enough cores alone', async () => {
    const nav = new FakeNavigator(16);
    vi.stubGlobal('navigator', nav);
    expect(await withLogicalCores(4, async () => nav.hardwareConcurrency)).toBe(16);
  });
});
