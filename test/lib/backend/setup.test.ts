import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend, wasmThreadsInUse, type BackendName } from '../../../src/lib/backend/index.ts';

describe('setupBackend', () => {
  it('starts wasm in Node with its binaries from node_modules and reports it in use', async () => {
    expect(await setupBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(wasmThreadsInUse()).toBe(1);
    expect(tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0]).toBe(6);
  });

  it('registers the stock gradients so tf.grads works on tfjs-core alone', async () => {
    await setupBackend('cpu');
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d([1, -2]));
    expect(Array.from(g.dataSync())).toEqual([2, -4]);
  });

  it('names the problem and the alternatives when a backend cannot start', async () => {
    await expect(setupBackend('webgl')).rejects.toThrow(/Backend 'webgl' could not start here.*Try one of webgpu, wasm, cpu/);
    await expect(setupBackend('webgpu')).rejects.toThrow(/needs WebGPU/);
    await expect(setupBackend('tpu' as BackendName)).rejects.toThrow(/Unknown backend 'tpu'; choose one of/);
    expect(await setupBackend('cpu')).toBe('cpu');
  });
});
