/**
 * The project's WASM convolution kernels (src/lib/backend/native/conv.ts, native/assembly) against TensorFlow.js's
 * stock CPU kernels: Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter on seeded geometries that reach every block
 * of the kernels (8, 4 and 1 channels; 4 pixels and a partial tail), every padding kind and ResNet-20's own shapes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { nativeKernelsInUse, registerStockGradients, restoreStockKernels, setupBackend } from '../../../src/lib/backend/index.ts';
import { nativeFor } from '../../../src/lib/backend/native/kernels.ts';
import { Rng } from '../../../src/core/random.ts';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
type Shape4 = [number, number, number, number];
interface Case {
  x: Shape4;
  k: [number, number];
  cout: number;
  strides: number | [number, number];
  pad: Pad;
  label?: string;
}

/** Channel counts: below, at and past the 4- and 8-wide blocks (5 = 4 + 1, 12 = 8 + 4, 20 = 16 + 4). */
const CHANNELS = [1, 3, 4, 5, 8, 12, 16, 20, 32];
const KERNELS: [number, number][] = [[1, 1], [3, 3], [2, 3]];
const STRIDES: (number | [number, number])[] = [1, 2, [1, 2], 3];
const PADS: Pad[] = ['same', 'valid', 1, [[0, 0], [1, 2], [2, 0], [0, 0]], 2];
/** Widths that are not multiples of the 4-pixel block, and 4 and 8 that are. */
const WIDTHS = [5, 7, 9, 4, 11, 8, 6];

function cases(): Case[] {
  const rng = Rng.fromSeed(21);
  const out: Case[] = [];
  // 27 = 3 x 9: each channel count is an input and an output count three times, paired with different partners.
  for (let i = 0; i < 27; i++) {
    const k = KERNELS[i % 3]!;
    out.push({
      x: [i % 4 === 0 ? 1 : 2 + rng.int(2), 3 + rng.int(6), WIDTHS[i % WIDTHS.length]!, CHANNELS[i % 9]!],
      k,
      cout: CHANNELS[(5 * i + 2 + Math.floor(i / 9)) % 9]!,
      strides: STRIDES[i % 4]!,
      pad: PADS[i % 5]!,
    });
  }
  out.push(
    { x: [2, 32, 32, 16], k: [3, 3], cout: 16, strides: 1, pad: 1, label: 'ResNet-20 stage 1' },
    { x: [2, 32, 32, 16], k: [3, 3], cout: 32, strides: 2, pad: 1, label: 'ResNet-20 stage 2 entry' },
    { x: [2, 32, 32, 16], k: [1, 1], cout: 32, strides: 2, pad: 'valid', label: 'ResNet-20 projection' },
    { x: [2, 8, 8, 64], k: [3, 3], cout: 64, strides: 1, pad: 1, label: 'ResNet-20 stage 3' },
    { x: [2, 32, 32, 3], k: [3, 3], cout: 16, strides: 1, pad: 1, label: 'ResNet-20 stem' },
    // 3x3 stride 1 'same' at >= 32 channels with odd map sizes (partial 2x2 output tiles for a Winograd path: maps of
    // at least 8x8), 44 / 36 channels (8-blocks plus a 4-block), and a 4x4 map (too small for Winograd: direct).
    { x: [1, 9, 11, 32], k: [3, 3], cout: 32, strides: 1, pad: 'same' },
    { x: [3, 8, 9, 32], k: [3, 3], cout: 32, strides: 1, pad: [[0, 0], [1, 1], [1, 1], [0, 0]] },
    { x: [2, 9, 8, 44], k: [3, 3], cout: 36, strides: 1, pad: 1 },
    { x: [2, 4, 4, 32], k: [3, 3], cout: 32, strides: 1, pad: 1, label: 'race stage 3 (4x4)' },
  );
  return out;
}

function random(rng: Rng, shape: number[]): tf.Tensor {
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
}

interface Result {
  y: Float32Array;
  dx: Float32Array;
  dw: Float32Array;
}

/**
 * Forward, input gradient and weight gradient of one case on the active backend, from seeded x, W and dy.
 * `count` (if given) is read after each kernel, e.g. the native runtime's calls so far.
 */
