import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { nativeKernelsInUse, registerStockGradients, restoreStockKernels, setNativeKernels, setupBackend } from '../../../src/lib/backend/index.ts';
import { conv2dFilterGrad, conv2dInputGrad } from '../../../src/lib/backend/conv-grads.ts';
import { Rng } from '../../../src/core/random.ts';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
interface Case {
  x: [number, number, number, number];
  k: [number, number];
  cout: number;
  strides: number | [number, number];
  pad: Pad;
}

/** Random conv geometries covering batch 1, 1x1/3x3/2x3 kernels, strides 1 and 2, and each padding kind. */
function cases(): Case[] {
  const rng = Rng.fromSeed(5);
  const pads: Pad[] = ['same', 'valid', 1, 2, [[0, 0], [1, 0], [0, 2], [0, 0]]];
  const kernels: [number, number][] = [[1, 1], [3, 3], [2, 3], [3, 3]];
  const strides: (number | [number, number])[] = [1, 2, [1, 2], 2];
  const out: Case[] = [];
  for (let i = 0; i < 20; i++) {
    const b = i % 4 === 0 ? 1 : 1 + rng.int(3);
    out.push({
      x: [b, 4 + rng.int(6), 4 + rng.int(6), 1 + rng.int(4)],
      k: kernels[i % kernels.length]!,
      cout: 1 + rng.int(5),
      strides: strides[rng.int(strides.length)]!,
      pad: pads[i % pads.length]!,
    });
  }
  // Strided input gradients by output phase: stride 3, mixed strides with a 2x3 kernel, a map smaller than the stride,
  // 1x1 stride 2 (phases without taps), and a geometry whose only output reads padding (the zero-insertion fallback).
  out.push(
    { x: [2, 7, 8, 3], k: [3, 3], cout: 4, strides: 3, pad: 'same' },
    { x: [1, 6, 9, 2], k: [2, 3], cout: 3, strides: [2, 3], pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
    { x: [2, 1, 3, 2], k: [3, 3], cout: 2, strides: 2, pad: 'same' },
    { x: [3, 8, 8, 4], k: [1, 1], cout: 5, strides: 2, pad: 'valid' },
    { x: [1, 1, 4, 2], k: [1, 1], cout: 2, strides: 2, pad: [[0, 0], [1, 0], [0, 0], [0, 0]] },
  );
  return out;
}

function randomArray(rng: Rng, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
}

/** dL/dx and dL/dW of L = sum(conv2d(x, W) * R) on the active backend, as plain arrays. */
function convGrads(c: Case, seed: number): { dx: Float32Array; dw: Float32Array; dy: number[] } {
  const rng = Rng.fromSeed(seed);
  const wShape: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.cout];
  const round = typeof c.pad === 'number' ? 'floor' : undefined;
  return tf.tidy(() => {
    const x = tf.tensor4d(randomArray(rng, c.x.reduce((a, b) => a * b)), c.x);
    const w = tf.tensor4d(randomArray(rng, wShape.reduce((a, b) => a * b)), wShape);
    const y = tf.conv2d(x, w, c.strides, c.pad, 'NHWC', 1, round);
    const r = tf.tensor4d(randomArray(rng, y.size), y.shape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad, 'NHWC', 1, round), r)))([x, w]);
    return { dx: dx!.dataSync() as Float32Array, dw: dw!.dataSync() as Float32Array, dy: y.shape };
  });
}

function expectClose(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
  expect(worst, what).toBeLessThan(1e-4);
}

describe('composed convolution gradients', () => {
  const all = cases();
  const reference: { dx: Float32Array; dw: Float32Array }[] = [];

  beforeAll(async () => {
    await registerStockGradients();
    await tf.setBackend('cpu');
    restoreStockKernels('cpu');
    all.forEach((c, i) => reference.push(convGrads(c, 100 + i)));
  });
  afterAll(() => restoreStockKernels('cpu'));

  it('the case list covers batch 1, strides 1 and 2, every padding kind and 1x1 and 3x3 kernels', () => {
    expect(all.some((c) => c.x[0] === 1)).toBe(true);
    expect(all.some((c) => c.strides === 2) && all.some((c) => c.strides === 1)).toBe(true);
    for (const p of ['same', 'valid', 'number', 'object']) expect(all.some((c) => (typeof c.pad === 'string' ? c.pad : typeof c.pad) === p)).toBe(true);
    expect(all.some((c) => c.k[0] === 1) && all.some((c) => c.k[0] === 3)).toBe(true);
  });

  // 'wasm' without the project's WASM module: what an engine without WASM SIMD runs (native-conv.test.ts tests the module).
  for (const [backend, native] of [['wasm', false], ['cpu', false]] as const) {
    it(`match the stock CPU kernels on ${backend}${backend === 'wasm' ? ' without the native module' : ''} (dx and dW)`, async () => {
      expect(await setupBackend(backend)).toBe(backend);
      setNativeKernels(native);
      try {
        if (backend === 'wasm') expect(nativeKernelsInUse()).toBeNull();
        all.forEach((c, i) => {
          const got = convGrads(c, 100 + i);
          const label = `${backend} ${JSON.stringify(c)}`;
          expectClose(got.dx, reference[i]!.dx, `dx ${label}`);
          expectClose(got.dw, reference[i]!.dw, `dW ${label}`);
        });
      } finally {
        setNativeKernels(true);
      }
    });
  }

  it('the stock wasm backend lacks Conv2DBackpropFilter, which setupBackend adds', async () => {
    await setupBackend('wasm');
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
    restoreStockKernels('wasm');
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeUndefined();
    await setupBackend('wasm');
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
  });

  it('leave no tensors behind', async () => {
    await setupBackend('wasm');
    const x = tf.ones([2, 6, 6, 3]) as tf.Tensor4D;
    const dy = tf.ones([2, 3, 3, 4]) as tf.Tensor4D;
    const w = tf.ones([3, 3, 3, 4]) as tf.Tensor4D;
    const run = () => {
      conv2dFilterGrad(x, dy, [3, 3, 3, 4], 2, 'same').dispose();
      conv2dInputGrad([2, 6, 6, 3], dy, w, 2, 'same').dispose();
    };
    run();
    const before = tf.memory().numTensors;
    run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dy, w]);
  });
});
