/**
 * How the native pool gets its threads: from the host's spawner (Node), else Web Workers; none without shared memory
 * or a way to start threads. The pool on real threads is tested in test/scripts/node-wasm-threads.test.ts (Node) and
 * in Chromium.
 */
import { describe, expect, it } from 'vitest';
import { compileNative } from '../../../src/lib/backend/native/module.ts';
import { NativePool, webWorkerSpawner, type PoolThread } from '../../../src/lib/backend/native/pool.ts';

const sharedMemory = () => new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });

describe("the native pool's threads", () => {
  it('has no pool where the host has no Worker and gives no spawner (plain Node)', async () => {
    expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe('undefined');
    expect(webWorkerSpawner()).toBeNull();
    const native = (await compileNative(true))!;
    expect(await NativePool.start(native, sharedMemory(), 2)).toBeNull();
  });

  it('has no pool on unshared memory or for one thread, without asking the host for threads', async () => {
    const native = (await compileNative(true))!;
    let spawned = 0;
    const spawn = (): PoolThread => {
      spawned++;
      return { postMessage: () => {}, terminate: () => {} };
    };
    expect(await NativePool.start(native, new WebAssembly.Memory({ initial: 1 }), 2, spawn)).toBeNull();
    expect(await NativePool.start(native, sharedMemory(), 1, spawn)).toBeNull();
    expect(spawned).toBe(0);
  });

  it("stops the threads it started and reports the host's error when a thread cannot start", async () => {
    const native = (await compileNative(true))!;
    const started: { source: string; messages: unknown[]; terminated: boolean }[] = [];
    const spawn = (source: string): PoolThread => {
      if (started.length === 2) throw new Error('no more threads here');
      const t = { source, messages: [] as unknown[], terminated: false };
      started.push(t);
      return { postMessage: (m) => t.messages.push(m), terminate: () => (t.terminated = true) };
    };
    await expect(NativePool.start(native, sharedMemory(), 4, spawn)).rejects.toThrow('no more threads here');
    expect(started).toHaveLength(2);
    for (const [i, t] of started.entries()) {
      expect(t.source).toContain('self.onmessage');
      expect(t.messages).toEqual([expect.objectContaining({ module: native.module, index: i + 1 })]);
      expect(t.terminated).toBe(true);
    }
  });
});
