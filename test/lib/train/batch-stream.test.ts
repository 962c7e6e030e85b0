import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/random.ts';
import { BatchStream } from '../../../src/lib/train/batch-stream.ts';

const stream = (count: number, batch: number, seed = 1) => BatchStream.fromRng(count, batch, Rng.fromSeed(seed));
const take = (s: BatchStream, n: number) => Array.from({ length: n }, () => [...s.next()]);

describe('BatchStream', () => {
  it('keeps the last partial batch: 10 images in batches of 4 are batches of 4, 4 and 2, every image once per epoch', () => {
    const s = stream(10, 4);
    expect(s.stepsPerEpoch).toBe(3);
    for (let epoch = 0; epoch < 3; epoch++) {
      const batches = take(s, 3);
      expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
      expect(s.epochDone).toBe(true);
      expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });

  it('draws a new order each epoch, the same ones for the same seed', () => {
    const a = take(stream(50, 50), 3).map((b) => b.join());
    expect(new Set(a).size).toBe(3);
    expect(take(stream(50, 50), 3).map((b) => b.join())).toEqual(a);
    expect(take(stream(50, 50, 2), 1)[0]!.join()).not.toEqual(a[0]);
  });

  it('a batch larger than the set is the whole set, reshuffled each epoch', () => {
    const s = stream(5, 8);
    expect(s.stepsPerEpoch).toBe(1);
    const [first, second] = take(s, 2);
    expect([...first!].sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...second!].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('a stream rebuilt from its saved position continues with the same batches, wherever it was saved', () => {
    const reference = take(stream(10, 4), 10);
    for (let k = 0; k <= 9; k++) {
      const s = stream(10, 4);
      take(s, k);
      const resumed = new BatchStream(10, 4, s.position());
      expect(take(resumed, 10 - k)).toEqual(reference.slice(k));
    }
    // Closed with endEpoch (the trainer, at its epoch event), the position is the next epoch's start.
    const s = stream(10, 4);
    take(s, 3);
    s.endEpoch();
    expect(s.position().batchInEpoch).toBe(0);
    expect(take(new BatchStream(10, 4, s.position()), 3)).toEqual(reference.slice(3, 6));
  });

  it('says what is wrong with a position or an early endEpoch', () => {
    const s = stream(10, 4);
    s.next();
    expect(() => s.endEpoch()).toThrow(/not done: 1 of 3 batches/);
    expect(() => new BatchStream(10, 4, { shuffleState: s.position().shuffleState, batchInEpoch: 4 })).toThrow(/batch 4 does not fit an epoch of 3/);
    expect(() => stream(10, 0)).toThrow(/batch size must be a positive integer/);
  });
});
