/**
 * The wasm backend on two threads in Node (scripts/lib/node-wasm-threads.ts): tfjs-wasm's threaded build and the
 * project's native pool start in Vitest's forked process, train bit for bit as one thread does (a child process:
 * the backend starts once per process), and leave nothing that keeps the process alive.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { nativeKernelsInUse, wasmThreadsInUse } from '../../src/lib/backend/index.ts';
import { installPthreads, setupNodeBackend } from '../../scripts/lib/node-wasm-threads.ts';
import { trainSteps, type StepsResult } from './train-steps.ts';

const run = promisify(execFile);

describe('Node hosts for the threaded wasm backend', () => {
  it('keeps Blob working for every Blob once the shims are in', async () => {
    installPthreads();
    const mine = new Blob(['var a = 1;'], { type: 'text/javascript' });
    const nodes = await new Response('bytes').blob();
    expect(mine).toBeInstanceOf(Blob);
    expect(nodes).toBeInstanceOf(Blob);
    expect(await mine.text()).toBe('var a = 1;');
    const url = URL.createObjectURL(mine);
    expect(url).toMatch(/^blob:/);
    URL.revokeObjectURL(url);
  });

  it('trains a small ResNet on two threads bit for bit as on one', async () => {
    const child = run(process.execPath, ['test/scripts/train-steps.ts', '1'], { maxBuffer: 16 << 20 });
    await setupNodeBackend('wasm', { threads: 2 });
    expect(wasmThreadsInUse()).toBe(2);
    expect(nativeKernelsInUse()).toMatch(/-shared, 2 thread\(s\)$/);
    const two = await trainSteps();
    const one = JSON.parse((await child).stdout) as StepsResult;
    expect(one.native).toMatch(/^(relaxed|simd), 1 thread\(s\)$/);
    expect(two.losses).toEqual(one.losses);
    expect(Object.keys(two.tensors).sort()).toEqual(Object.keys(one.tensors).sort());
    for (const [id, bits] of Object.entries(one.tensors)) expect(two.tensors[id], id).toBe(bits);
  });
});
