import { describe, expect, it } from 'vitest';
import { epochBatches, splitTrainValidation } from '../../../src/core/data/split.ts';
import { Rng } from '../../../src/core/random.ts';

describe('splitTrainValidation', () => {
  it('splits 50,000 into 45,000 + 5,000 disjoint, sorted indices covering everything', () => {
    const { train, validation } = splitTrainValidation(50_000, Rng.fromSeed(1));
    expect(train.length).toBe(45_000);
    expect(validation.length).toBe(5_000);
    const seen = new Uint8Array(50_000);
    for (const i of [...train, ...validation]) seen[i]!++;
    expect(seen.every((v) => v === 1)).toBe(true);
    expect(validation.every((v, k) => k === 0 || v > validation[k - 1]!)).toBe(true);
  });

  it('is a function of the seed: same seed same split, other seed other split', () => {
    const a = splitTrainValidation(1000, Rng.fromSeed(42), 100);
    const b = splitTrainValidation(1000, Rng.fromSeed(42), 100);
    const c = splitTrainValidation(1000, Rng.fromSeed(43), 100);
    expect(Array.from(a.validation)).toEqual(Array.from(b.validation));
    expect(Array.from(a.validation)).not.toEqual(Array.from(c.validation));
  });

  it('explains a validation size that does not fit', () => {
    expect(() => splitTrainValidation(10, Rng.fromSeed(1), 11)).toThrow(/validation size of 11 does not fit in 10 images/);
  });
});

describe('epochBatches', () => {
  it('visits every index once per epoch in seeded order, last batch short unless dropLast', () => {
    const indices = Uint32Array.from({ length: 10 }, (_, i) => 100 + i);
    const batches = [...epochBatches(indices, 4, Rng.fromSeed(3))];
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flatMap((b) => Array.from(b)).sort()).toEqual(Array.from(indices));
    const again = [...epochBatches(indices, 4, Rng.fromSeed(3))];
    expect(again.map((b) => Array.from(b))).toEqual(batches.map((b) => Array.from(b)));
    expect([...epochBatches(indices, 4, Rng.fromSeed(3), { dropLast: true })].length).toBe(2);
  });
});
