import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageSet } from '../../../src/core/data/types.ts';
import { presetConfig, type ModelConfig } from '../../../src/core/model/index.ts';
import { Rng } from '../../../src/core/random.ts';
import { normalizeBatch } from '../../../src/lib/data/normalize.ts';
import { captureActivations, responseIds, responseStds } from '../../../src/lib/inspect/index.ts';
import { createModel } from '../../../src/lib/model/index.ts';
import { expectNoLeak, useBackend } from '../model/helpers.ts';

const small = (preset: string): ModelConfig => ({ ...presetConfig(preset), widths: [2, 4, 4], numClasses: 5, seed: 9 });

function imageSet(n: number): ImageSet {
  const rng = Rng.fromSeed(100 + n);
  return { images: Uint8Array.from({ length: n * 3072 }, () => rng.int(256)), labels: Uint8Array.from({ length: n }, () => rng.int(5)), count: n };
}

/** Population std of all the values, in doubles, two passes: the plain arithmetic the tfjs path is checked against. */
function plainStd(chunks: readonly Float32Array[]): number {
  let n = 0, sum = 0;
  for (const c of chunks) for (const v of c) { n++; sum += v; }
  const mean = sum / n;
  let ss = 0;
  for (const c of chunks) for (const v of c) ss += (v - mean) ** 2;
  return Math.sqrt(ss / n);
}

describe('Figure 7 over many images', () => {
  beforeAll(() => useBackend('wasm'));

  it('equals the std of the tapped responses computed with plain arithmetic, whatever the batch size', async () => {
    const m = createModel(small('resnet20'));
    const set = imageSet(7);
    const x = normalizeBatch(set.images, [0, 1, 2, 3, 4, 5, 6]);
    const acts = await captureActivations(m, x, responseIds(m));
    x.dispose();
    const expected = responseIds(m).map((id) => plainStd(acts.filter((a) => a.id === id).map((a) => a.data)));
    for (const batchSize of [3, 7]) {
      const stds = await responseStds(m, set, { limit: 7, batchSize });
      expect(stds.map((s) => s.id)).toEqual(responseIds(m));
      stds.forEach((s, i) => expect(s.std).toBeCloseTo(expected[i]!, 4));
    }
    m.dispose();
  });

  it('reports the stds after every batch, is depth-generic (ResNet-110: 109 layers), and does not leak', async () => {
    const m = createModel(small('resnet110'));
    const set = imageSet(4);
    const progress: Array<[number, number, number]> = [];
    const stds = await responseStds(m, set, { limit: 3, batchSize: 2, onBatch: (s, done, total) => progress.push([s.length, done, total]) });
    expect(stds).toHaveLength(109);
    expect(stds.at(-1)!.layer).toBe(109);
    expect(progress).toEqual([[109, 2, 3], [109, 3, 3]]);
    await expectNoLeak(() => responseStds(m, set, { limit: 2, batchSize: 1 }));
    await expect(responseStds(m, set, { limit: 0 })).rejects.toThrow(/Nothing to measure/);
    m.dispose();
  });

  it('stops when its signal is aborted', async () => {
    const m = createModel(small('plain20'));
    const stop = new AbortController();
    await expect(responseStds(m, imageSet(6), { limit: 6, batchSize: 2, signal: stop.signal, onBatch: () => stop.abort(new Error('stop here')) })).rejects.toThrow(/stop here/);
    m.dispose();
  });
});