function run(c: Case, seed: number, count?: () => number, counts: number[] = []): Result {
  const rng = Rng.fromSeed(seed);
  const wShape: Shape4 = [c.k[0], c.k[1], c.x[3], c.cout];
  const dimRoundingMode = typeof c.pad === 'number' ? 'floor' : undefined;
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: 1, dimRoundingMode } as const;
  return tf.tidy(() => {
    const x = random(rng, c.x) as tf.Tensor4D;
    const w = random(rng, wShape) as tf.Tensor4D;
    const dy = random(rng, tf.backend_util.computeConv2DInfo(c.x, wShape, c.strides, 1, c.pad, dimRoundingMode).outShape);
    const mark = () => counts.push(count?.() ?? 0);
    mark();
    const y = tf.conv2d(x, w, c.strides, c.pad, 'NHWC', 1, dimRoundingMode);
    mark();
    const e = tf.engine();
    const dx = e.runKernel(tf.Conv2DBackpropInput, { dy, filter: w }, { ...attrs, inputShape: c.x } as unknown as tf.NamedAttrMap) as tf.Tensor;
    mark();
    const dw = e.runKernel(tf.Conv2DBackpropFilter, { x, dy }, { ...attrs, filterShape: wShape } as unknown as tf.NamedAttrMap) as tf.Tensor;
    mark();
    expect(dx.shape).toEqual(c.x);
    expect(dw.shape).toEqual(wShape);
    return { y: y.dataSync() as Float32Array, dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

/** Largest |a - ref| / (1 + |ref|), and where. */
function worst(actual: Float32Array, expected: Float32Array): { err: number; at: number } {
  let err = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.abs(actual[i]! - expected[i]!) / (1 + Math.abs(expected[i]!));
    if (!(e <= err)) [err, at] = [e, i]; // NaN counts as worst
  }
  return { err, at };
}

function expectClose(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const { err, at } = worst(actual, expected);
  expect(err, `${what}: element ${at} is ${actual[at]}, CPU ${expected[at]}`).toBeLessThan(1e-4);
}

const describeCase = (c: Case): string => c.label ?? `x ${c.x.join('x')} k ${c.k.join('x')} cout ${c.cout} s ${JSON.stringify(c.strides)} pad ${JSON.stringify(c.pad)}`;

describe('native WASM convolution kernels', () => {
  const all = cases();
  const reference: Result[] = [];

  beforeAll(async () => {
    await registerStockGradients();
    restoreStockKernels('cpu');
    await tf.setBackend('cpu');
    all.forEach((c, i) => reference.push(run(c, 300 + i)));
    expect(await setupBackend('wasm')).toBe('wasm');
  });
  afterAll(() => restoreStockKernels('cpu'));

  it('are attached to the wasm backend', () => {
    expect(nativeKernelsInUse()).toMatch(/^(relaxed|simd)(-shared)?, \d+ thread\(s\)$/);
    expect(nativeFor(tf.backend())).toBeDefined();
  });

  it('the case list reaches every channel block, stride, padding kind and width tail', () => {
    for (const ch of CHANNELS) {
      expect(all.some((c) => c.x[3] === ch), `cin ${ch}`).toBe(true);
      expect(all.some((c) => c.cout === ch), `cout ${ch}`).toBe(true);
    }
    for (const s of STRIDES) expect(all.some((c) => JSON.stringify(c.strides) === JSON.stringify(s))).toBe(true);
    for (const p of ['same', 'valid', 'number', 'object']) expect(all.some((c) => (typeof c.pad === 'string' ? c.pad : typeof c.pad) === p)).toBe(true);
    for (const [kh, kw] of KERNELS) expect(all.some((c) => c.k[0] === kh && c.k[1] === kw)).toBe(true);
    expect(all.some((c) => c.x[0] === 1) && all.some((c) => c.x[0] > 1)).toBe(true);
    expect(all.filter((c) => c.x[2] % 4 !== 0).length).toBeGreaterThan(10);
  });

  it.each(all.map((c, i) => [describeCase(c), i] as const))('%s: y, dx and dW equal the stock CPU kernels', (_name, i) => {
    const rt = nativeFor(tf.backend())!;
    const spy = vi.spyOn(rt, 'run');
    try {
      const counts: number[] = [];
      const got = run(all[i]!, 300 + i, () => spy.mock.calls.length, counts);
      // Each kernel ran natively (the module was called), not the fallback it delegates to; by design
      // (MIN_NATIVE_FORWARD_CHANNELS in native/kernels.ts) a forward convolution of < 4 input channels is left to XNNPACK.
      const [forward, inputGrad, filterGrad] = [1, 2, 3].map((k) => counts[k]! - counts[k - 1]! > 0);
      expect(forward, 'native forward').toBe(all[i]!.x[3] >= 4);
      expect(inputGrad, 'native input gradient').toBe(true);
      expect(filterGrad, 'native weight gradient').toBe(true);
      expectClose(got.y, reference[i]!.y, 'y');
      expectClose(got.dx, reference[i]!.dx, 'dx');
      expectClose(got.dw, reference[i]!.dw, 'dW');
    } finally {
      spy.mockRestore();
    }
  });

  it('through tf.grads, a ResNet block conv gives the CPU gradients', async () => {
    const grads = () => {
      const rng = Rng.fromSeed(9);
      return tf.tidy(() => {
        const x = random(rng, [2, 9, 7, 12]) as tf.Tensor4D;
        const w = random(rng, [3, 3, 12, 20]) as tf.Tensor4D;
        const r = random(rng, [2, 5, 4, 20]);
        const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, [[0, 0], [1, 1], [1, 1], [0, 0]]), r));
        return tf.grads(f)([x, w]).map((g) => g.dataSync() as Float32Array);
      });
    };
    const wasm = grads();
    await tf.setBackend('cpu');
    const cpu = grads();
    await setupBackend('wasm');
    expectClose(wasm[0]!, cpu[0]!, 'dx');
    expectClose(wasm[1]!, cpu[1]!, 'dW');
  });

  it('leave no tensors behind', () => {
    const c = all.find((k) => k.label === 'ResNet-20 stage 3')!;
    run(c, 1);
    const before = tf.memory();
    for (let i = 0; i < 3; i++) run(c, 1);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });
});
