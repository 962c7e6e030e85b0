import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockTaps, captureActivations } from '../../../src/lib/inspect/index.ts';
import { presetConfig } from '../../../src/core/model/index.ts';
import { createModel, type InspectableModel } from '../../../src/lib/model/index.ts';
import { NODE_BACKENDS, expectNoLeak, randomBatch, tinyConfig, useBackend } from './helpers.ts';

async function values(model: InspectableModel, id: string): Promise<Float32Array> {
  return (await model.variable(id).data()) as Float32Array;
}

function meanVar(a: Float32Array, channels: number, c: number): { mean: number; unbiased: number } {
  const xs = Array.from(a).filter((_, i) => i % channels === c);
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  return { mean, unbiased: xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (xs.length - 1) };
}

describe.each(NODE_BACKENDS)('model on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('maps a batch [B,32,32,3] to logits [B,10] without leaking, for residual, option A and plain nets', async () => {
    for (const name of ['resnet20', 'resnet20-a', 'plain20']) {
      const x = randomBatch(1, 2, 32);
      await expectNoLeak(() => {
        const m = createModel(presetConfig(name));
        const y = m.apply(x, { training: false });
        expect(y.shape).toEqual([2, 10]);
        y.dispose();
        m.dispose();
      });
      x.dispose();
    }
  });

  it('rejects an input of the wrong shape, naming both shapes', () => {
    const m = createModel(tinyConfig());
    const x = tf.zeros([1, 32, 32, 3]) as tf.Tensor4D;
    expect(() => m.apply(x, { training: false })).toThrow(/expects a normalised NHWC batch \[B, 8, 8, 3\], got shape \[1, 32, 32, 3\]/);
    x.dispose();
    m.dispose();
  });

  it('initialises from the seed: same seed same weights, Kaiming std sqrt(2/fan_out), BN gamma 1 beta 0', async () => {
    const [a, b, c] = [0, 0, 1].map((seed) => createModel(presetConfig('resnet20', { seed })));
    const id = 'stage3.block1.conv2.weight';
    expect(await values(a!, id)).toEqual(await values(b!, id));
    expect(await values(a!, id)).not.toEqual(await values(c!, id));
    const w = await values(a!, id);
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(std).toBeCloseTo(Math.sqrt(2 / (64 * 9)), 2);
    expect([...(await values(a!, 'stage1.block0.bn1.gamma'))].every((v) => v === 1)).toBe(true);
    expect([...(await values(a!, 'stage1.block0.bn1.beta'))].every((v) => v === 0)).toBe(true);
    [a, b, c].forEach((m) => m!.dispose());
  });

  it('in training mode moves running mean and UNBIASED running variance by momentum 0.1 (PyTorch)', async () => {
    const m = createModel(tinyConfig());
    const x = randomBatch(2, 3, 8);
    let conv: Float32Array | undefined;
    tf.tidy(() => {
      m.applyWithTap(x, { training: true }, (id, t) => {
        if (id === 'stem.conv') conv = t.dataSync() as Float32Array;
      });
    });
    const rm = await values(m, 'stem.bn.running_mean');
    const rv = await values(m, 'stem.bn.running_var');
    for (let c = 0; c < 4; c++) {
      const { mean, unbiased } = meanVar(conv!, 4, c);
      expect(rm[c]).toBeCloseTo(0.1 * mean, 5);
      expect(rv[c]).toBeCloseTo(0.9 + 0.1 * unbiased, 4);
    }
    x.dispose();
    m.dispose();
  });

  it("switches BN inference between running and batch statistics; 'batch' leaves running statistics alone", async () => {
    const m = createModel(tinyConfig());
    const x = randomBatch(3, 4, 8, 3);
    const logits = async (o: Parameters<typeof m.apply>[1]): Promise<Float32Array> => {
      const y = m.apply(x, o);
      const d = (await y.data()) as Float32Array;
      y.dispose();
      return d;
    };
    const running = await logits({ training: false });
    const batch = await logits({ training: false, bn: 'batch' });
    expect(batch).not.toEqual(running);
    expect(await values(m, 'stem.bn.running_mean')).toEqual(new Float32Array(4));
    m.setBnInference('batch');
    expect(m.bnInferenceMode()).toBe('batch');
    expect(await logits({ training: false })).toEqual(batch);
    expect(await logits({ training: false, bn: 'running' })).toEqual(running);
    expect(() => m.setBnInference('mean' as 'batch')).toThrow(/'running' or 'batch'/);
    x.dispose();
    m.dispose();
  });

  it('option A shortcut subsamples by 2 (x[:, ::2, ::2, :]) and pads the new channels with zeros', async () => {
    const m = createModel(tinyConfig({ shortcut: 'zeropad', stemBias: false }));
    const x = randomBatch(4, 2, 8);
    const taps = await blockTaps(m, x, 'stage2.block0');
    const get = (name: string) => taps.find((t) => t.tap === name)!;
    const input = get('x');
    const sc = get('shortcut');
    expect(input.shape).toEqual([2, 8, 8, 4]);
    expect(sc.shape).toEqual([2, 4, 4, 8]);
    for (let b = 0; b < 2; b++) for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let c = 0; c < 8; c++) {
      const want = c < 4 ? input.data[((b * 8 + 2 * i) * 8 + 2 * j) * 4 + c] : 0;
      expect(sc.data[((b * 4 + i) * 4 + j) * 8 + c]).toBe(want);
    }
    x.dispose();
    m.dispose();
  });

  it('halves the map and widens the channels at each stage, for plain and residual nets', async () => {
    for (const name of ['plain20', 'resnet20']) {
      const m = createModel(presetConfig(name));
      const x = randomBatch(5, 1, 32);
      const outs = await captureActivations(m, x, m.blocks.map((b) => `${b.id}.out`));
      expect(outs.map((o) => o.shape)).toEqual([
        ...Array(3).fill([1, 32, 32, 16]), ...Array(3).fill([1, 16, 16, 32]), ...Array(3).fill([1, 8, 8, 64]),
      ]);
      x.dispose();
      m.dispose();
    }
  });

  it('refuses to run after dispose()', () => {
    const m = createModel(tinyConfig());
    m.dispose();
    const x = randomBatch(6, 1, 8);
    expect(() => m.apply(x, { training: false })).toThrow(/disposed/);
    x.dispose();
  });
});
