import { describe, expect, it } from 'vitest';
import { epochRows } from '../../../src/core/train/epoch-curves.ts';

describe('epochRows', () => {
  // 4 steps an epoch, points every 3 steps: the point at step 6 (epoch 1.5) covers steps 4-6, of which one is epoch 1's
  // in truth; a point is attributed whole to the epoch it ends in, as the run logged it.
  const train = [
    { step: 3, epoch: 0.75, loss: 2, error: 0.8 },
    { step: 4, epoch: 1, loss: 1.6, error: 0.6 },
    { step: 6, epoch: 1.5, loss: 1.2, error: 0.5 },
    { step: 8, epoch: 2, loss: 1, error: 0.4 },
    { step: 9, epoch: 2.25, loss: 0.9, error: 0.3 },
  ];
  const val = [{ epoch: 1, accuracy: 0.4 }, { epoch: 2, accuracy: 0.55 }];

  it('averages each epoch\'s training points weighted by the steps they cover, with the validation at its end', () => {
    const rows = epochRows({ train, val });
    expect(rows.map((r) => r.epoch)).toEqual([1, 2]);
    expect(rows[0]!.trainLoss).toBeCloseTo((2 * 3 + 1.6 * 1) / 4, 12);
    expect(rows[0]!.trainError).toBeCloseTo((0.8 * 3 + 0.6) / 4, 12);
    expect(rows[1]!.trainLoss).toBeCloseTo((1.2 * 2 + 1 * 2) / 4, 12);
    expect(rows.map((r) => r.valAccuracy)).toEqual([0.4, 0.55]);
  });

  it('leaves out a partial last epoch, and says null where an epoch has no validation point', () => {
    expect(epochRows({ train, val: [{ epoch: 2, accuracy: 0.5 }] }).map((r) => [r.epoch, r.valAccuracy])).toEqual([[1, null], [2, 0.5]]);
    expect(epochRows({ train: train.slice(0, 1), val: [] })).toEqual([]);
  });

  it('refuses points whose steps do not increase', () => {
    expect(() => epochRows({ train: [train[1]!, train[0]!], val })).toThrow(/increasing steps/);
  });
});
