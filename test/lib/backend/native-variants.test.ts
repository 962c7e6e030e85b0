/**
 * The plain-SIMD build of the native module (for engines without relaxed SIMD, e.g. Safari) computes what the
 * relaxed-SIMD build computes: both run on the same wasm heap, on the same tensors, through every pooled kernel the
 * training step uses (direct and Winograd convolutions and their gradients, training batch norm and its gradient).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../../src/lib/backend/index.ts';
import { compileVariant, instantiateNative } from '../../../src/lib/backend/native/module.ts';
import { NativeRuntime, type WasmHeapBackend } from '../../../src/lib/backend/native/runtime.ts';
import { conv2d, conv2dFilterGrad, conv2dInputGrad } from '../../../src/lib/backend/native/conv.ts';
import { batchNormTrain, batchNormTrainGrad } from '../../../src/lib/backend/native/batch-norm.ts';
import { Rng } from '../../../src/core/random.ts';

type Shape4 = [number, number, number, number];

async function runtime(variant: 'relaxed' | 'simd'): Promise<NativeRuntime> {
  const backend = tf.backend() as unknown as WasmHeapBackend;
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  if (!memory) throw new Error('no wasm memory');
  const fns = instantiateNative(await compileVariant(variant), memory);
  return new NativeRuntime(backend, fns, null, memory, variant);
}

function random(shape: number[], seed: number): tf.Tensor {
  const rng = Rng.fromSeed(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => rng.normal()), shape);
}

/** Every output of the kernels on one runtime, read back, for a conv geometry and a BN input. */
function outputs(rt: NativeRuntime, xShape: Shape4, wShape: Shape4, stride: number, pad: number): Float32Array[] {
  return tf.tidy(() => {
    const x = random(xShape, 1);
    const w = random(wShape, 2);
    const info = tf.backend_util.computeConv2DInfo(xShape, wShape, stride, 1, pad, undefined, false, 'channelsLast');
    const dy = random(info.outShape, 3);
    const gamma = random([xShape[3]], 4);
    const beta = random([xShape[3]], 5);
    const infos = [
      conv2d(rt, x, w, info), conv2dInputGrad(rt, dy, w, info), conv2dFilterGrad(rt, x, dy, info),
      ...batchNormTrain(rt, x, gamma, beta, 1e-5),
    ];
    const [, mean, variance] = infos.slice(3);
    infos.push(...batchNormTrainGrad(rt, x, x, gamma, mean!, variance!, null, null, 1e-5));
    const tensors = infos.map((t) => tf.engine().makeTensorFromTensorInfo(t));
    return tensors.map((t) => t.dataSync() as Float32Array);
  });
}

describe('the plain-SIMD native module', () => {
  let relaxed: NativeRuntime;
  let plain: NativeRuntime;
  beforeAll(async () => {
    await setupBackend('wasm');
    relaxed = await runtime('relaxed');
    plain = await runtime('simd');
  });

  const cases: [string, Shape4, Shape4, number, number][] = [
    ['direct 3x3 stride 2, 12 -> 20 channels', [2, 9, 7, 12], [3, 3, 12, 20], 2, 1],
    ['direct 3x3, 16 channels', [2, 8, 8, 16], [3, 3, 16, 16], 1, 1],
    ['Winograd 3x3, 32 -> 40 channels', [2, 9, 8, 32], [3, 3, 32, 40], 1, 1],
    ['1x1 stride 2 projection, 5 -> 3 channels', [1, 6, 5, 5], [1, 1, 5, 3], 2, 0],
  ];
  for (const [name, xShape, wShape, stride, pad] of cases) {
    it(`gives the relaxed build's results: ${name}`, () => {
      const a = outputs(relaxed, xShape, wShape, stride, pad);
      const b = outputs(plain, xShape, wShape, stride, pad);
      expect(b.length).toBe(9);
      a.forEach((ref, k) => {
        expect(b[k]!.length).toBe(ref.length);
        let worst = 0;
        ref.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[k]![i]!) / (1 + Math.abs(v)))));
        expect(worst, `output ${k}`).toBeLessThan(1e-5);
        expect(ref.every(Number.isFinite) && ref.some((v) => v !== 0), `output ${k} finite and not all zero`).toBe(true);
      });
    });
  }
});
