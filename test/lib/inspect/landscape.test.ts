import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/lib/inspect/evaluate.ts';
import { normalizeBatch } from '../../../src/lib/data/normalize.ts';
import { LossPlane, computeLandscapes, filterNormalize, lossBatches, randomDirection } from '../../../src/lib/inspect/landscape.ts';
import { presetConfig, type ModelConfig } from '../../../src/core/model/index.ts';
import { createModel, type InspectableModel } from '../../../src/lib/model/index.ts';
import { Rng } from '../../../src/core/random.ts';
import { expectNoLeak, randomBatch, tinyConfig, useBackend } from '../model/helpers.ts';

const tiny = (patch: Partial<ModelConfig> = {}): ModelConfig => tinyConfig({ widths: [2, 3], inputSize: 4, numClasses: 3, seed: 5, ...patch });

/** Random bytes images [n, size, size, 3] with labels, as an ImageSet. */
function byteSet(n: number, size: number, k: number) {
  const rng = Rng.fromSeed(9);
  return { images: Uint8Array.from({ length: n * size * size * 3 }, () => rng.int(256)), labels: Uint8Array.from({ length: n }, () => rng.int(k)), count: n };
}

async function snapshot(m: InspectableModel): Promise<Float32Array[]> {
  return Promise.all([...m.params.values()].map(async (v) => (await v.data()) as Float32Array));
}

describe('filter normalisation', () => {
  it('gives every filter of the direction the norm of the same filter of the weights (last axis = output channel)', () => {
    const rng = Rng.fromSeed(1);
    const shape = [3, 3, 4, 5];
    const size = shape.reduce((a, b) => a * b, 1);
    const w = Float32Array.from({ length: size }, () => rng.normal() * 0.3);
    const d = Float32Array.from({ length: size }, () => rng.normal());
    filterNormalize(d, w, 5);
    const norm = (a: Float32Array, f: number) => Math.sqrt(a.reduce((s, v, k) => (k % 5 === f ? s + v * v : s), 0));
    for (let f = 0; f < 5; f++) expect(norm(d, f)).toBeCloseTo(norm(w, f), 5);
  });

  it('draws seeded directions: conv and dense weights filter-normalised, biases and BN parameters zero', async () => {
    await useBackend('cpu');
    const m = createModel(tiny());
    const d = await randomDirection(m, 3, 'x');
    for (const [id, v] of m.params) {
      const dir = d.get(id)!;
      if (v.rank < 2) {
        expect(dir.every((x) => x === 0), id).toBe(true);
        continue;
      }
      const filters = v.shape[v.rank - 1]!;
      const w = (await v.data()) as Float32Array;
      for (let f = 0; f < filters; f++) {
        const n = (a: Float32Array) => Math.sqrt(a.reduce((s, x, k) => (k % filters === f ? s + x * x : s), 0));
        expect(n(dir), `${id} filter ${f}`).toBeCloseTo(n(w), 4);
      }
    }
    expect((await randomDirection(m, 3, 'x')).get('stem.conv.weight')).toEqual(d.get('stem.conv.weight'));
    expect((await randomDirection(m, 3, 'y')).get('stem.conv.weight')).not.toEqual(d.get('stem.conv.weight'));
    m.dispose();
  });
});

describe('the loss plane', () => {
  beforeAll(() => useBackend('cpu'));

  it('has at its centre the loss evaluate() computes separately, and puts the trained weights back exactly', async () => {
    const config = { ...presetConfig('resnet20', { seed: 4 }), blocksPerStage: 1, widths: [4, 8, 8], numClasses: 5 };
    const m = createModel(config);
    const set = byteSet(12, 32, 5);
    const { loss: separate } = await evaluate(m, set, { batchSize: 5 });
    const before = await snapshot(m);
    const x = normalizeBatch(set.images, Array.from({ length: 12 }, (_, i) => i));
    const batches = lossBatches(x, set.labels, 5);
    const plane = new LossPlane(m, await randomDirection(m, 1, 'x'), await randomDirection(m, 1, 'y'), batches);
    expect(await plane.lossAt(0, 0)).toBeCloseTo(separate, 5);
    const off = await plane.lossAt(0.5, -0.25);
    expect(off).not.toBeCloseTo(separate, 3);
    expect(await plane.lossAt(0, 0)).toBeCloseTo(separate, 5);
    plane.dispose();
    expect(await snapshot(m)).toEqual(before);
    for (const b of batches) {
      b.x.dispose();
      b.labels.dispose();
    }
    x.dispose();
    m.dispose();
  });

  it('computes every grid point of two nets, coarse level first, and frees every tensor', async () => {
    const nets = [createModel(tiny({ skips: 'none' })), createModel(tiny())];
    const x = randomBatch(2, 6, 4);
    const batches = lossBatches(x, [0, 1, 2, 0, 1, 2], 4);
    const seen: Array<{ net: number; i: number; j: number }> = [];
    const r = await computeLandscapes(nets, batches, { seed: 2, size: 5, span: 0.5, onPoint: (p) => seen.push(p) });
    expect(r.coords).toEqual([-0.5, -0.25, 0, 0.25, 0.5]);
    expect(seen).toHaveLength(50);
    expect(seen.slice(0, 18).every((p) => p.i % 2 === 0 && p.j % 2 === 0)).toBe(true);
    expect(r.losses.every((l) => l.every(Number.isFinite))).toBe(true);
    await expectNoLeak(() => computeLandscapes(nets, batches, { seed: 2, size: 3, span: 0.5 }));
    let calls = 0;
    const stopped = await computeLandscapes(nets, batches, { seed: 2, size: 5, span: 0.5, shouldStop: () => ++calls > 4 });
    expect(stopped.stopped).toBe(true);
    expect(stopped.losses[0]!.filter(Number.isFinite)).toHaveLength(2);
    for (const b of batches) {
      b.x.dispose();
      b.labels.dispose();
    }
    x.dispose();
    nets.forEach((n) => n.dispose());
  });

  it('works at any 6n+2 depth (ResNet-110 and plain-110 at random init, one point)', async () => {
    await useBackend('wasm');
    const nets = [createModel(presetConfig('plain110', { seed: 3 })), createModel(presetConfig('resnet110', { seed: 3 }))];
    const x = randomBatch(5, 2, 32);
    const batches = lossBatches(x, [1, 2]);
    const r = await computeLandscapes(nets, batches, { seed: 1, size: 3, span: 0.1, shouldStop: () => false });
    expect(r.losses.map((l) => l.filter(Number.isFinite).length)).toEqual([9, 9]);
    for (const b of batches) {
      b.x.dispose();
      b.labels.dispose();
    }
    x.dispose();
    nets.forEach((n) => n.dispose());
  });
});
