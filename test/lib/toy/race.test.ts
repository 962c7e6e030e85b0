import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupBackend } from '../../../src/lib/backend/index.ts';
import { TOY_DEFAULTS, type ToyRaceSettings } from '../../../src/core/toy/race-config.ts';
import { createMlp } from '../../../src/lib/toy/mlp.ts';
import { ToyRace, type ToyEvent } from '../../../src/lib/toy/race.ts';

/** Mean loss of each net over read-backs from step `from` to `to`, stepping without yielding (steps, not seconds). */
async function meanLosses(race: ToyRace, from: number, to: number): Promise<number[]> {
  const sums = race.settings.nets.map(() => 0);
  let reads = 0;
  while (race.step < to) {
    race.advance();
    if (race.step % 10 === 0) {
      const l = await race.losses();
      if (race.step > from) {
        l.forEach((v, i) => (sums[i]! += v));
        reads += 1;
      }
    }
  }
  return sums.map((s) => s / reads);
}

describe('toy race', () => {
  beforeAll(async () => {
    // WASM, as the figure runs: the 30-layer nets are hundreds of small ops a step, which the CPU backend runs slowly.
    await setupBackend('wasm');
  });

  it('the 30-layer plain MLP trains worse than the 4-layer one and the 30-layer residual one (seed 1, mean over steps 40-60)', async () => {
    const race = new ToyRace(TOY_DEFAULTS);
    try {
      const [shallow, deepPlain, residual] = await meanLosses(race, 40, 60);
      expect(deepPlain).toBeGreaterThan(2 * shallow!);
      expect(deepPlain).toBeGreaterThan(2 * residual!);
    } finally {
      race.dispose();
    }
  }, 600_000);

  it('emits regions at step 0, losses every readEvery steps and regions every regionsEvery read-backs, then ends', async () => {
    const s: ToyRaceSettings = { ...TOY_DEFAULTS, nets: TOY_DEFAULTS.nets.map((n) => ({ ...n, depth: 4 })), gridSide: 4, readEvery: 2, regionsEvery: 2, maxSteps: 8 };
    const race = new ToyRace(s);
    const events: ToyEvent[] = [];
    try {
      await race.run((e) => events.push(e));
    } finally {
      race.dispose();
    }
    expect(events.map((e) => `${e.type}@${e.step}`)).toEqual([
      'regions@0', 'losses@2', 'losses@4', 'regions@4', 'losses@6', 'losses@8', 'regions@8', 'end@8',
    ]);
    const regions = events.find((e) => e.type === 'regions');
    expect(regions?.type === 'regions' && regions.probs.map((p) => p.length)).toEqual([16, 16, 16]);
  });

  it('pauses on stop() and continues from the same step', async () => {
    const s: ToyRaceSettings = { ...TOY_DEFAULTS, nets: [{ ...TOY_DEFAULTS.nets[0]! }], gridSide: 2, readEvery: 1, maxSteps: 6 };
    const race = new ToyRace(s);
    const ends: ToyEvent[] = [];
    try {
      await race.run((e) => {
        if (e.type === 'losses' && e.step === 3) race.stop();
        if (e.type === 'end') ends.push(e);
      });
      await race.run((e) => e.type === 'end' && ends.push(e));
    } finally {
      race.dispose();
    }
    expect(ends).toEqual([{ type: 'end', reason: 'paused', step: 3 }, { type: 'end', reason: 'completed', step: 6 }]);
  });

  it('gives equal weights for equal seeds and the residual blocks start as the identity', () => {
    const a = createMlp(TOY_DEFAULTS.nets[2]!, 8, 3);
    const b = createMlp(TOY_DEFAULTS.nets[2]!, 8, 3);
    try {
      const w = (m: typeof a, id: string) => m.params.get(id)!.dataSync();
      expect(w(a, 'layer5.weight')).toEqual(w(b, 'layer5.weight'));
      expect([...w(a, 'layer2.bn.weight')]).toEqual(new Array(8).fill(0));
      expect([...w(a, 'layer1.bn.weight')]).toEqual(new Array(8).fill(1));
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('rejects settings it cannot run, saying why', () => {
    expect(() => new ToyRace({ ...TOY_DEFAULTS, nets: [{ ...TOY_DEFAULTS.nets[2]!, depth: 7 }] })).toThrow(/depth must be even/);
    expect(() => new ToyRace({ ...TOY_DEFAULTS, batch: 1 })).toThrow(/batch of at least 2/);
  });

  it('leaks no tensors: a race run, paused, resumed and disposed leaves the tensor count unchanged', async () => {
    const s: ToyRaceSettings = { ...TOY_DEFAULTS, nets: TOY_DEFAULTS.nets.map((n) => ({ ...n, depth: 6 })), gridSide: 3, readEvery: 2, regionsEvery: 1, maxSteps: 6 };
    const once = async () => {
      const race = new ToyRace(s);
      try {
        await race.run((e) => e.type === 'losses' && e.step === 2 && race.stop());
        await race.run(() => undefined);
      } finally {
        race.dispose();
      }
    };
    await once();
    const before = tf.memory().numTensors;
    await once();
    expect(tf.memory().numTensors).toBe(before);
  });
});
