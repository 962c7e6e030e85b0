import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { startBackend } from '../../../src/lib/backend/start.ts';
import type { Capabilities } from '../../../src/core/backend.ts';

/** What Node offers: no GPU API at all. */
const NODE: Capabilities = { webgpu: false, webgl: false, wasmThreads: false, cores: 1 };

describe('startBackend (the shared fallback)', () => {
  it('starts the choice and says nothing when it starts', async () => {
    expect(await startBackend('cpu', NODE)).toEqual({ backend: 'cpu', note: null });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('falls back by the policy and the note names what is missing', async () => {
    const started = await startBackend('webgpu', NODE);
    expect(started.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(started.note).toMatch(/^webgpu is not available here \(.*navigator\.gpu.*\)\. Training on wasm instead\.$/);
    expect((await startBackend('webgl', NODE, { doing: 'Running' })).note).toMatch(/^webgl is not available here \(.+\)\. Running on wasm instead\.$/);
  });
});
